//! The hub's interactions log and the WP2 indicators computed from it.
use crate::helpers::*;
use app::domain::Role;
use reqwest::StatusCode;

/// A ministry (national), a regional council and a civil-society kitchen (both in region R).
async fn three_organisations(app: &TestApp, p: &str) {
    app.ensure_region(p).await;
    for (name, kind, place) in
        [("Ministry", "ministry", "N"), ("Regional council", "regional_authority", "R"), ("Kitchen", "cso", "R")]
    {
        let r = app
            .call(
                &app.admin,
                "organisations/save",
                &[("programme_id", p), ("name", name), ("kind", kind), ("jurisdiction_code", place)],
            )
            .await;
        assert!(r.status.is_success(), "{}", r.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wp2_k3_and_k4_are_computed_from_the_interactions_log() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    three_organisations(&app, &p).await;
    let record = |a: &'static str, b: &'static str, q: &'static str, on: &'static str| {
        let app = &app;
        let p = p.clone();
        async move {
            app.call(
                &app.admin,
                "hub/record",
                &[("programme_id", &p), ("a", a), ("b", b), ("kind", "meeting"), ("on", on), ("quality", q)],
            )
            .await
        }
    };
    assert!(record("Ministry", "regional council", "4", "2026-02-01").await.status.is_success());
    assert!(record("Regional council", "Ministry", "2", "2026-03-01").await.status.is_success());
    assert!(record("Ministry", "Kitchen", "5", "2026-04-01").await.status.is_success());
    let bad = record("Ministry", "Ministry", "9", "yesterday").await;
    let codes: Vec<&str> = bad.body["fields"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["same_organisation", "invalid_date", "invalid_rating"], "{}", bad.body);
    let hub = app.call(&app.admin, "hub/get", &[("programme_id", &p)]).await;
    assert_eq!(hub.body["k3"], serde_json::json!([{ "key": "national–regional", "count": 2, "mean_quality": 3.0 }]));
    assert_eq!(
        hub.body["k4"],
        serde_json::json!([
            { "key": "public–private", "count": 1, "mean_quality": 5.0 },
            { "key": "public–public", "count": 2, "mean_quality": 3.0 }
        ])
    );
    assert_eq!(hub.body["k4_all"]["mean_quality"], 3.7);
    let dates: Vec<&str> =
        hub.body["log"]["rows"].as_array().unwrap().iter().map(|r| r["on"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-04-01", "2026-03-01", "2026-02-01"], "newest first");
    let (observer, _) = app.actor(Role::Observer, &p).await;
    let refused = app
        .call(
            &observer,
            "hub/record",
            &[
                ("programme_id", &p),
                ("a", "Ministry"),
                ("b", "Kitchen"),
                ("kind", "meeting"),
                ("on", "2026-05-01"),
                ("quality", "3"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // An official of region R records what touches R, not what lies wholly outside it.
    let (official, _) = app.actor(Role::Official, &p).await;
    let national = app
        .call(
            &app.admin,
            "organisations/save",
            &[("programme_id", &p), ("name", "Agency"), ("kind", "national_agency"), ("jurisdiction_code", "N")],
        )
        .await;
    assert!(national.status.is_success(), "{}", national.body);
    let by_official = |a: &'static str, b: &'static str| {
        let (app, p, official) = (&app, p.clone(), official.clone());
        async move {
            app.call(
                &official,
                "hub/record",
                &[
                    ("programme_id", &p),
                    ("a", a),
                    ("b", b),
                    ("kind", "exchange"),
                    ("on", "2026-01-15"),
                    ("quality", "4"),
                ],
            )
            .await
        }
    };
    let outside = by_official("Ministry", "Agency").await;
    assert_eq!(outside.body["fields"][0]["code"], "outside_your_area", "{}", outside.body);
    assert!(by_official("Ministry", "Kitchen").await.status.is_success());
    let log = app
        .call(&app.admin, "audit/search", &[("programme_id", &p), ("query[filters][action]", "interaction.create")])
        .await;
    assert_eq!(log.body["total"], 4);
    // The log exports as the page lists it, dates typed.
    let xlsx =
        app.admin.get(app.url(&format!("/programmes/{p}/export/interactions?format=xlsx"))).send().await.unwrap();
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx.bytes().await.unwrap().to_vec())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.height(), 5);
    assert!(matches!(sheet.get((1, 0)), Some(Data::DateTime(_))), "{:?}", sheet.get((1, 0)));
    assert_eq!(sheet.get((1, 4)), Some(&Data::Float(5.0)));
}

/// The interactions log imports through the one import path: checked row by row (nothing written on
/// any error), matched on day, organisations and kind, so the same file twice adds nothing; an
/// export imports back; WP2.K3/K4 follow the imported rows; an official imports only what touches
/// their area.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_interactions_log_imports_once_and_follows_the_register() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    three_organisations(&app, &p).await;
    let import = |client: reqwest::Client, csv: &'static str| {
        let (app, p) = (&app, p.clone());
        async move { app.import(&client, &p, "interactions", "log.csv", csv.as_bytes().to_vec()).await }
    };
    let broken = import(
        app.admin.clone(),
        "on,a,b,kind,quality\n2026-02-01,Ministry,Regional council,meeting,4\n2026-02-30x,Ministry,Nobody,chat,7\n",
    )
    .await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", broken.body);
    let mut found: Vec<(u64, &str, &str)> = broken.body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["row"].as_u64().unwrap(), f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (3, "b", "unknown_organisation"),
            (3, "kind", "invalid_interaction"),
            (3, "on", "invalid_date"),
            (3, "quality", "invalid_rating")
        ]
    );
    let hub = app.call(&app.admin, "hub/get", &[("programme_id", &p)]).await;
    assert_eq!(hub.body["log"]["total"], 0, "a file with an error writes nothing");

    const LOG: &str = "on,a,b,kind,quality,note\n2026-02-01,Ministry,Regional council,meeting,4,Kick-off\n\
                       2026-03-01,regional  council,Ministry,joint action,2,\n2026-04-01,Ministry,Kitchen,referral,5,\n";
    let first = import(app.admin.clone(), LOG).await;
    assert!(first.status.is_success(), "{}", first.body);
    assert_eq!((first.body["added"].as_u64(), first.body["unchanged"].as_u64()), (Some(3), Some(0)));
    let again = import(app.admin.clone(), LOG).await;
    assert_eq!((again.body["added"].as_u64(), again.body["unchanged"].as_u64()), (Some(0), Some(3)), "{}", again.body);
    let hub = app.call(&app.admin, "hub/get", &[("programme_id", &p)]).await;
    assert_eq!(hub.body["log"]["total"], 3);
    assert_eq!(hub.body["k3"], serde_json::json!([{ "key": "national–regional", "count": 2, "mean_quality": 3.0 }]));
    assert_eq!(hub.body["k4_all"]["count"], 3);
    // The page's rows, newest first, name each side as the register writes it (not as the file did).
    let rows = hub.body["log"]["rows"].as_array().unwrap();
    let shown: Vec<(&str, &str, &str, i64)> = rows
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or_default();
            (s("a_name"), s("b_name"), s("kind"), r["quality"].as_i64().unwrap())
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Ministry", "Kitchen", "referral", 5),
            ("Regional council", "Ministry", "joint_action", 2),
            ("Ministry", "Regional council", "meeting", 4)
        ]
    );
    assert!(rows[0]["on"].as_str().unwrap().starts_with("2026-04-01"), "{}", rows[0]);
    assert_eq!(rows[2]["note"], "Kick-off");

    // The export (XLSX, dates typed) imports back unchanged, and a changed quality is an update.
    let xlsx = app
        .admin
        .get(app.url(&format!("/programmes/{p}/export/interactions?format=xlsx")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let back = app.import(&app.admin, &p, "interactions", "log.xlsx", xlsx).await;
    assert_eq!((back.body["added"].as_u64(), back.body["unchanged"].as_u64()), (Some(0), Some(3)), "{}", back.body);
    let changed = import(app.admin.clone(), "on,a,b,kind,quality\n2026-04-01,Ministry,Kitchen,referral,1\n").await;
    assert_eq!(changed.body["updated"], 1, "{}", changed.body);
    let hub = app.call(&app.admin, "hub/get", &[("programme_id", &p), ("query[q]", "kitchen")]).await;
    assert_eq!(hub.body["log"]["total"], 1, "free text finds an organisation's name");
    assert_eq!(hub.body["log"]["rows"][0]["quality"], 1);
    let hub =
        app.call(&app.admin, "hub/get", &[("programme_id", &p), ("query[filters][org]", "regional council")]).await;
    assert_eq!(hub.body["log"]["total"], 2, "one organisation's interactions");

    // An official of region R: a row wholly outside R is refused by its line, and nothing is written.
    let (official, _) = app.actor(Role::Official, &p).await;
    let agency = app
        .call(
            &app.admin,
            "organisations/save",
            &[("programme_id", &p), ("name", "Agency"), ("kind", "national_agency"), ("jurisdiction_code", "N")],
        )
        .await;
    assert!(agency.status.is_success(), "{}", agency.body);
    let outside = import(
        official.clone(),
        "on,a,b,kind,quality\n2026-05-01,Kitchen,Ministry,exchange,3\n2026-05-02,Ministry,Agency,exchange,3\n",
    )
    .await;
    assert_eq!(outside.body["fields"], serde_json::json!([{ "field": "a", "code": "outside_your_area", "row": 3 }]));
    let (observer, _) = app.actor(Role::Observer, &p).await;
    assert_eq!(import(observer, LOG).await.status, StatusCode::FORBIDDEN);
    let audit = app
        .call(&app.admin, "audit/search", &[("programme_id", &p), ("query[filters][action]", "interaction.import")])
        .await;
    assert_eq!(audit.body["total"], 4, "each import that went through is audited");
}
