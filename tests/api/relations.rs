//! The relationship map: typed graph edges between organisations, one organisation's neighbourhood,
//! counts per kind, and who may draw an edge.
use crate::helpers::*;
use app::domain::Role;
use reqwest::StatusCode;

async fn org(app: &TestApp, p: &str, name: &str, place: &str) -> String {
    let r = app
        .call(
            &app.admin,
            "organisations/save",
            &[("programme_id", p), ("name", name), ("kind", "cso"), ("jurisdiction_code", place)],
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    r.body.as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relationships_are_typed_edges_filtered_to_a_neighbourhood() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let hub = org(&app, &p, "Hub Association", "R").await;
    let a = org(&app, &p, "Alpha", "R").await;
    org(&app, &p, "Beta", "N").await;
    let far = org(&app, &p, "Far Away", "N").await;
    let add = |from: String, kind: &'static str, to: &'static str| {
        let app = &app;
        let p = p.clone();
        async move {
            app.call(&app.admin, "relations/add", &[("programme_id", &p), ("from", &from), ("kind", kind), ("to", to)])
                .await
        }
    };
    assert!(add(hub.clone(), "coordinates", "alpha").await.status.is_success(), "names match case aside");
    assert!(add(hub.clone(), "partners_with", "Beta").await.status.is_success());
    assert!(add(far.clone(), "funds", "Beta").await.status.is_success());
    let dup = add(hub.clone(), "coordinates", "Alpha").await;
    assert_eq!(dup.body["fields"][0]["code"], "duplicate_relation");
    let unknown = add(hub.clone(), "funds", "Nobody").await;
    assert_eq!(unknown.body["fields"][0]["code"], "unknown_organisation");
    let odd = add(hub.clone(), "hates", "Beta").await;
    assert_eq!(odd.body["fields"][0]["code"], "invalid_relation");
    let around = app.call(&app.admin, "relations/map", &[("programme_id", &p), ("focus", &hub)]).await;
    let edges = around.body["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 2, "{}", around.body);
    assert!(edges.iter().all(|e| e["from_name"] == "Hub Association"));
    let whole = app.call(&app.admin, "relations/map", &[("programme_id", &p)]).await;
    assert_eq!(whole.body["edges"].as_array().unwrap().len(), 3);
    assert_eq!(whole.body["most_connected"][0][1], "Beta", "{}", whole.body);
    // An official of the region draws from their organisations, not from the national ones.
    let (official, _) = app.actor(Role::Official, &p).await;
    let theirs = app
        .call(&official, "relations/add", &[("programme_id", &p), ("from", &a), ("kind", "refers_to"), ("to", "Beta")])
        .await;
    assert!(theirs.status.is_success(), "{}", theirs.body);
    let not_theirs = app
        .call(
            &official,
            "relations/add",
            &[("programme_id", &p), ("from", &far), ("kind", "refers_to"), ("to", "Alpha")],
        )
        .await;
    assert_eq!(not_theirs.status, StatusCode::FORBIDDEN);
    // Counts per kind and the most connected (edges out and in), with every change shown at once.
    let whole = app.call(&app.admin, "relations/map", &[("programme_id", &p)]).await.body;
    assert_eq!(whole["edges"].as_array().unwrap().len(), 4, "{whole}");
    assert_eq!(
        whole["by_kind"],
        serde_json::json!([["coordinates", 1], ["funds", 1], ["partners_with", 1], ["refers_to", 1]])
    );
    let top = |m: &serde_json::Value| -> Vec<(String, u64)> {
        m["most_connected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c[1].as_str().unwrap().into(), c[2].as_u64().unwrap()))
            .collect()
    };
    let expected = [("Beta", 3), ("Alpha", 2), ("Hub Association", 2), ("Far Away", 1)];
    assert_eq!(top(&whole), expected.map(|(n, c)| (n.to_string(), c)));
    let first = whole["edges"][0]["id"].as_str().unwrap().to_string();
    let removed = app.call(&app.admin, "relations/remove", &[("programme_id", &p), ("id", &first)]).await;
    assert!(removed.status.is_success(), "{}", removed.body);
    app.state
        .db
        .query("UPDATE organisation SET name = 'Beta Renamed' WHERE name = 'Beta'")
        .await
        .unwrap()
        .check()
        .unwrap();
    let whole = app.call(&app.admin, "relations/map", &[("programme_id", &p)]).await.body;
    assert_eq!(whole["edges"].as_array().unwrap().len(), 3, "{whole}");
    assert_eq!(top(&whole)[0].0, "Beta Renamed");
    // The map page draws the neighbourhood as SVG with the same edges in a table.
    let (_, html) = app.get(&app.admin, &format!("/programmes/{p}/relations?focus={hub}")).await;
    assert!(html.contains("class=\"radial\"") && html.contains("Around Hub Association"), "{html}");
    let csv = app
        .admin
        .get(app.url(&format!("/programmes/{p}/export/relations?focus={hub}&format=csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_multilevel_view_counts_organisations_at_each_node_and_below() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    org(&app, &p, "Regional one", "R").await;
    org(&app, &p, "Regional two", "R").await;
    org(&app, &p, "National one", "N").await;
    let r = app
        .call(&app.admin, "organisations/save", &[("programme_id", &p), ("name", "Nowhere"), ("kind", "media")])
        .await;
    assert!(r.status.is_success());
    let m = app.call(&app.admin, "organisations/multilevel", &[("programme_id", &p)]).await;
    let nodes: Vec<(String, u64, u64)> = m.body["nodes"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["code"].as_str().unwrap().to_string(), n["here"].as_u64().unwrap(), n["below"].as_u64().unwrap()))
        .collect();
    assert_eq!(nodes, [("N".to_string(), 1, 3), ("R".to_string(), 2, 2)]);
    assert_eq!(m.body["unplaced"], 1);
    let national_only =
        app.call(&app.admin, "organisations/multilevel", &[("programme_id", &p), ("query[filters][depth]", "1")]).await;
    assert_eq!(national_only.body["nodes"]["total"], 1, "collapsed to the national level");
}
