//! A change, its audit record and the mail it queues commit together or not at all. Each test makes
//! the last statement fail (a schema rule added for the test refuses it) and finds nothing of the
//! others written.
use crate::helpers::*;
use app::backend::repo::users as repo_users;
use app::domain::Role;
use reqwest::StatusCode;

async fn refuse_audit_action(app: &TestApp, action: &str) {
    // A schema rule holds a literal (a bound parameter would not exist when the rule runs); the
    // actions here are constants of this file.
    app.state
        .db
        .query(format!("DEFINE FIELD OVERWRITE action ON audit TYPE string ASSERT $value != '{action}'"))
        .await
        .unwrap()
        .check()
        .unwrap();
}

async fn count(app: &TestApp, sql: &str, email: &str) -> i64 {
    let mut res = app.state.db.query(sql).bind(("email", email.to_string())).await.unwrap();
    let n: Option<i64> = res.take(0).unwrap();
    n.unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_whose_audit_fails_leaves_no_link_and_no_mail() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    refuse_audit_action(&app, "invitation.create").await;
    let email = format!("{}@test.example", unique("atomic"));
    let r = app.invite(&app.admin, &p, &email, "observer", "").await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert_eq!(count(&app, "SELECT VALUE count() FROM token WHERE email = $email GROUP ALL", &email).await, 0);
    assert_eq!(count(&app, "SELECT VALUE count() FROM outbox WHERE recipient = $email GROUP ALL", &email).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_acceptance_whose_audit_fails_creates_no_account_and_keeps_the_link() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let email = format!("{}@test.example", unique("accept"));
    assert!(app.invite(&app.admin, &p, &email, "observer", "").await.status.is_success());
    let token = app.mailed_token(&email, "/invitation/").await;
    refuse_audit_action(&app, "auth.invitation_accepted").await;
    let form = [("token", token.as_str()), ("name", "New Person"), ("password", "a long enough passphrase")];
    let r = app.call(&client(), "auth/accept", &form).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert!(repo_users::user_by_email(&app.state.db, &email).await.unwrap().is_none());
    assert_eq!(
        count(&app, "SELECT VALUE count() FROM membership WHERE user.email = $email GROUP ALL", &email).await,
        0
    );
    // The link still works once the fault is gone.
    refuse_audit_action(&app, "nothing").await;
    let r = app.call(&client(), "auth/accept", &form).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert!(repo_users::user_by_email(&app.state.db, &email).await.unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_whose_audit_fails_keeps_the_old_password_and_the_link() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let (_, email) = app.actor(Role::Observer, &p).await;
    assert_eq!(app.call(&client(), "auth/forgot", &[("email", &email)]).await.status, StatusCode::OK);
    let token = app.mailed_token(&email, "/password/reset/").await;
    refuse_audit_action(&app, "auth.password_reset").await;
    let r = app.call(&client(), "auth/reset", &[("token", &token), ("password", "a brand new passphrase")]).await;
    assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.body);
    assert_eq!(app.login(&client(), &email, PASSWORD).await.status, StatusCode::OK);
    refuse_audit_action(&app, "nothing").await;
    let r = app.call(&client(), "auth/reset", &[("token", &token), ("password", "a brand new passphrase")]).await;
    assert!(r.status.is_success(), "{}", r.body);
}
