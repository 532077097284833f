//! The policy inventory (WP2.2): policies with their findings, the list and its export, the levels
//! compared per area, and who may keep which policies.
use crate::helpers::*;
use app::domain::Role;
use reqwest::StatusCode;
use serde_json::json;

fn codes(body: &serde_json::Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .map(|a| a.iter().map(|f| f["code"].as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn policies_are_compared_across_levels_and_officials_keep_their_own() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let save = |who: &reqwest::Client, form: Vec<(&'static str, &'static str)>| {
        let (app, p, who) = (&app, p.clone(), who.clone());
        async move {
            let mut f: Vec<(&str, &str)> = vec![("programme_id", &p)];
            f.extend(form);
            app.call(&who, "policies/save", &f).await
        }
    };
    let national = save(
        &app.admin,
        vec![
            ("title", "National integration strategy"),
            ("kind", "strategy"),
            ("jurisdiction_code", "n"),
            ("areas[]", "housing"),
            ("areas[]", "health"),
            ("starts", "2026-01-01"),
            ("ends", "2030-12-31"),
            ("status", "in_force"),
            ("link", "https://example.org/strategy"),
            ("gaps", "No measures for housing\nNo data by gender"),
            ("weaknesses", "Not funded"),
            ("recommendations", "Fund the housing measures"),
        ],
    )
    .await;
    assert!(national.status.is_success(), "{}", national.body);
    let national_id = national.body.as_str().unwrap().to_string();
    let bad = save(
        &app.admin,
        vec![
            ("title", ""),
            ("kind", "edict"),
            ("jurisdiction_code", "R"),
            ("areas[]", "space"),
            ("status", "in_force"),
        ],
    )
    .await;
    assert_eq!(codes(&bad.body), ["required", "invalid_choice", "unknown_sector"]);
    let unknown = save(
        &app.admin,
        vec![
            ("title", "X"),
            ("kind", "plan"),
            ("jurisdiction_code", "ZZ"),
            ("areas[]", "housing"),
            ("status", "draft"),
        ],
    )
    .await;
    assert_eq!(codes(&unknown.body), ["unknown_jurisdiction"]);

    // An official of region R keeps R's policies, and not the nation's.
    let (official, _) = app.actor(Role::Official, &p).await;
    let regional = save(
        &official,
        vec![
            ("title", "Regional housing plan"),
            ("kind", "plan"),
            ("jurisdiction_code", "R"),
            ("areas[]", "housing"),
            ("status", "draft"),
        ],
    )
    .await;
    assert!(regional.status.is_success(), "{}", regional.body);
    let outside = save(
        &official,
        vec![
            ("title", "Not mine"),
            ("kind", "plan"),
            ("jurisdiction_code", "N"),
            ("areas[]", "housing"),
            ("status", "draft"),
        ],
    )
    .await;
    assert_eq!(codes(&outside.body), ["outside_your_area"]);
    let edit_national = app
        .call(
            &official,
            "policies/save",
            &[
                ("programme_id", &p),
                ("id", &national_id),
                ("title", "Taken over"),
                ("kind", "law"),
                ("jurisdiction_code", "R"),
                ("areas[]", "housing"),
                ("status", "draft"),
            ],
        )
        .await;
    assert_eq!(edit_national.status, StatusCode::FORBIDDEN);
    let (observer, _) = app.actor(Role::Observer, &p).await;
    assert_eq!(
        save(
            &observer,
            vec![
                ("title", "X"),
                ("kind", "plan"),
                ("jurisdiction_code", "R"),
                ("areas[]", "housing"),
                ("status", "draft")
            ]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    // The levels side by side for each area, with the findings counted.
    let list = app.call(&app.admin, "policies/list", &[("programme_id", &p)]).await;
    assert_eq!(list.body["page"]["total"], 2);
    let cell = |row: &serde_json::Value, level: usize| -> Vec<String> {
        row["levels"][level].as_array().unwrap().iter().map(|c| c["title"].as_str().unwrap().to_string()).collect()
    };
    let comparison = list.body["comparison"].as_array().unwrap();
    assert_eq!(comparison.iter().map(|r| r["area"].as_str().unwrap()).collect::<Vec<_>>(), ["health", "housing"]);
    assert_eq!(cell(&comparison[1], 0), ["National integration strategy"]);
    assert_eq!(cell(&comparison[1], 1), ["Regional housing plan"]);
    assert!(cell(&comparison[0], 1).is_empty());
    assert_eq!(comparison[1]["levels"][0][0]["findings"], 3);
    // Filters, and an edit that keeps what it does not name.
    let regional_only =
        app.call(&app.admin, "policies/list", &[("programme_id", &p), ("query[filters][level]", "regional")]).await;
    assert_eq!(regional_only.body["page"]["rows"][0]["title"], "Regional housing plan");
    assert_eq!(regional_only.body["page"]["total"], 1);
    let edited = app
        .call(
            &app.admin,
            "policies/save",
            &[
                ("programme_id", &p),
                ("id", &national_id),
                ("title", "National integration strategy"),
                ("kind", "strategy"),
                ("jurisdiction_code", "N"),
                ("areas[]", "housing"),
                ("status", "under_review"),
                ("gaps", "No data by gender"),
            ],
        )
        .await;
    assert!(edited.status.is_success(), "{}", edited.body);
    let one = app.call(&app.admin, "policies/get", &[("programme_id", &p), ("id", &national_id)]).await;
    assert_eq!(one.body["policy"]["gaps"], json!(["No data by gender"]));
    assert_eq!(one.body["policy"]["link"], serde_json::Value::Null, "a field left empty is cleared");
    assert_eq!(one.body["policy"]["status"], "under_review");
    assert_eq!(one.body["places"], json!(["N", "R"]), "the form offers every place to a coordinator");
    // The official sees the national policy but gets no form for it, and only R for the regional one.
    let theirs = app.call(&official, "policies/get", &[("programme_id", &p), ("id", &national_id)]).await;
    assert_eq!((theirs.body["policy"]["editable"].as_bool(), theirs.body["places"].clone()), (Some(false), json!([])));
    let regional_id = regional.body.as_str().unwrap();
    let mine = app.call(&official, "policies/get", &[("programme_id", &p), ("id", regional_id)]).await;
    assert_eq!((mine.body["policy"]["editable"].as_bool(), mine.body["places"].clone()), (Some(true), json!(["R"])));
    // The export lists what the page lists; every change is audited.
    let csv = app
        .admin
        .get(app.url(&format!("/programmes/{p}/export/policies?format=csv&status=draft")))
        .send()
        .await
        .unwrap();
    let text = csv.text().await.unwrap();
    assert!(text.contains("Regional housing plan") && !text.contains("National integration strategy"), "{text}");
    for (action, n) in [("policy.create", 2), ("policy.update", 1)] {
        let log =
            app.call(&app.admin, "audit/search", &[("programme_id", &p), ("query[filters][action]", action)]).await;
        assert_eq!(log.body["total"], n, "{action}");
    }
}
