//! What the server log says about attacks, and what it never says: failed sign-ins, lock-outs and
//! refused cross-origin writes are logged; passwords, tokens and addresses are not.
use crate::helpers::*;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attacks_are_logged_without_secrets() {
    let capture = Capture::default();
    let writer = capture.clone();
    // Each test runs in its own process (nextest), so the global subscriber is this test's.
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .init();
    let app = TestApp::spawn().await;
    let secret = "my-secret-guess-12345";
    let c = client();
    for _ in 0..6 {
        app.login(&c, &app.admin_email, secret).await;
    }
    let evil = c
        .post(app.url("/api/auth/logout"))
        .header("origin", "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), reqwest::StatusCode::FORBIDDEN);
    let r = app.call(&client(), "auth/forgot", &[("email", &app.admin_email)]).await;
    assert!(r.status.is_success());
    let token = app.mailed_token(&app.admin_email, "/password/reset/").await;
    app.call(&client(), "auth/reset", &[("token", &token), ("password", "another fine password 9")]).await;
    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(log.matches("sign-in failed").count() >= 5, "{log}");
    assert!(log.contains("sign-in refused: too many attempts"), "{log}");
    assert!(log.contains("cross-origin write refused"), "{log}");
    for never in [secret, token.as_str(), app.admin_email.as_str(), "another fine password 9"] {
        assert!(!log.contains(never), "the log holds {never:?}:\n{log}");
    }
}
