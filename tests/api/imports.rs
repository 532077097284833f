//! The one import path: CSV in any common encoding or XLSX, every row validated first, all or
//! nothing, an upsert on a stable key that says what it did, and surplus columns named.
use crate::helpers::*;
use reqwest::StatusCode;

async fn names(app: &TestApp, p: &str) -> Vec<(String, String)> {
    let r = app.call(&app.admin, "jurisdictions/list", &[("programme_id", p)]).await;
    r.body["items"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| (j["code"].as_str().unwrap().to_string(), j["name"].as_str().unwrap().to_string()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_latin1_file_keeps_its_accents_and_a_binary_one_is_refused() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    // "Zürich" and "Genève" as Windows-1252 / Latin-1 bytes, with semicolons as a French Excel saves.
    let bytes = b"code;name;level;parent_code\r\nCH;Schweiz;national;\r\nCH-ZH;Z\xFCrich;regional;CH\r\nCH-GE;Gen\xE8ve;regional;CH\r\n".to_vec();
    let r = app.import(&app.admin, &p, "jurisdictions", "cantons.csv", bytes).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let names = names(&app, &p).await;
    assert!(names.contains(&("CH-ZH".into(), "Zürich".into())), "{names:?}");
    assert!(names.contains(&("CH-GE".into(), "Genève".into())), "{names:?}");
    let r = app.import(&app.admin, &p, "jurisdictions", "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00".to_vec()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["fields"][0]["code"], "file_not_text");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reimporting_matches_on_the_code_and_says_what_it_added_updated_and_left_alone() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let file = "code,name,level,parent_code,Notes\nXA,Arcadia,national,,x\nXA-N,North,regional,XA,y\nXA-S,South,regional,XA,z\n";
    let first = app.import_jurisdictions(&app.admin, &p, file).await;
    assert_eq!(first.body, serde_json::json!({ "added": 3, "updated": 0, "unchanged": 0, "surplus": ["Notes"] }));
    let again = app.import_jurisdictions(&app.admin, &p, file).await;
    assert_eq!(again.body, serde_json::json!({ "added": 0, "updated": 0, "unchanged": 3, "surplus": ["Notes"] }));
    let changed = app
        .import_jurisdictions(
            &app.admin,
            &p,
            "code,name,level,parent_code\nXA-N,Northland,regional,XA\nXA-E,East,regional,XA\n",
        )
        .await;
    assert_eq!(changed.body, serde_json::json!({ "added": 1, "updated": 1, "unchanged": 0, "surplus": [] }));
    assert_eq!(names(&app, &p).await.len(), 4, "no duplicates");
    assert!(names(&app, &p).await.contains(&("XA-N".into(), "Northland".into())));
    let log = app
        .call(&app.admin, "audit/search", &[("programme_id", &p), ("query[filters][action]", "jurisdiction.import")])
        .await;
    assert_eq!(log.body["total"], 3);
    assert_eq!(log.body["rows"][0]["summary"], "added 1, updated 1, unchanged 0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_xlsx_file_imports_like_its_csv_and_an_export_imports_back_unchanged() {
    use app::backend::export::{xlsx, Cell, Sheet};
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let text = |s: &str| Cell::Text(s.to_string());
    let sheet = Sheet {
        name: "tree".into(),
        headers: ["code", "name", "level", "parent_code"].iter().map(|s| s.to_string()).collect(),
        rows: vec![
            vec![text("XA"), text("Arcadia"), text("national"), Cell::Empty],
            vec![text("XA-1"), text("Region One"), text("regional"), text("XA")],
            vec![text("7"), text("Seven"), text("local"), text("XA-1")],
        ],
    };
    let r = app.import(&app.admin, &p, "jurisdictions", "tree.xlsx", xlsx(&sheet).unwrap()).await;
    assert_eq!(r.body["added"], 3, "{}", r.body);
    let exported =
        app.admin.get(app.url(&format!("/programmes/{p}/export/jurisdictions?format=xlsx"))).send().await.unwrap();
    let back = app.import(&app.admin, &p, "jurisdictions", "back.xlsx", exported.bytes().await.unwrap().to_vec()).await;
    assert_eq!(back.body, serde_json::json!({ "added": 0, "updated": 0, "unchanged": 3, "surplus": [] }));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_form_post_returns_to_the_page_with_the_result_or_the_errors_and_the_text() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let post = |csv: &'static str| {
        let form = reqwest::multipart::Form::new().text("csv", csv);
        app.admin
            .post(app.url(&format!("/programmes/{p}/import/jurisdictions")))
            .header("accept", "text/html")
            .multipart(form)
            .send()
    };
    let ok = post("code,name,level,parent_code\nXA,Arcadia,national,\n").await.unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let back = ok.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(back, format!("/programmes/{p}/jurisdictions?imported=1"));
    let (_, html) = app.get(&app.admin, &back).await;
    assert!(html.contains("Import finished: 1 added, 0 updated, 0 unchanged."), "{html}");
    // The result is shown once.
    let (_, html) = app.get(&app.admin, &back).await;
    assert!(!html.contains("Import finished: 1 added"));
    let bad = post("code,name,level,parent_code\nXA-Q,Quirky,county,XA\n").await.unwrap();
    assert_eq!(bad.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.get(&app.admin, &back).await;
    assert!(html.contains("Line 2, column level"), "every problem by line and column: {html}");
    assert!(html.contains("XA-Q,Quirky,county,XA"), "the pasted text comes back: {html}");
    assert_eq!(names(&app, &p).await.len(), 1, "nothing was written");
}
