use app::backend::auth::password::HashParams;
use app::backend::repo::{memberships as repo_memberships, outbox as repo_outbox, users as repo_users};
use app::backend::{db, AppState, Settings};
use app::domain::Role;
use leptos::config::LeptosOptions;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// The longest a request may take in tests: the unoptimised test build imports 10 000 rows several
/// times slower than the release build, for which the production limit (30 s) is set.
pub const TEST_REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// The header-read timeout of test servers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_millis(700);

pub const PASSWORD: &str = "integration-test-password";

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub admin: Client,
    pub admin_email: String,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

pub fn unique(prefix: &str) -> String {
    format!("{prefix}{}", COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// A browser-like client: cookies kept, redirects not followed. It drops a kept-alive connection
/// well before the test server's header-read timeout closes it, so that a request never races the
/// server's close on a loaded machine.
pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_idle_timeout(HEADER_READ_TIMEOUT / 3)
        .build()
        .expect("client")
}

/// The result of a call: status and JSON body (Null when the body is not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body.get("code").and_then(Value::as_str).unwrap_or("")
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(false).await
    }

    pub async fn spawn_with(secure_cookies: bool) -> TestApp {
        let config = tessera_server::RouterConfig {
            secure_cookies,
            request_timeout: TEST_REQUEST_TIMEOUT,
            ..Default::default()
        };
        TestApp::spawn_config(config, None).await
    }

    /// With `secure_cookies` the session cookie carries `Secure`, as outside dev mode; with a site root,
    /// static files and the hashed bundle names come from there, as `serve --site-root` does.
    pub async fn spawn_config(config: tessera_server::RouterConfig, site_root: Option<&std::path::Path>) -> TestApp {
        TestApp::spawn_on("mem://", vec![], config, site_root).await
    }

    /// On the database at `db_url` (a `surrealkv://` directory, to read its files), believing
    /// `X-Forwarded-For` from `trusted_proxies`.
    pub async fn spawn_on(
        db_url: &str,
        trusted_proxies: Vec<std::net::IpAddr>,
        config: tessera_server::RouterConfig,
        site_root: Option<&std::path::Path>,
    ) -> TestApp {
        TestApp::spawn_with_memory(db_url, db::Memory::default(), trusted_proxies, config, site_root).await
    }

    /// As [`TestApp::spawn_on`], with the embedded store's memory bounded by `memory`.
    pub async fn spawn_with_memory(
        db_url: &str,
        memory: db::Memory,
        trusted_proxies: Vec<std::net::IpAddr>,
        config: tessera_server::RouterConfig,
        site_root: Option<&std::path::Path>,
    ) -> TestApp {
        let db = db::connect_with(db_url, None, memory).await.expect("db");
        db::migrate(&db).await.expect("migrate");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let settings = Settings {
            public_url: format!("http://{addr}"),
            token_ttl: Duration::from_secs(3600),
            smtp_url: None,
            smtp_allow_plaintext: false,
            mail_from: "test@localhost".into(),
            trusted_proxies,
        };
        let mut state = AppState::new(db, HashParams::TEST, settings).expect("state");
        let options = LeptosOptions::builder().output_name("tessera").site_addr(addr);
        let options = match site_root {
            Some(root) => {
                state.assets = std::sync::Arc::new(app::backend::assets::Assets::load(root).expect("assets"));
                options.site_root(root.to_string_lossy().to_string()).build()
            }
            None => options.build(),
        };
        let router = tessera_server::build_router(state.clone(), options, config);
        // The production accept loop, with a short header-read timeout so a test can see it.
        tokio::spawn(async move {
            tessera_server::serve::serve(listener, router, HEADER_READ_TIMEOUT, std::future::pending())
                .await
                .expect("serve")
        });
        let admin_email = format!("{}@test.example", unique("admin"));
        let app = TestApp {
            base: format!("http://{addr}"),
            state: state.clone(),
            admin: client(),
            admin_email: admin_email.clone(),
        };
        app::backend::service::accounts::create_admin(&state, &admin_email, "Admin", PASSWORD).await.expect("admin");
        app.login(&app.admin, &admin_email, PASSWORD).await;
        app
    }

    /// The token of the last link mailed to `email` whose path contains `marker` (`/invitation/`,
    /// `/password/reset/`).
    pub async fn mailed_token(&self, email: &str, marker: &str) -> String {
        let mail = repo_outbox::latest_mail_to(&self.state.db, email).await.unwrap().expect("a mail");
        let link = mail.body.split_whitespace().find(|w| w.contains(marker)).expect("a link in the mail");
        link.rsplit('/').next().unwrap().to_string()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Calls a server function as a script would (form-encoded POST, JSON back).
    pub async fn call(&self, client: &Client, endpoint: &str, form: &[(&str, &str)]) -> Reply {
        let res = client.post(self.url(&format!("/api/{endpoint}"))).form(form).send().await.expect("request");
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        Reply { status, body: serde_json::from_str(&text).unwrap_or(Value::Null), headers }
    }

    /// Posts a file to a register's import as a script would (multipart, JSON back).
    pub async fn import(&self, client: &Client, programme: &str, register: &str, name: &str, bytes: Vec<u8>) -> Reply {
        let form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()));
        let res = client
            .post(self.url(&format!("/programmes/{programme}/import/{register}")))
            .header("accept", "application/json")
            .multipart(form)
            .send()
            .await
            .expect("request");
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        Reply { status, body: serde_json::from_str(&text).unwrap_or(Value::Null), headers }
    }

    /// Imports CSV text into a programme's jurisdiction tree.
    pub async fn import_jurisdictions(&self, client: &Client, programme: &str, csv: &str) -> Reply {
        self.import(client, programme, "jurisdictions", "tree.csv", csv.as_bytes().to_vec()).await
    }

    pub async fn get(&self, client: &Client, path: &str) -> (StatusCode, String) {
        let res = client.get(self.url(path)).send().await.expect("request");
        let status = res.status();
        (status, res.text().await.unwrap_or_default())
    }

    /// Invites `email` into `programme` with `role` (and, for officials, a jurisdiction code).
    pub async fn invite(&self, client: &Client, programme: &str, email: &str, role: &str, jurisdiction: &str) -> Reply {
        let form = [
            ("programme_id", programme),
            ("email", email),
            ("role", role),
            ("jurisdiction_code", jurisdiction),
            ("organisation", ""),
        ];
        self.call(client, "people/invite", &form).await
    }

    pub async fn login(&self, client: &Client, email: &str, password: &str) -> Reply {
        self.call(client, "auth/login", &[("email", email), ("password", password)]).await
    }

    /// A new programme created by the admin; returns its id.
    pub async fn programme(&self) -> String {
        let name = unique("Programme ");
        let r = self
            .call(
                &self.admin,
                "programmes/create",
                &[("name", &name), ("country", "XA"), ("languages", "en, fr"), ("periods", "2026-H1")],
            )
            .await;
        assert!(r.status.is_success(), "create programme: {} {}", r.status, r.body);
        let location = r.headers.get("location").expect("redirect").to_str().unwrap();
        location.trim_start_matches("/programmes/").to_string()
    }

    /// A person with `role` in `programme` (scoped to the first regional jurisdiction for officials, to a
    /// new organisation for members), signed in; returns the client and the e-mail.
    pub async fn actor(&self, role: Role, programme: &str) -> (Client, String) {
        let c = client();
        if role == Role::Admin {
            let email = format!("{}@test.example", unique("admin"));
            app::backend::service::accounts::create_admin(&self.state, &email, "Other admin", PASSWORD)
                .await
                .expect("admin");
            self.login(&c, &email, PASSWORD).await;
            return (c, email);
        }
        let email = format!("{}@test.example", unique(role.as_str()));
        let hash = self.state.hasher.hash(PASSWORD).unwrap();
        let id = repo_users::create_user(&self.state.db, &email, role.as_str(), &hash, false).await.unwrap();
        let jurisdiction = if role == Role::Official { Some(self.ensure_region(programme).await) } else { None };
        let organisation = if role == Role::Member { Some(self.organisation(programme).await) } else { None };
        repo_memberships::add_membership(&self.state.db, &id, programme, role.as_str(), jurisdiction, organisation)
            .await
            .unwrap();
        let r = self.login(&c, &email, PASSWORD).await;
        assert!(r.status.is_success(), "login {role}: {}", r.status);
        (c, email)
    }

    /// The id of region `R` under national `N` (created on first use).
    pub async fn ensure_region(&self, programme: &str) -> String {
        if let Some(j) = app::backend::repo::jurisdictions::by_code(&self.state.db, programme, "R").await.unwrap() {
            return j.id;
        }
        let csv = "code,name,level,parent_code\nN,Nation,national,\nR,Region,regional,N\n";
        let r = self.import_jurisdictions(&self.admin, programme, csv).await;
        assert!(r.status.is_success(), "{}", r.body);
        app::backend::repo::jurisdictions::by_code(&self.state.db, programme, "R").await.unwrap().unwrap().id
    }

    pub async fn organisation(&self, programme: &str) -> String {
        let name = unique("Org ");
        let new = app::backend::repo::organisations::NewOrganisation {
            name: &name,
            kind: "cso",
            jurisdiction_id: None,
            migrant_led: false,
        };
        app::backend::repo::organisations::create(&self.state.db, programme, new).await.unwrap()
    }
}

/// Every row of a list, following `next` from the first page; also returns the totals seen.
pub async fn all_pages(
    app: &TestApp,
    c: &reqwest::Client,
    endpoint: &str,
    args: &[(&str, &str)],
    rows_at: &[&str],
    key: &str,
) -> (Vec<String>, Vec<u64>) {
    let mut seen = vec![];
    let mut totals = vec![];
    let mut after = String::new();
    for _ in 0..100 {
        let mut form = args.to_vec();
        form.push(("query[after]", &after));
        let r = app.call(c, endpoint, &form).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let mut page = &r.body;
        for k in rows_at {
            page = &page[*k];
        }
        totals.push(page["total"].as_u64().unwrap());
        for row in page["rows"].as_array().unwrap() {
            seen.push(row[key].as_str().unwrap_or("").to_string());
        }
        match page["next"].as_str() {
            Some(next) => after = next.to_string(),
            None => return (seen, totals),
        }
    }
    panic!("more than 100 pages");
}
