//! Abuse paths: guessing, mail floods, stale reset links, redirects, cache and transport headers.
use crate::helpers::*;
use app::domain::Role;
use reqwest::StatusCode;
use tessera_server::RouterConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parallel_guesses_are_counted_before_any_is_checked() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let (_, email) = app.actor(Role::Observer, &p).await;
    let guesses = (0..40).map(|i| {
        let (url, email) = (app.url("/api/auth/login"), email.clone());
        tokio::spawn(async move {
            let form = [("email", email.as_str()), ("password", &format!("wrong guess number {i}"))];
            client().post(url).form(&form).send().await.unwrap().status()
        })
    });
    let mut evaluated = 0;
    let mut refused = 0;
    for g in guesses.collect::<Vec<_>>() {
        match g.await.unwrap() {
            StatusCode::UNAUTHORIZED => evaluated += 1,
            StatusCode::TOO_MANY_REQUESTS => refused += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((evaluated, refused), (5, 35));
    // The right password is refused too while the account is locked.
    assert_eq!(app.login(&client(), &email, PASSWORD).await.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_requests_are_throttled_and_queue_no_flood() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let (_, email) = app.actor(Role::Observer, &p).await;
    let mut accepted = 0;
    for _ in 0..30 {
        match app.call(&client(), "auth/forgot", &[("email", &email)]).await.status {
            StatusCode::OK => accepted += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(accepted, 3, "per recipient");
    let mut res = app
        .state
        .db
        .query("SELECT VALUE count() FROM outbox WHERE recipient = $to GROUP ALL")
        .bind(("to", email))
        .await
        .unwrap();
    let queued: Option<i64> = res.take(0).unwrap();
    assert_eq!(queued, Some(3));
    // The flood also used up this client address's allowance: another recipient is refused too.
    let other = app.call(&client(), "auth/forgot", &[("email", "someone.else@test.example")]).await;
    assert_eq!(other.status, StatusCode::TOO_MANY_REQUESTS, "per client address");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_change_spends_every_open_reset_link_and_links_last_an_hour() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let (me, email) = app.actor(Role::Observer, &p).await;
    assert_eq!(app.call(&client(), "auth/forgot", &[("email", &email)]).await.status, StatusCode::OK);
    let token = app.mailed_token(&email, "/password/reset/").await;
    let mut res = app
        .state
        .db
        .query("SELECT VALUE expires_at - time::now() < 1h FROM token WHERE kind = 'reset' AND email = $e")
        .bind(("e", email.clone()))
        .await
        .unwrap();
    let within_an_hour: Vec<bool> = res.take(0).unwrap();
    assert_eq!(within_an_hour, vec![true]);
    let changed =
        app.call(&me, "account/password", &[("current", PASSWORD), ("password", "a changed long passphrase")]).await;
    assert!(changed.status.is_success(), "{}", changed.body);
    let late = app.call(&client(), "auth/reset", &[("token", &token), ("password", "an attacker's passphrase")]).await;
    assert_eq!(late.code(), "invalid_token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switch_never_leaves_the_site() {
    let app = TestApp::spawn().await;
    for back in
        ["/%09/evil.example", "//evil.example", "/%5Cevil.example", "https://evil.example", "/%0d%0aSet-Cookie:x=1"]
    {
        let res = client().get(app.url(&format!("/lang/fr?back={back}"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{back}");
        assert_eq!(res.headers()["location"], "/", "{back}");
    }
    let res = client().get(app.url("/lang/fr?back=/login%3Fnext%3D%2Faccount")).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/login?next=/account");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_answers_are_never_cached_and_production_demands_https() {
    let app = TestApp::spawn_config(RouterConfig::default(), None).await;
    let page = client().get(app.url("/login")).send().await.unwrap();
    assert_eq!(page.headers()["cache-control"], "no-store");
    assert!(page.headers()["strict-transport-security"].to_str().unwrap().starts_with("max-age="));
    let answer = client().post(app.url("/api/auth/me")).send().await.unwrap();
    assert_eq!(answer.headers()["cache-control"], "no-store");
    let dev = TestApp::spawn().await;
    let page = client().get(dev.url("/login")).send().await.unwrap();
    assert!(page.headers().get("strict-transport-security").is_none(), "no HSTS on plain-http development");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_request_is_refused_with_the_security_headers() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn().await;
    // Only the announcement of a body too large: the answer must come before any of it is read.
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/auth/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        tessera_server::router::MAX_BODY_BYTES + 1
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tcp.read(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]).to_lowercase();
    assert!(answer.starts_with("http/1.1 413"), "{answer}");
    assert!(answer.contains("x-content-type-options: nosniff"), "{answer}");
    assert!(answer.contains("content-security-policy:"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_trickles_its_headers_is_cut_off_and_others_are_served() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn().await;
    let addr = app.url("").trim_start_matches("http://").to_string();
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    // Never finishes its headers: after the header-read timeout the server closes the connection.
    let mut buf = vec![0u8; 1024];
    let closed = tokio::time::timeout(HEADER_READ_TIMEOUT * 5, slow.read(&mut buf)).await;
    match closed {
        Ok(Ok(n)) => assert!(
            n == 0 || String::from_utf8_lossy(&buf[..n]).contains("408"),
            "{}",
            String::from_utf8_lossy(&buf[..n])
        ),
        Ok(Err(_)) => {}
        Err(_) => panic!("the slow connection was still open after {:?}", HEADER_READ_TIMEOUT * 5),
    }
    let (status, _) = app.get(&client(), "/healthz").await;
    assert_eq!(status, reqwest::StatusCode::OK);
}

/// What a server whose requests may take 500 ms first answers to `request`, sent whole but
/// promising more body than it carries, lower-cased.
async fn answer_to_a_body_that_stops(request: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let config = RouterConfig {
        secure_cookies: false,
        request_timeout: std::time::Duration::from_millis(500),
        ..Default::default()
    };
    let app = TestApp::spawn_config(config, None).await;
    let addr = app.url("").trim_start_matches("http://").to_string();
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow.write_all(request).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(10), slow.read(&mut buf))
        .await
        .expect("an answer")
        .unwrap();
    String::from_utf8_lossy(&buf[..n]).to_lowercase()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_whose_body_never_ends_is_answered_408_with_the_security_headers() {
    // Complete headers, then a body that stops halfway.
    let head = answer_to_a_body_that_stops(
        b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=a",
    )
    .await;
    assert!(head.starts_with("http/1.1 408"), "{head}");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_whose_file_never_ends_is_answered_408_like_any_request() {
    // Imports have a longer deadline for their work, not for their file's arrival.
    let head = answer_to_a_body_that_stops(
        b"POST /programmes/p1/import/organisations HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: 1000\r\n\r\n--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nname,kind\n",
    )
    .await;
    assert!(head.starts_with("http/1.1 408"), "{head}");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beyond_the_concurrency_limit_requests_wait_for_a_free_slot() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let config = RouterConfig {
        secure_cookies: false,
        request_timeout: std::time::Duration::from_millis(800),
        max_in_flight: 1,
        ..Default::default()
    };
    let app = TestApp::spawn_config(config, None).await;
    let addr = app.url("").trim_start_matches("http://").to_string();
    // One slow client holds the only slot…
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=a").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    // …so a second request waits (it would take milliseconds otherwise) until the slow one is cut
    // off with 408, and is then answered.
    let url = app.url("/healthz");
    let mut quick = tokio::spawn(async move { client().get(url).send().await.unwrap().status().as_u16() });
    let early = tokio::time::timeout(std::time::Duration::from_millis(300), &mut quick).await;
    assert!(early.is_err(), "the second request was served beside the first: {early:?}");
    let mut buf = vec![0u8; 256];
    let n = slow.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 408"));
    assert_eq!(quick.await.unwrap(), 200);
}
