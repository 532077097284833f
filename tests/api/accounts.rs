use crate::helpers::*;
use app::backend::repo::{outbox as repo_outbox, users as repo_users};
use app::domain::Role;
use reqwest::StatusCode;

fn session_cookie(r: &Reply) -> Option<String> {
    r.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("tessera_session="))
        .map(str::to_string)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_sets_a_hardened_cookie_and_rotates_the_session() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let (_, email) = app.actor(Role::Observer, &p).await;
    let c = client();
    let first = app.login(&c, &email, PASSWORD).await;
    assert_eq!(first.status, StatusCode::OK);
    let cookie = session_cookie(&first).expect("session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let me = app.call(&c, "auth/me", &[]).await;
    assert_eq!(me.body["email"], email.as_str());
    let second = app.login(&c, &email, PASSWORD).await;
    let rotated = session_cookie(&second).expect("new cookie");
    assert_ne!(cookie.split(';').next(), rotated.split(';').next(), "signing in again issues a new session id");
    // The old id no longer works.
    let old = reqwest::Client::new()
        .post(app.url("/api/auth/me"))
        .header("cookie", cookie.split(';').next().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(old.text().await.unwrap(), "null");
    // Signing out ends the session.
    app.call(&c, "auth/logout", &[]).await;
    assert_eq!(app.call(&c, "auth/me", &[]).await.body, serde_json::Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secure_cookies_outside_dev() {
    let app = TestApp::spawn_with(true).await;
    let r = app.login(&client(), &app.admin_email.clone(), PASSWORD).await;
    let cookie = session_cookie(&r).expect("session cookie");
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_and_unknown_user_look_the_same_and_are_rate_limited() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let (_, email) = app.actor(Role::Member, &p).await;
    let c = client();
    let wrong = app.login(&c, &email, "not-the-password").await;
    let unknown = app.login(&c, "nobody@test.example", "not-the-password").await;
    assert_eq!((wrong.status, wrong.code()), (StatusCode::UNAUTHORIZED, "bad_credentials"));
    assert_eq!((unknown.status, unknown.body.clone()), (wrong.status, wrong.body.clone()));
    for _ in 0..4 {
        app.login(&c, &email, "not-the-password").await;
    }
    let limited = app.login(&c, &email, PASSWORD).await;
    assert_eq!((limited.status, limited.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitation_to_password_to_sign_in() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let (coord, _) = app.actor(Role::Coordinator, &p).await;
    let email = format!("{}@test.example", unique("invitee"));
    // Officials need a jurisdiction: the form says which field is missing.
    let missing = app.invite(&coord, &p, &email, "official", "").await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.body["fields"][0]["field"], "jurisdiction_code");
    let r = app.invite(&coord, &p, &email, "official", "r").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let link = r.body["link"].as_str().expect("link shown without SMTP").to_string();
    let token = link.rsplit('/').next().unwrap().to_string();
    let mail = repo_outbox::latest_mail_to(&app.state.db, &email).await.unwrap().expect("queued mail");
    assert!(mail.body.contains(&link));
    let info = app.call(&client(), "auth/invitation", &[("token", &token)]).await;
    assert_eq!((info.body["email"].as_str(), info.body["role"].as_str()), (Some(email.as_str()), Some("official")));
    let invitee = client();
    let weak = app
        .call(&invitee, "auth/accept", &[("token", &token), ("name", "New Person"), ("password", "password1234")])
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak.body["fields"][0]["code"], "password_common");
    let ok = app
        .call(
            &invitee,
            "auth/accept",
            &[("token", &token), ("name", "New Person"), ("password", "a long and fine password")],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let me = app.call(&invitee, "auth/me", &[]).await;
    assert_eq!(me.body["memberships"][0]["role"], "official");
    assert_eq!(me.body["memberships"][0]["scope_label"], "Region");
    // Single use.
    let again = app
        .call(&client(), "auth/accept", &[("token", &token), ("name", "X"), ("password", "a long and fine password")])
        .await;
    assert_eq!(again.code(), "invalid_token");
    // The new password works from a fresh client.
    assert_eq!(app.login(&client(), &email, "a long and fine password").await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_reset_ends_other_sessions() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let (old_session, email) = app.actor(Role::Observer, &p).await;
    let r = app.call(&client(), "auth/forgot", &[("email", &email)]).await;
    assert_eq!(r.status, StatusCode::OK);
    // Unknown addresses get the same answer and no mail.
    let unknown = app.call(&client(), "auth/forgot", &[("email", "ghost@test.example")]).await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert!(repo_outbox::latest_mail_to(&app.state.db, "ghost@test.example").await.unwrap().is_none());
    let mail = repo_outbox::latest_mail_to(&app.state.db, &email).await.unwrap().unwrap();
    let link = mail.body.split_whitespace().find(|w| w.contains("/password/reset/")).unwrap().to_string();
    let token = link.rsplit('/').next().unwrap();
    let short = app.call(&client(), "auth/reset", &[("token", token), ("password", "short")]).await;
    assert_eq!(short.body["fields"][0]["code"], "password_too_short");
    let ok = app.call(&client(), "auth/reset", &[("token", token), ("password", "brand new passphrase")]).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(app.call(&old_session, "auth/me", &[]).await.body, serde_json::Value::Null);
    assert_eq!(app.login(&client(), &email, PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(&client(), &email, "brand new passphrase").await.status, StatusCode::OK);
    let reuse = app.call(&client(), "auth/reset", &[("token", token), ("password", "another new passphrase")]).await;
    assert_eq!(reuse.code(), "invalid_token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn joining_another_programme_waits_for_the_person_and_reveals_nothing() {
    let app = TestApp::spawn().await;
    let a = app.programme().await;
    let b = app.programme().await;
    let (person, email) = app.actor(Role::Observer, &a).await;
    let stranger = format!("{}@test.example", unique("new"));
    // The same answer for an address with an account and one without.
    let existing = app.invite(&app.admin, &b, &email, "observer", "").await;
    let fresh = app.invite(&app.admin, &b, &stranger, "observer", "").await;
    assert_eq!(existing.status, fresh.status);
    let keys = |r: &Reply| r.body.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&existing), keys(&fresh));
    assert!(existing.body["link"].as_str().unwrap().contains("/invitation/"));
    let token = existing.body["link"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
    let b_people = || async {
        let mut res = app
            .state
            .db
            .query("SELECT VALUE count() FROM membership WHERE programme = type::record('programme', $p) GROUP ALL")
            .bind(("p", b.clone()))
            .await
            .unwrap();
        res.take::<Option<i64>>(0).unwrap().unwrap_or(0)
    };
    assert_eq!(b_people().await, 0, "nobody was added before accepting");
    // The inviter, who was shown the link, cannot accept it for them, nor make them an account.
    let (coordinator, _) = app.actor(Role::Coordinator, &b).await;
    let taken = app.call(&coordinator, "auth/join", &[("token", &token)]).await;
    assert_eq!(taken.status, StatusCode::FORBIDDEN);
    let made = app
        .call(
            &client(),
            "auth/accept",
            &[("token", &token), ("name", "Not Them"), ("password", "a long and fine password")],
        )
        .await;
    assert_eq!(made.body["fields"][0]["code"], "sign_in_to_accept");
    assert_eq!(b_people().await, 1, "only the coordinator's own membership");
    // The person, signed in, accepts; the link is then spent.
    let joined = app.call(&person, "auth/join", &[("token", &token)]).await;
    assert_eq!(joined.status, StatusCode::OK, "{}", joined.body);
    assert_eq!(b_people().await, 2);
    let me = app.call(&person, "auth/me", &[]).await;
    assert_eq!(me.body["memberships"].as_array().unwrap().len(), 2, "{}", me.body);
    let again = app.call(&person, "auth/join", &[("token", &token)]).await;
    assert_eq!(again.code(), "invalid_token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_links_do_nothing() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let email = format!("{}@test.example", unique("late"));
    let r = app.invite(&app.admin, &p, &email, "observer", "").await;
    let token = r.body["link"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
    app.state
        .db
        .query("UPDATE token SET expires_at = time::now() - 1s WHERE email = $e")
        .bind(("e", email.clone()))
        .await
        .unwrap()
        .check()
        .unwrap();
    let info = app.call(&client(), "auth/invitation", &[("token", &token)]).await;
    assert_eq!(info.code(), "invalid_token");
    let accept = app
        .call(
            &client(),
            "auth/accept",
            &[("token", &token), ("name", "Late"), ("password", "a long and fine password")],
        )
        .await;
    assert_eq!(accept.code(), "invalid_token");
    assert!(repo_users::user_by_email(&app.state.db, &email).await.unwrap().is_none(), "no account was created");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_is_invited_by_their_organisation_s_name_which_must_be_in_the_register() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let (coord, _) = app.actor(Role::Coordinator, &p).await;
    let org = app.organisation(&p).await;
    let name = app::backend::repo::organisations::by_id(&app.state.db, &p, &org).await.unwrap().unwrap().name;
    let invite = |email: String, organisation: String| {
        let (app, coord, p) = (&app, &coord, &p);
        async move {
            let form = [
                ("programme_id", p.as_str()),
                ("email", email.as_str()),
                ("role", "member"),
                ("jurisdiction_code", ""),
                ("organisation", organisation.as_str()),
            ];
            app.call(coord, "people/invite", &form).await
        }
    };
    let email = format!("{}@test.example", unique("member"));
    let none = invite(email.clone(), String::new()).await;
    assert_eq!(none.body["fields"][0]["field"], "organisation");
    assert_eq!(none.body["fields"][0]["code"], "required");
    let unknown = invite(email.clone(), "No such association".into()).await;
    assert_eq!(unknown.body["fields"][0]["code"], "unknown_organisation");
    // Spelled as people type it: other case, extra spaces.
    let ok = invite(email.clone(), format!("  {}  ", name.to_uppercase())).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let token = ok.body["link"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
    let info = app.call(&client(), "auth/invitation", &[("token", &token)]).await;
    assert_eq!(info.body["role"], "member");
    // The people page no longer carries the register.
    let page = app.call(&coord, "people/list", &[("programme_id", &p)]).await;
    assert!(page.body.get("organisations").is_none());
}
