use crate::helpers::*;
use app::domain::Role;
use reqwest::StatusCode;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_programme_has_the_five_work_packages_in_two_languages() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let r = app.call(&app.admin, "programmes/get", &[("id", &p)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let wps = r.body["work_packages"].as_array().unwrap();
    let codes: Vec<_> = wps.iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["WP0", "WP1", "WP2", "WP3", "WP4"]);
    let wp2 = &wps[2];
    assert_eq!(wp2["activities"].as_array().unwrap().len(), 3);
    assert_eq!(wp2["results"].as_array().unwrap().len(), 3);
    assert!(wp2["kpis"].as_array().unwrap().len() >= 4);
    // Every title exists in both languages; each travels in the viewer's language only.
    let titles = |body: &serde_json::Value| -> Vec<serde_json::Value> {
        let mut out = vec![];
        for wp in body["work_packages"].as_array().unwrap() {
            out.push(wp["title"].clone());
            for item in wp["activities"]
                .as_array()
                .unwrap()
                .iter()
                .chain(wp["results"].as_array().unwrap())
                .chain(wp["kpis"].as_array().unwrap())
            {
                out.push(item["title"].clone());
            }
        }
        out
    };
    for t in titles(&r.body) {
        assert!(!t["en"].as_str().unwrap().is_empty() && t.get("fr").is_none(), "{t}");
    }
    let fr: serde_json::Value = app
        .admin
        .post(app.url("/api/programmes/get"))
        .header("accept-language", "fr")
        .form(&[("id", &p)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(fr["work_packages"][2]["title"]["fr"].as_str().unwrap().contains("multiniveaux"));
    for t in titles(&fr) {
        assert!(!t["fr"].as_str().unwrap().is_empty() && t.get("en").is_none(), "{t}");
    }
    let (_, page) = app.get(&app.admin, &format!("/programmes/{p}")).await;
    assert!(page.contains("WP3") && page.contains("Key performance indicators of WP1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_reports_every_bad_field_and_refuses_duplicates() {
    let app = TestApp::spawn().await;
    let r = app
        .call(
            &app.admin,
            "programmes/create",
            &[("name", ""), ("country", "France"), ("languages", "english"), ("periods", "2026-H3")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> =
        r.body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_string()).collect();
    assert_eq!(fields, ["name", "country", "languages", "periods"]);
    let form = [("name", "Duplicated"), ("country", "pt"), ("languages", "pt, en"), ("periods", "2026")];
    assert_eq!(app.call(&app.admin, "programmes/create", &form).await.status, StatusCode::OK);
    let dup = app.call(&app.admin, "programmes/create", &form).await;
    assert_eq!((dup.status, dup.body["field"].as_str()), (StatusCode::CONFLICT, Some("name")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_see_only_their_programmes() {
    let app = TestApp::spawn().await;
    let a = app.programme().await;
    let b = app.programme().await;
    let (c, _) = app.actor(Role::Coordinator, &a).await;
    let list = app.call(&c, "programmes/list", &[]).await;
    let ids: Vec<_> = list.body.as_array().unwrap().iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [a.as_str()]);
    assert_eq!(app.call(&c, "programmes/get", &[("id", &b)]).await.status, StatusCode::NOT_FOUND);
    let all = app.call(&app.admin, "programmes/list", &[]).await;
    assert!(all.body.as_array().unwrap().len() >= 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_changes_are_audited_and_searchable() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let (coord, coord_email) = app.actor(Role::Coordinator, &p).await;
    app.ensure_region(&p).await;
    let r = app
        .call(
            &coord,
            "jurisdictions/create",
            &[
                ("programme_id", &p),
                ("code", "R-TOWN"),
                ("name", "Audit Town"),
                ("level", "local"),
                ("parent_code", "R"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let found = app.call(&coord, "audit/search", &[("programme_id", &p), ("query[q]", "audit town")]).await;
    let entries = found.body["rows"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{}", found.body);
    assert_eq!(entries[0]["actor_email"], coord_email.as_str());
    assert_eq!(entries[0]["action"], "jurisdiction.create");
    let all = app.call(&coord, "audit/search", &[("programme_id", &p), ("query[q]", "")]).await;
    let actions: Vec<_> =
        all.body["rows"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect();
    assert!(
        actions.contains(&"programme.create".to_string()) && actions.contains(&"jurisdiction.import".to_string()),
        "{actions:?}"
    );
    let platform =
        app.call(&app.admin, "audit/search", &[("programme_id", ""), ("query[q]", "user.create_admin")]).await;
    assert!(!platform.body["rows"].as_array().unwrap().is_empty());
}
