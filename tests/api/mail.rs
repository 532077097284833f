//! Mail against a real SMTP server on loopback (Debian's python3-aiosmtpd): links arrive live and
//! the outbox keeps none; TLS is required unless allowed off; a message that cannot go is given up
//! after a few attempts without holding the others back.
use crate::helpers::*;
use app::backend::repo::outbox as repo_outbox;
use app::backend::service::mail;
use reqwest::StatusCode;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

const SERVER: &str = r#"
import email, sys, time
from aiosmtpd.controller import Controller
class Handler:
    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.content)
        body = msg.get_payload(decode=True).decode(msg.get_content_charset() or "utf-8")
        print("TO " + envelope.rcpt_tos[0])
        print(body)
        print("END-OF-MESSAGE", flush=True)
        return "250 OK"
controller = Controller(Handler(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("READY", flush=True)
while True:
    time.sleep(3600)
"#;

struct Smtp {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn smtp_server() -> Smtp {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = Command::new("/usr/bin/python3")
        .args(["-u", "-c", SERVER, &port.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 with aiosmtpd (scripts/setup.sh test installs python3-aiosmtpd)");
    let (tx, lines) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let ready = lines.recv_timeout(std::time::Duration::from_secs(20)).expect("the SMTP server starts");
    assert_eq!(ready, "READY");
    Smtp { child, port, lines }
}

fn with_smtp(app: &TestApp, url: String, allow_plaintext: bool) -> app::backend::AppState {
    let mut state = app.state.clone();
    let mut settings = (*state.settings).clone();
    settings.smtp_url = Some(url);
    settings.smtp_allow_plaintext = allow_plaintext;
    state.settings = std::sync::Arc::new(settings);
    state
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_link_arrives_by_smtp_works_and_the_outbox_keeps_no_usable_copy() {
    let smtp = smtp_server();
    let app = TestApp::spawn().await;
    let r = app.call(&client(), "auth/forgot", &[("email", &app.admin_email)]).await;
    assert_eq!(r.status, StatusCode::OK);
    // Without --smtp-allow-plaintext, a server without STARTTLS gets nothing.
    let strict = with_smtp(&app, format!("smtp://127.0.0.1:{}", smtp.port), false);
    let transport = mail::transport(&strict).unwrap().unwrap();
    assert_eq!(mail::send_pending(&strict, &transport).await, 0);
    let waiting = repo_outbox::latest_mail_to(&app.state.db, &app.admin_email).await.unwrap().unwrap();
    assert!(waiting.body.contains("/password/reset/"), "still queued, link intact");
    // Allowed plain on loopback, it goes.
    let relaxed = with_smtp(&app, format!("smtp://127.0.0.1:{}", smtp.port), true);
    let transport = mail::transport(&relaxed).unwrap().unwrap();
    assert_eq!(mail::send_pending(&relaxed, &transport).await, 1);
    let mut message = vec![];
    loop {
        let line = smtp.lines.recv_timeout(std::time::Duration::from_secs(20)).expect("the message arrives");
        if line == "END-OF-MESSAGE" {
            break;
        }
        message.push(line);
    }
    assert_eq!(message[0], format!("TO {}", app.admin_email));
    let link = message.iter().flat_map(|l| l.split_whitespace()).find(|w| w.contains("/password/reset/")).unwrap();
    let token = link.rsplit('/').next().unwrap();
    let kept = repo_outbox::latest_mail_to(&app.state.db, &app.admin_email).await.unwrap().unwrap();
    assert!(!kept.body.contains(token) && !kept.body.contains("http"), "scrubbed: {}", kept.body);
    let reset = app.call(&client(), "auth/reset", &[("token", token), ("password", "a brand new password 1")]).await;
    assert_eq!(reset.status, StatusCode::OK, "the mailed link works: {}", reset.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_that_cannot_go_is_given_up_and_never_blocks_the_queue() {
    let smtp = smtp_server();
    let app = TestApp::spawn().await;
    let state = with_smtp(&app, format!("smtp://127.0.0.1:{}", smtp.port), true);
    let transport = mail::transport(&state).unwrap().unwrap();
    repo_outbox::queue_mail("not an address", "Broken", "see https://x.example/invitation/secret")
        .run(&app.state.db)
        .await
        .unwrap();
    for i in 0..mail::MAX_ATTEMPTS {
        let good = format!("{}@test.example", unique("good"));
        repo_outbox::queue_mail(&good, "Hello", "body").run(&app.state.db).await.unwrap();
        assert_eq!(mail::send_pending(&state, &transport).await, 1, "pass {i}: the good one goes");
    }
    let mut res = app
        .state
        .db
        .query("SELECT attempts, failed_at != NONE AS failed, body FROM outbox WHERE recipient = 'not an address'")
        .await
        .unwrap();
    let rows: Vec<serde_json::Value> = res.take(0).unwrap();
    assert_eq!(rows[0]["attempts"], mail::MAX_ATTEMPTS);
    assert_eq!(rows[0]["failed"], true);
    assert!(!rows[0]["body"].as_str().unwrap().contains("secret"), "{:?}", rows[0]);
    assert_eq!(mail::send_pending(&state, &transport).await, 0, "given up, not retried");
}
