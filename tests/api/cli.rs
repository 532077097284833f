//! The `tessera` binary itself: defaults, start and graceful stop, and the backup commands.
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_tessera");

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tessera-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn tessera(db: &str, args: &[&str]) -> String {
    let out = Command::new(BIN).arg("--db").arg(db).args(args).output().expect("run tessera");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "tessera {args:?} failed: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

#[test]
fn the_default_database_is_embedded_and_durable() {
    use clap::Parser;
    let cli = tessera_server::cli::Cli::try_parse_from(["tessera", "migrate"]).unwrap();
    assert!(cli.db.url.starts_with("surrealkv://"), "{}", cli.db.url);
    assert!(cli.db.url.ends_with("?sync=every"), "writes are fsynced on every commit: {}", cli.db.url);
}

#[test]
fn serve_answers_then_stops_cleanly_on_sigterm() {
    let mut child = Command::new(BIN)
        .args(["--db", "mem://", "serve", "--addr", "127.0.0.1:0", "--dev"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("Tessera is listening on ").map(str::to_string))
        .expect("listening line");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (health, ready) = rt.block_on(async {
        let c = reqwest::Client::new();
        (
            c.get(format!("{addr}/healthz")).send().await.unwrap().status(),
            c.get(format!("{addr}/readyz")).send().await.unwrap().status(),
        )
    });
    assert_eq!((health.as_u16(), ready.as_u16()), (200, 200));
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert!(status.success(), "graceful shutdown exits 0: {status}");
    assert!(lines.map_while(Result::ok).any(|l| l == "Tessera stopped"));
}

#[test]
fn export_and_import_through_the_command_line() {
    let dir = scratch("backup");
    let a = format!("surrealkv://{}", dir.join("a").display());
    let b = format!("surrealkv://{}", dir.join("b").display());
    let seeded = tessera(&a, &["seed-demo"]);
    assert!(seeded.contains("admin@demo.tessera.eu"), "{seeded}");
    let admin = Command::new(BIN)
        .args(["--db", &a, "create-admin", "--email", "ops@example.org", "--name", "Ops"])
        .env("TESSERA_ADMIN_PASSWORD", "short")
        .output()
        .unwrap();
    assert!(!admin.status.success(), "the password policy applies to create-admin too");
    let first = dir.join("first.json");
    let second = dir.join("second.json");
    tessera(&a, &["export", "--out", first.to_str().unwrap()]);
    let restored = tessera(&b, &["import", "--in", first.to_str().unwrap()]);
    assert!(restored.starts_with("restored "), "{restored}");
    tessera(&b, &["export", "--out", second.to_str().unwrap()]);
    let json = |p: &PathBuf| serde_json::from_slice::<serde_json::Value>(&std::fs::read(p).unwrap()).unwrap();
    assert_eq!(json(&first), json(&second), "the restored database exports the same backup");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_demo_with_its_published_passwords_runs_only_in_development() {
    let out = Command::new(BIN).args(["--db", "mem://", "serve", "--addr", "127.0.0.1:0", "--demo"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--demo"), "{}", String::from_utf8_lossy(&out.stderr));
}
