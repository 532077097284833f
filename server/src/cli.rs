//! The `tessera` command line.
use app::backend::auth::password::HashParams;
use app::backend::db::{self, Credentials};
use app::backend::{service, AppState, Settings};
use clap::{Args, Parser, Subcommand};
use leptos::config::{Env, LeptosOptions};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "tessera", version, about = "Multilevel governance and stakeholder consultation platform")]
pub struct Cli {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Clone)]
pub struct DbArgs {
    /// Database: `surrealkv://PATH` (embedded, default), `mem://` (throw-away), or `ws://HOST:PORT`
    /// (a SurrealDB server or cluster; credentials from TESSERA_DB_USER / TESSERA_DB_PASS).
    #[arg(long = "db", env = "TESSERA_DB", default_value = "surrealkv://data/tessera?sync=every", global = true)]
    pub url: String,
    /// Embedded store: written data held in memory before a flush, in MiB (also bounds the largest
    /// transaction, such as one import).
    #[arg(long = "db-memtable-mib", env = "TESSERA_DB_MEMTABLE_MIB", default_value_t = db::Memory::default().memtable_mib, global = true)]
    pub memtable_mib: u64,
    /// Embedded store: table-file blocks cached for reads, in MiB.
    #[arg(long = "db-cache-mib", env = "TESSERA_DB_CACHE_MIB", default_value_t = db::Memory::default().cache_mib, global = true)]
    pub cache_mib: u64,
}

