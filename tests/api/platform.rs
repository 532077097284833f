use crate::helpers::*;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get(&client(), "/healthz").await, (StatusCode::OK, "ok".to_string()));
    assert_eq!(app.get(&client(), "/readyz").await, (StatusCode::OK, "ready".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_security_headers_and_a_fresh_nonce() {
    let app = TestApp::spawn().await;
    let res = client().get(app.url("/login")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(!csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"), "{csp}");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let body = res.text().await.unwrap();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(body.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the CSP nonce");
    let again = client().get(app.url("/login")).send().await.unwrap();
    assert!(!again.headers()["content-security-policy"].to_str().unwrap().contains(nonce), "nonce is per response");
    // Non-page responses get the strict default.
    let health = client().get(app.url("/healthz")).send().await.unwrap();
    assert!(health.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_origin_writes_are_refused() {
    let app = TestApp::spawn().await;
    for (name, value) in [("sec-fetch-site", "cross-site"), ("origin", "https://evil.example")] {
        let res = client()
            .post(app.url("/api/auth/login"))
            .header(name, value)
            .form(&[("email", "a@b.org"), ("password", "whatever-password")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name}");
        assert!(res.text().await.unwrap().contains("cross_origin"));
    }
    let same = client()
        .post(app.url("/api/auth/login"))
        .header("sec-fetch-site", "same-origin")
        .form(&[("email", "a@b.org"), ("password", "whatever-password")])
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switch_sticks_and_sets_html_lang() {
    let app = TestApp::spawn().await;
    let c = client();
    let (_, en) = app.get(&c, "/login").await;
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\""), "{}", &en[..200.min(en.len())]);
    assert!(en.contains("Sign in"));
    let res = c.get(app.url("/lang/fr?back=/login")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login");
    let (_, fr) = app.get(&c, "/login").await;
    assert!(fr.contains("<html lang=\"fr\" dir=\"ltr\""));
    assert!(fr.contains("Connexion"));
    // Browsers that ask for French get it before any choice; unknown languages fall back to English.
    let res = client().get(app.url("/login")).header("accept-language", "fr-BE,fr;q=0.9").send().await.unwrap();
    assert!(res.text().await.unwrap().contains("<html lang=\"fr\""));
    // An open redirect is not possible through `back`.
    let res = c.get(app.url("/lang/en?back=//evil.example")).send().await.unwrap();
    assert_eq!(res.headers()["location"], "/");
    assert_eq!(c.get(app.url("/lang/xx")).send().await.unwrap().status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_are_404_with_a_title() {
    let app = TestApp::spawn().await;
    let (status, body) = app.get(&client(), "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("<title>Page not found</title>"), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_form_errors_return_to_the_form_without_javascript() {
    let app = TestApp::spawn().await;
    // A browser without JavaScript posts the form and accepts HTML; with no Referer (no-referrer
    // policy) the hidden __back field tells the server where to return.
    let browser = client();
    let res = browser
        .post(app.url("/api/auth/login"))
        .header("accept", "text/html")
        .header("sec-fetch-site", "same-origin")
        .form(&[("email", "nobody@example.org"), ("password", "wrong-password-1"), ("__back", "/login")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("/login?") && location.contains("__err="), "{location}");
    let (_, page) = app.get(&browser, &location.replace(&app.base, "")).await;
    assert!(page.contains("do not match an account"), "the error is shown on the form page");
    // What was typed is back in the form, but never the password.
    assert!(page.contains(r#"value="nobody@example.org""#), "{page}");
    assert!(!page.contains("wrong-password-1"));
    // Once: a reload shows the form as it was.
    let (_, again) = app.get(&browser, &location.replace(&app.base, "")).await;
    assert!(!again.contains(r#"value="nobody@example.org""#));

    // A signed-in form: a refused organisation keeps its name, kind and counts as typed.
    let p = app.programme().await;
    let back = format!("/programmes/{p}/organisations");
    let res = app
        .admin
        .post(app.url("/api/organisations/save"))
        .header("accept", "text/html")
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("programme_id", p.as_str()),
            ("name", "Typed & kept society"),
            ("kind", "migrant_org"),
            ("women", "many"),
            ("notes", "Written at length <before> the error"),
            ("__back", back.as_str()),
        ])
        .send()
        .await
        .unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.contains("__err="), "{location}");
    let (_, page) = app.get(&app.admin, &location.replace(&app.base, "")).await;
    assert!(page.contains(r#"value="Typed &amp; kept society""#), "{page}");
    assert!(page.contains(r#"value="many""#), "{page}");
    assert!(page.contains(r#"<option value="migrant_org" selected"#), "{page}");
    assert!(page.contains("Written at length &lt;before&gt; the error"), "{page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_form_that_succeeds_goes_where_its_done_field_says() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let list = format!("/programmes/{p}/jurisdictions?q=R");
    let post = |name: &'static str, done: String| {
        let back = format!("{list}&edit=R");
        let p = p.clone();
        let req = app
            .admin
            .post(app.url("/api/jurisdictions/rename"))
            .header("accept", "text/html")
            .header("sec-fetch-site", "same-origin");
        async move {
            let res = req
                .form(&[
                    ("programme_id", p.as_str()),
                    ("code", "R"),
                    ("name", name),
                    ("__back", &back),
                    ("__done", &done),
                ])
                .send()
                .await
                .unwrap();
            res.headers()["location"].to_str().unwrap().to_string()
        }
    };
    // Refused: back to the open row with the error, whatever `__done` says.
    let refused = post(" ", format!("{list}&renamed=R")).await;
    assert!(refused.contains("edit=R") && refused.contains("__err="), "{refused}");
    // Saved: to `__done` (the row closed, the list's query kept).
    let saved = post("Region renamed", format!("{list}&renamed=R")).await;
    assert_eq!(saved, format!("{list}&renamed=R"));
    // A `__done` off the site is ignored: the way back is the page the form came from.
    let elsewhere = post("Region again", "//evil.example/x".to_string()).await;
    assert!(elsewhere.contains("edit=R") && !elsewhere.contains("evil"), "{elsewhere}");
}
