use crate::helpers::*;
use reqwest::StatusCode;

async fn count(app: &TestApp, p: &str) -> usize {
    app.call(&app.admin, "jurisdictions/list", &[("programme_id", p)]).await.body["items"]["rows"]
        .as_array()
        .unwrap()
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_csv_imports_nothing_and_reports_each_cell() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let before = count(&app, &p).await;
    let csv = "code,name,level,parent_code\nR-1,One,local,R\nR-2,,local,R\nR-3,Three,county,R\nR-4,Four,local,NOPE\nR,Again,local,N\n";
    let r = app.import_jurisdictions(&app.admin, &p, csv).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let cells: Vec<(u64, String, String)> = r.body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["row"].as_u64().unwrap(), f["field"].as_str().unwrap().into(), f["code"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        cells,
        [
            (3, "name".into(), "required".into()),
            (4, "level".into(), "invalid_level".into()),
            (5, "parent_code".into(), "unknown_parent".into()),
            (6, "level".into(), "jurisdiction_moved".into()),
        ]
    );
    assert_eq!(count(&app, &p).await, before, "nothing was half-imported");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_csv_builds_the_tree_in_order() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let csv = "code,name,level,parent_code\nxa-n-01,Northtown,local,XA-N\nXA,Arcadia,national,\nXA-N,North,regional,XA\nXA-S,South,regional,XA\n";
    let r = app.import_jurisdictions(&app.admin, &p, csv).await;
    assert_eq!(
        (r.status, r.body.clone()),
        (StatusCode::OK, serde_json::json!({ "added": 4, "updated": 0, "unchanged": 0, "surplus": [] }))
    );
    let tree = app.call(&app.admin, "jurisdictions/list", &[("programme_id", &p)]).await;
    let rows: Vec<(String, u64)> = tree.body["items"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| (j["code"].as_str().unwrap().into(), j["depth"].as_u64().unwrap()))
        .collect();
    assert_eq!(rows, [("XA".into(), 0), ("XA-N".into(), 1), ("XA-N-01".into(), 2), ("XA-S".into(), 1)]);
    // Adding one by hand checks the parent's level and the code's uniqueness against the stored tree.
    let dup = app
        .call(
            &app.admin,
            "jurisdictions/create",
            &[("programme_id", &p), ("code", "xa-s"), ("name", "Again"), ("level", "regional"), ("parent_code", "XA")],
        )
        .await;
    assert_eq!(dup.body["fields"][0]["code"], "duplicate_code");
    let wrong_level = app
        .call(
            &app.admin,
            "jurisdictions/create",
            &[
                ("programme_id", &p),
                ("code", "XA-S-R"),
                ("name", "Sub-region"),
                ("level", "regional"),
                ("parent_code", "XA-S"),
            ],
        )
        .await;
    assert_eq!(wrong_level.body["fields"][0]["code"], "level_below_parent");
    let ok = app
        .call(
            &app.admin,
            "jurisdictions/create",
            &[
                ("programme_id", &p),
                ("code", "XA-S-01"),
                ("name", "Southtown"),
                ("level", "local"),
                ("parent_code", "XA-S"),
            ],
        )
        .await;
    assert_eq!(ok.body, "XA-S-01");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_and_delete_keep_the_tree_whole() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let leaf = app
        .call(
            &app.admin,
            "jurisdictions/create",
            &[("programme_id", &p), ("code", "R-LEAF"), ("name", "Leaf"), ("level", "local"), ("parent_code", "R")],
        )
        .await;
    assert_eq!(leaf.status, StatusCode::OK);
    let renamed = app
        .call(&app.admin, "jurisdictions/rename", &[("programme_id", &p), ("code", "r-leaf"), ("name", "Leafton")])
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    let empty =
        app.call(&app.admin, "jurisdictions/rename", &[("programme_id", &p), ("code", "R-LEAF"), ("name", " ")]).await;
    assert_eq!(empty.body["fields"][0]["code"], "required");
    // A region with a child cannot go; the leaf can.
    let parent = app.call(&app.admin, "jurisdictions/delete", &[("programme_id", &p), ("code", "R")]).await;
    assert_eq!(
        (parent.status, parent.body["fields"][0]["code"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("jurisdiction_in_use"))
    );
    let gone = app.call(&app.admin, "jurisdictions/delete", &[("programme_id", &p), ("code", "R-LEAF")]).await;
    assert_eq!(gone.status, StatusCode::OK, "{}", gone.body);
    let again = app.call(&app.admin, "jurisdictions/delete", &[("programme_id", &p), ("code", "R-LEAF")]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let audit = app.call(&app.admin, "audit/search", &[("programme_id", &p), ("query[q]", "leafton")]).await;
    let actions: Vec<_> =
        audit.body["rows"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap().to_string()).collect();
    assert_eq!(actions, ["jurisdiction.delete", "jurisdiction.rename"]);
}