impl DbArgs {
    fn memory(&self) -> db::Memory {
        db::Memory { memtable_mib: self.memtable_mib.max(8), cache_mib: self.cache_mib.max(8) }
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// Migrate and serve the platform.
    Serve(ServeArgs),
    /// Apply pending schema migrations and exit.
    Migrate,
    /// Load the demo programme (idempotent) and print the demo logins.
    SeedDemo,
    /// Create a platform administrator. The password is read from TESSERA_ADMIN_PASSWORD.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Write a complete logical backup (all programmes, or one) to a JSON file.
    Export {
        #[arg(long)]
        out: PathBuf,
        /// Only this programme (its id) and the people in it.
        #[arg(long)]
        programme: Option<String>,
    },
    /// Restore a backup written by `export` into an empty, migrated database.
    Import {
        #[arg(long = "in")]
        input: PathBuf,
    },
}

#[derive(Args, Clone)]
pub struct ServeArgs {
    #[arg(long, env = "TESSERA_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Where the built site (pkg/ with wasm, js, css) is served from.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Public base URL for links in mail.
    #[arg(long, env = "TESSERA_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// SMTP server, e.g. smtp://user:pass@mail.example.org:587; without it invitation links are shown to the inviter.
    #[arg(long, env = "TESSERA_SMTP_URL")]
    pub smtp_url: Option<String>,
    #[arg(long, env = "TESSERA_MAIL_FROM", default_value = "tessera@localhost")]
    pub mail_from: String,
    /// Send mail without TLS (only for a relay on the same machine or in a test). Without it, an
    /// `smtp://` server must offer STARTTLS and `smtps://` uses TLS from the start.
    #[arg(long, env = "TESSERA_SMTP_ALLOW_PLAINTEXT")]
    pub smtp_allow_plaintext: bool,
    /// Development mode: cookies without `Secure` (plain http on localhost).
    #[arg(long, env = "TESSERA_DEV")]
    pub dev: bool,
    /// A reverse proxy in front of Tessera (repeatable): only its `X-Forwarded-For` is believed for
    /// the client address that sign-in and reset limits count by.
    #[arg(long = "trusted-proxy", env = "TESSERA_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Answer `/metrics` (database round-trips; for operators and the benchmark).
    #[arg(long, env = "TESSERA_METRICS")]
    pub metrics: bool,
    /// Load the demo programme at start.
    #[arg(long, env = "TESSERA_DEMO")]
    pub demo: bool,
    /// Argon2id memory in KiB (OWASP default 19456).
    #[arg(long, env = "TESSERA_ARGON2_MEMORY_KIB", default_value_t = HashParams::PRODUCTION.memory_kib)]
    pub argon2_memory_kib: u32,
    #[arg(long, env = "TESSERA_ARGON2_ITERATIONS", default_value_t = HashParams::PRODUCTION.iterations)]
    pub argon2_iterations: u32,
}

/// Credentials for a remote server, from the environment (never from flags, which `ps` shows).
fn credentials() -> Option<Credentials> {
    match (std::env::var("TESSERA_DB_USER"), std::env::var("TESSERA_DB_PASS")) {
        (Ok(username), Ok(password)) => Some(Credentials { username, password }),
        _ => None,
    }
}

/// Connects and brings the schema up to date.
pub async fn connect(args: &DbArgs) -> anyhow::Result<db::Db> {
    let db = db::connect_with(&args.url, credentials(), args.memory()).await?;
    db::migrate(&db).await?;
    Ok(db)
}

fn default_settings(public_url: String) -> Settings {
    Settings {
        public_url,
        token_ttl: Duration::from_secs(72 * 3600),
        smtp_url: None,
        smtp_allow_plaintext: false,
        mail_from: "tessera@localhost".into(),
        trusted_proxies: vec![],
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => serve(&cli.db, args).await,
        Command::Migrate => {
            let db = db::connect_with(&cli.db.url, credentials(), cli.db.memory()).await?;
            let applied = db::migrate(&db).await?;
            println!("schema at version {} (applied now: {applied:?})", db::latest_version());
            Ok(())
        }
        Command::SeedDemo => {
            let state = AppState::new(
                connect(&cli.db).await?,
                HashParams::PRODUCTION,
                default_settings("http://127.0.0.1:3000".into()),
            )?;
            seed_demo(&state).await
        }
        Command::CreateAdmin { email, name } => {
            let password = std::env::var("TESSERA_ADMIN_PASSWORD")
                .map_err(|_| anyhow::anyhow!("set TESSERA_ADMIN_PASSWORD to the new admin's password"))?;
            let state =
                AppState::new(connect(&cli.db).await?, HashParams::PRODUCTION, default_settings(String::new()))?;
            let id = service::accounts::create_admin(&state, &email, &name, &password)
                .await
                .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            println!("admin {email} created (user:{id})");
            Ok(())
        }
        Command::Export { out, programme } => {
            let db = connect(&cli.db).await?;
            let backup = service::backup::export(&db, programme.as_deref()).await?;
            let rows: usize = backup.tables.iter().map(|(_, r)| r.len()).sum();
            std::fs::write(&out, serde_json::to_vec(&backup)?)?;
            println!("wrote {rows} records to {}", out.display());
            Ok(())
        }
        Command::Import { input } => {
            let db = connect(&cli.db).await?;
            let backup = serde_json::from_slice(&std::fs::read(&input)?)?;
            let n = service::backup::import(&db, backup).await?;
            println!("restored {n} records from {}", input.display());
            Ok(())
        }
    }
}

fn describe(e: &app::error::AppError) -> String {
    match e {
        app::error::AppError::Validation { fields } => {
            fields.iter().map(|f| format!("{}: {}", f.field, f.code)).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

async fn seed_demo(state: &AppState) -> anyhow::Result<()> {
    let report = service::demo::seed(state).await.map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
    println!(
        "{} demo programme \"{}\"",
        if report.created { "created" } else { "found" },
        service::demo::PROGRAMME_NAME
    );
    println!("demo logins (e-mail / password):");
    for (email, _, role, password) in service::demo::DEMO_USERS {
        println!("  {role:<12} {email:<32} {password}");
    }
    Ok(())
}

pub async fn serve(db_args: &DbArgs, args: ServeArgs) -> anyhow::Result<()> {
    if args.demo && !args.dev {
        anyhow::bail!(
            "--demo creates accounts whose passwords the README publishes; it runs only with --dev \
             (plain http on this machine), never in production"
        );
    }
    let db = connect(db_args).await?;
    let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{}", args.addr));
    let settings = Settings {
        public_url,
        token_ttl: Duration::from_secs(72 * 3600),
        smtp_url: args.smtp_url.clone(),
        smtp_allow_plaintext: args.smtp_allow_plaintext,
        mail_from: args.mail_from.clone(),
        trusted_proxies: args.trusted_proxies.clone(),
    };
    let hash = HashParams { memory_kib: args.argon2_memory_kib, iterations: args.argon2_iterations, parallelism: 1 };
    let mut state = AppState::new(db, hash, settings)?;
    state.assets = std::sync::Arc::new(app::backend::assets::Assets::load(std::path::Path::new(&args.site_root))?);
    if args.demo {
        seed_demo(&state).await?;
    }
    tokio::spawn(service::mail::run_sender(state.clone()));
    tokio::spawn(delete_expired_sessions(state.db.clone()));
    let options = LeptosOptions::builder()
        .output_name("tessera")
        .site_root(args.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(args.addr)
        .env(if args.dev { Env::DEV } else { Env::PROD })
        .build();
    let router = crate::build_router(
        state,
        options,
        crate::RouterConfig { secure_cookies: !args.dev, metrics: args.metrics, ..Default::default() },
    );
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    println!("Tessera is listening on http://{}", listener.local_addr()?);
    crate::serve::serve(listener, router, crate::serve::HEADER_READ_TIMEOUT, shutdown_signal()).await?;
    println!("Tessera stopped");
    Ok(())
}

/// Removes expired sessions every hour (expired ones are already refused when loaded).
async fn delete_expired_sessions(db: db::Db) {
    use tower_sessions::session_store::ExpiredDeletion;
    let store = app::backend::auth::session_store::SurrealSessionStore::new(db);
    loop {
        if let Err(e) = store.delete_expired().await {
            tracing::warn!(error = %e, "could not delete expired sessions");
        }
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}

/// Resolves on SIGINT or SIGTERM; in-flight requests finish, new ones are refused.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
