use crate::helpers::*;
use app::backend::service::backup;
use app::backend::{db, service};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_then_import_gives_the_same_database() {
    let app = TestApp::spawn().await;
    let report = service::demo::seed(&app.state).await.unwrap();
    assert!(report.created);
    let full = backup::export(&app.state.db, None).await.unwrap();
    let rows: usize = full.tables.iter().map(|(_, r)| r.len()).sum();
    assert!(rows > 100, "the demo data is in the backup ({rows} rows)");

    // Through the file format, into a fresh database.
    let bytes = serde_json::to_vec(&full).unwrap();
    let fresh = db::connect("mem://", None).await.unwrap();
    db::migrate(&fresh).await.unwrap();
    let restored = backup::import(&fresh, serde_json::from_slice(&bytes).unwrap()).await.unwrap();
    assert_eq!(restored, rows);
    let again = backup::export(&fresh, None).await.unwrap();
    assert_eq!(again, full, "a restored database exports identically");

    // One programme only: its own rows, none of another programme's.
    let other = app.programme().await;
    let one = backup::export(&app.state.db, Some(&report.programme_id)).await.unwrap();
    let programmes = &one.tables.iter().find(|(t, _)| t == "programme").unwrap().1;
    assert_eq!(programmes.len(), 1);
    let text = serde_json::to_string(&one).unwrap();
    assert!(!text.contains(&other));
    let fresh = db::connect("mem://", None).await.unwrap();
    db::migrate(&fresh).await.unwrap();
    backup::import(&fresh, one).await.unwrap();
    let admin = app::domain::grant::Actor { role: Some(app::domain::Role::Admin), ..Default::default() };
    let grant =
        app::domain::grant::authorize(&admin, app::domain::Action::ReadProgramme, &report.programme_id).unwrap();
    let tree = app::backend::repo::jurisdictions::tree(&fresh, &grant).await.unwrap();
    assert_eq!(tree.len(), 36);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_schema_is_refused() {
    let fresh = db::connect("mem://", None).await.unwrap();
    db::migrate(&fresh).await.unwrap();
    assert!(db::migrate(&fresh).await.unwrap().is_empty(), "migrating twice is a no-op");
    fresh.query("CREATE schema_migration SET version = 999, name = 'future'").await.unwrap().check().unwrap();
    let err = db::migrate(&fresh).await.unwrap_err().to_string();
    assert!(err.contains("newer"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_never_holds_a_usable_link() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let r = app.invite(&app.admin, &p, "pending.person@test.example", "observer", "").await;
    assert!(r.status.is_success(), "{}", r.body);
    let link = r.body["link"].as_str().expect("the inviter sees the link without SMTP").to_string();
    let token = link.rsplit('/').next().unwrap().to_string();
    for scope in [None, Some(p.as_str())] {
        let b = backup::export(&app.state.db, scope).await.unwrap();
        assert!(b.tables.iter().all(|(t, _)| t != "token" && t != "outbox" && t != "session"), "{scope:?}");
        let text = serde_json::to_string(&b).unwrap();
        assert!(!text.contains(&token) && !text.contains("/invitation/"), "{scope:?}");
        assert!(!text.contains(&app::backend::repo::sha256_hex(&token)), "{scope:?}");
    }
}
