//! The hub's interactions log and the WP2 indicators computed from it.
use crate::helpers::*;
use app::domain::Role;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wp2_k3_and_k4_are_computed_from_the_interactions_log() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    for (name, kind, place) in
        [("Ministry", "ministry", "N"), ("Regional council", "regional_authority", "R"), ("Kitchen", "cso", "R")]
    {
        let r = app
            .call(
                &app.admin,
                "organisations/save",
                &[("programme_id", &p), ("name", name), ("kind", kind), ("jurisdiction_code", place)],
            )
            .await;
        assert!(r.status.is_success(), "{}", r.body);
    }
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
