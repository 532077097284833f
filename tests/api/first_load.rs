//! What a first visit costs: compressed pages, precompressed and immutable static files under hashed
//! names, and a fixed number of database round-trips per signed-in page.
use crate::helpers::*;
use reqwest::StatusCode;
use tessera_server::RouterConfig;

/// A built site as `scripts/site.sh` leaves it, in miniature.
fn site() -> tempfile_dir::Dir {
    let dir = tempfile_dir::Dir::new();
    let pkg = dir.path().join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("tessera.0123abcd.wasm"), b"\0asm plain").unwrap();
    std::fs::write(pkg.join("tessera.0123abcd.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(pkg.join("tessera.0123abcd.wasm.gz"), b"gzip bytes").unwrap();
    std::fs::write(pkg.join("tessera.4567cdef.css"), b"body{}").unwrap();
    std::fs::write(dir.path().join("favicon.svg"), b"<svg/>").unwrap();
    std::fs::write(
        dir.path().join("assets.txt"),
        "js=/pkg/tessera.89abef01.js\nwasm=/pkg/tessera.0123abcd.wasm\ncss=/pkg/tessera.4567cdef.css\n",
    )
    .unwrap();
    dir
}

/// A throw-away directory (removed on drop), without another dependency.
mod tempfile_dir {
    pub struct Dir(std::path::PathBuf);
    impl Dir {
        pub fn new() -> Dir {
            let p = std::env::temp_dir().join(format!("tessera-site-{}-{}", std::process::id(), super::unique("")));
            std::fs::create_dir_all(&p).unwrap();
            Dir(p)
        }
        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bundle_is_served_precompressed_under_hashed_names_and_cached_for_good() {
    let site = site();
    let app = TestApp::spawn_config(RouterConfig::default(), Some(site.path())).await;
    let get = |path: &'static str, accept: &'static str| {
        let url = app.url(path);
        async move { client().get(url).header("accept-encoding", accept).send().await.unwrap() }
    };
    let br = get("/pkg/tessera.0123abcd.wasm", "gzip, deflate, br").await;
    assert_eq!(br.status(), StatusCode::OK);
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["content-type"], "application/wasm");
    assert_eq!(br.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli bytes");
    let gz = get("/pkg/tessera.0123abcd.wasm", "gzip").await;
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.bytes().await.unwrap().as_ref(), b"gzip bytes");
    // A missing bundle file is a plain 404, never cached.
    let missing = get("/pkg/tessera.ffffffff.wasm", "br").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.headers().get("cache-control").is_none());
    // Other site files are served too, without the immutable promise.
    let icon = get("/favicon.svg", "identity").await;
    assert_eq!(icon.status(), StatusCode::OK);
    assert!(icon.headers().get("cache-control").is_none());
    // A page links the hashed names and loads the WebAssembly through its nonce'd module script.
    let (status, html) = app.get(&client(), "/login").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"href="/pkg/tessera.4567cdef.css""#), "{html}");
    assert!(html.contains(r#"href="/pkg/tessera.89abef01.js""#), "{html}");
    assert!(html.contains("module_or_path:'/pkg/tessera.0123abcd.wasm'"), "{html}");
    // An unknown path still renders the application's own 404 page.
    let (status, html) = app.get(&client(), "/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("<h1"), "{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_json_are_compressed_for_browsers_that_accept_it() {
    let app = TestApp::spawn().await;
    let page = client().get(app.url("/login")).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["content-encoding"], "br");
    app.programme().await;
    let plain = client().get(app.url("/login")).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none(), "no encoding unless asked for");
    let json = app.admin.post(app.url("/api/programmes/list")).header("accept-encoding", "gzip").send().await.unwrap();
    assert_eq!(json.status(), StatusCode::OK);
    assert_eq!(json.headers()["content-encoding"], "gzip");
}

/// The interface strings travel once per language as a cached file, not inside every page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalogue_is_a_file_of_its_own_cached_for_good() {
    let app = TestApp::spawn().await;
    let (_, page) = app.get(&client(), "/login").await;
    assert!(!page.contains("auth.sign_in_title"), "no catalogue inside the page");
    let at = page.find("fetch('/i18n/en.").expect("the hydration script fetches the catalogue") + "fetch('".len();
    let path = &page[at..at + page[at..].find('\'').unwrap()];
    let file = client().get(app.url(path)).send().await.unwrap();
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["cache-control"], "public, max-age=31536000, immutable");
    let entries: Vec<(String, String)> = file.json().await.unwrap();
    let en = &entries.iter().find(|(c, _)| c == "en").unwrap().1;
    assert!(en.contains("\nauth.sign_in_title = Sign in"), "the page language's strings");
    let fr = &entries.iter().find(|(c, _)| c == "fr").unwrap().1;
    assert!(fr.contains("@name = Français") && !fr.contains("auth.sign_in_title"), "other languages' names only");
    // In French, another file.
    let fr_page =
        client().get(app.url("/login")).header("cookie", "tessera_lang=fr").send().await.unwrap().text().await.unwrap();
    assert!(fr_page.contains("fetch('/i18n/fr."), "{fr_page}");
    assert_eq!(
        client().get(app.url("/i18n/en.0000000000000000.json")).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

/// The round-trips one request makes, read from the app's own counter.
async fn round_trips(app: &TestApp, c: &reqwest::Client, path: &str) -> u64 {
    let before = app::backend::Db::round_trips();
    let (status, body) = app.get(c, path).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    app::backend::Db::round_trips() - before
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_in_pages_load_the_person_once_and_do_not_grow_with_their_rows() {
    let app =
        TestApp::spawn_config(RouterConfig { secure_cookies: false, metrics: true, ..Default::default() }, None).await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let overview = format!("/programmes/{p}");
    // Cold: the person once (with the session), that the programme exists (an admin has no membership
    // saying so), the programme with its counts and work packages once.
    assert_eq!(round_trips(&app, &app.admin, &overview).await, 3);
    // Warm: both come from the read caches.
    assert_eq!(round_trips(&app, &app.admin, &overview).await, 0);
    // Any write empties them: the next read goes to the database again.
    let r = app.invite(&app.admin, &p, &format!("{}@test.example", unique("cache-")), "observer", "").await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!(round_trips(&app, &app.admin, &overview).await, 3);
    let sections =
        [format!("/programmes/{p}/jurisdictions"), format!("/programmes/{p}/people"), format!("/programmes/{p}/audit")];
    let mut before = vec![];
    for path in &sections {
        round_trips(&app, &app.admin, path).await;
        before.push(round_trips(&app, &app.admin, path).await);
    }
    // Forty more jurisdictions, people and audit entries: the same number of round-trips.
    let rows: String = (0..40).map(|i| format!("M{i},Town {i},local,R\n")).collect();
    let r = app.import_jurisdictions(&app.admin, &p, &format!("code,name,level,parent_code\n{rows}")).await;
    assert!(r.status.is_success(), "{}", r.body);
    for i in 0..5 {
        let r =
            app.invite(&app.admin, &p, &format!("{}@test.example", unique(&format!("p{i}-"))), "observer", "").await;
        assert!(r.status.is_success(), "{}", r.body);
    }
    for (path, n) in sections.iter().zip(before) {
        assert!(n <= 2, "{path} makes {n} round-trips when warm");
        let cold = round_trips(&app, &app.admin, path).await;
        assert!(cold <= 4, "{path} cold: {cold}");
        assert_eq!(round_trips(&app, &app.admin, path).await, n, "{path}");
    }
    // The relationship map around one organisation: the organisation from the register's snapshot,
    // the edges from theirs, so nothing once warm.
    let org = app.organisation(&p).await;
    let map = format!("/programmes/{p}/relations?focus={org}");
    round_trips(&app, &app.admin, &map).await;
    assert_eq!(round_trips(&app, &app.admin, &map).await, 0, "{map} when warm");
    // The counter is what /metrics reports.
    let (status, metrics) = app.get(&client(), "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    let reported: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("tessera_db_round_trips_total "))
        .and_then(|v| v.parse().ok())
        .expect("counter line");
    assert!(reported >= 2 && reported <= app::backend::Db::round_trips());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_a_page_writes_as_inert_markup_is_not_sent_again_for_hydration() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let (status, html) = app.get(&app.admin, &format!("/programmes/{p}")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    // The page's resources, as the hydration scripts carry them.
    let data: String = html
        .split("<script")
        .filter_map(|s| s.split_once("</script>").map(|(script, _)| script))
        .filter(|s| s.contains("__RESOLVED_RESOURCES["))
        .collect();
    let wp2 = "Multilevel governance and multi-stakeholder coordination";
    assert!(html.contains(wp2), "the work packages are in the page");
    assert!(!data.contains(wp2), "and not in its hydration data");
    assert!(data.contains("consultation_overdue"), "the rest of the overview is");
    // The server function's answer, from which the browser builds the page when it navigates there,
    // keeps them.
    let o = app.call(&app.admin, "programmes/get", &[("id", p.as_str())]).await.body;
    let wps = o["work_packages"].as_array().expect("work packages");
    assert_eq!(wps.len(), 5);
    assert!(wps[2]["title"]["en"].as_str().unwrap().starts_with(wp2));
}
