//! Consultation activities of a round: a focus group recorded with its participants by type, its
//! provisions and their costs, and its contributions, each coded into the round's themes and counted
//! beside the other channels; mistakes named by field and nothing saved; exports; coordinators only.
use crate::helpers::*;
use crate::rounds::{analysis, open_round};
use app::domain::Role;

async fn activities(app: &TestApp, c: &reqwest::Client, programme: &str, round: &str) -> Reply {
    app.call(c, "activities/list", &[("programme_id", programme), ("round_id", round)]).await
}

async fn record(app: &TestApp, programme: &str, round: &str, fields: &[(&str, &str)]) -> Reply {
    let mut form = vec![("programme_id", programme), ("round_id", round)];
    form.extend_from_slice(fields);
    app.call(&app.admin, "activities/record", &form).await
}

const FOCUS_GROUP: &[(&str, &str)] = &[
    ("title", "Women's focus group, Nordmark"),
    ("format", "focus_group"),
    ("held_on", "2026-03-02"),
    ("place", "R"),
    ("participants[migrant]", "9"),
    ("participants[cso]", "2"),
    ("women", "10"),
    ("provisions[]", "childcare"),
    ("provisions[]", "safe_session"),
    ("costs[interpretation]", "240,50"),
    ("costs[childcare]", "80"),
    ("contributions", "Evening language classes near the station\n\nChildcare during courses\n"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_focus_group_is_recorded_coded_and_counted_beside_the_other_channels() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (round, _, _) = open_round(&app, &programme).await;

    // Mistakes are named by field, and nothing is saved.
    let r = record(
        &app,
        &programme,
        &round,
        &[
            ("title", "Interviews"),
            ("format", "interview"),
            ("held_on", "2026-03-02"),
            ("participants[migrant]", "two"),
            ("women", "5"),
            ("costs[travel]", "12.345"),
            ("contributions", "x"),
        ],
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let fields: Vec<(String, String)> = r.body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap().to_string(), f["code"].as_str().unwrap().to_string()))
        .collect();
    for expected in
        [("participants.migrant", "invalid_count"), ("women", "more_than_total"), ("costs.travel", "invalid_cost")]
    {
        assert!(fields.contains(&(expected.0.to_string(), expected.1.to_string())), "{expected:?} in {fields:?}");
    }
    let mut unknown_place = FOCUS_GROUP.to_vec();
    unknown_place[3] = ("place", "NOWHERE");
    let r = record(&app, &programme, &round, &unknown_place).await;
    assert_eq!(r.body["fields"][0]["field"], "place", "{}", r.body);
    let list = activities(&app, &app.admin, &programme, &round).await;
    assert_eq!(list.body["page"]["total"], 0, "nothing saved: {}", list.body);

    // The focus group, with its provisions and their costs.
    let r = record(&app, &programme, &round, FOCUS_GROUP).await;
    assert!(r.status.is_success(), "{}", r.body);
    let list = activities(&app, &app.admin, &programme, &round).await.body;
    let a = &list["page"]["rows"][0];
    assert_eq!(a["title"], "Women's focus group, Nordmark");
    assert_eq!(a["place"], "Region");
    assert_eq!(a["total"], 11);
    assert_eq!(a["women"], 10);
    assert_eq!(a["participants"], serde_json::json!([["migrant", 9], ["cso", 2]]));
    let provisions: Vec<(String, i64)> = a["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["kind"].as_str().unwrap().to_string(), p["cost_cents"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        provisions,
        [("interpretation".to_string(), 24_050), ("childcare".to_string(), 8_000), ("safe_session".to_string(), 0)]
    );
    assert_eq!(list["provision_totals"][0], serde_json::json!(["interpretation", 1, 24_050]));
    let contributions = a["contributions"].as_array().unwrap();
    assert_eq!(contributions.len(), 2);
    assert_eq!(contributions[0]["text"], "Evening language classes near the station");

    // A second activity, to filter by format.
    let mut interview = FOCUS_GROUP.to_vec();
    interview[0] = ("title", "Interview with a mediator");
    interview[1] = ("format", "interview");
    assert!(record(&app, &programme, &round, &interview).await.status.is_success());
    let filtered = app
        .call(
            &app.admin,
            "activities/list",
            &[("programme_id", &programme), ("round_id", &round), ("query[filters][kind]", "interview")],
        )
        .await;
    assert_eq!(filtered.body["page"]["total"], 1, "{}", filtered.body);
    assert_eq!(filtered.body["page"]["rows"][0]["title"], "Interview with a mediator");

    // Coding: a contribution counts in its theme, next to anonymous answers and inputs.
    let r = app
        .call(
            &app.admin,
            "rounds/theme",
            &[("programme_id", &programme), ("round_id", &round), ("label_en", "Language"), ("label_ar", "اللغة")],
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let language =
        analysis(&app, &app.admin, &programme, &round).await["themes"][0]["id"].as_str().unwrap().to_string();
    let first = contributions[0]["id"].as_str().unwrap().to_string();
    let code = |id: String, theme: String| {
        let (app, programme, round) = (&app, programme.clone(), round.clone());
        async move {
            app.call(
                &app.admin,
                "activities/code",
                &[("programme_id", &programme), ("round_id", &round), ("contribution_id", &id), ("themes[]", &theme)],
            )
            .await
        }
    };
    assert!(code(first.clone(), language.clone()).await.status.is_success());
    assert_eq!(code(first.clone(), "nosuchtheme".into()).await.body["fields"][0]["code"], "unknown_theme");
    let a = analysis(&app, &app.admin, &programme, &round).await;
    assert_eq!(a["themes"][0]["meetings"], 1, "{}", a["themes"]);
    let list = activities(&app, &app.admin, &programme, &round).await.body;
    let coded =
        list["page"]["rows"].as_array().unwrap().iter().flat_map(|a| a["contributions"].as_array().unwrap().clone());
    assert_eq!(coded.filter(|c| c["themes"] == serde_json::json!([language.clone()])).count(), 1);

    // The export: one row per activity, with costs and contributions.
    let csv = app
        .admin
        .get(app.url(&format!("/programmes/{programme}/export/activities?round={round}&format=csv")))
        .send()
        .await
        .unwrap();
    assert!(csv.status().is_success());
    let csv = csv.text().await.unwrap();
    assert!(
        csv.contains("Women's focus group, Nordmark") && csv.contains("320.5") && csv.contains("Childcare"),
        "{csv}"
    );

    // Every change is audited, without what was said.
    let audit: Vec<String> = app
        .state
        .db
        .query("SELECT VALUE summary FROM audit WHERE action IN ['activity.create', 'contribution.code']")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(audit.len(), 3, "{audit:?}");
    assert!(audit.iter().all(|s| !s.contains("Evening language")), "{audit:?}");

    // Removing the activity removes its contributions and their counts.
    let id = list["page"]["rows"].as_array().unwrap().iter().find(|a| a["format"] == "focus_group").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .call(
            &app.admin,
            "activities/delete",
            &[("programme_id", &programme), ("round_id", &round), ("activity_id", &id)],
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let a = analysis(&app, &app.admin, &programme, &round).await;
    assert_eq!(a["themes"][0]["meetings"], 0);
    let left: Vec<String> = app
        .state
        .db
        .query("SELECT VALUE text FROM contribution WHERE activity = type::record('activity', $a)")
        .bind(("a", id))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert!(left.is_empty(), "{left:?}");

    // The list is a snapshot of the round's activities: every change shows at once, through the
    // API (the removal above) or straight in the database (the title, the place's name).
    let list = activities(&app, &app.admin, &programme, &round).await.body;
    assert_eq!(list["page"]["total"], 1, "{}", list["page"]);
    assert_eq!(list["provision_totals"][0], serde_json::json!(["interpretation", 1, 24_050]));
    app.state.db.query("UPDATE activity SET title = 'Renamed interview'").await.unwrap().check().unwrap();
    app.state
        .db
        .query("UPDATE jurisdiction SET name = 'Renamed region' WHERE code = 'R'")
        .await
        .unwrap()
        .check()
        .unwrap();
    let list = activities(&app, &app.admin, &programme, &round).await.body;
    assert_eq!(list["page"]["rows"][0]["title"], "Renamed interview");
    assert_eq!(list["page"]["rows"][0]["place"], "Renamed region");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_coordinators_record_activities_and_not_into_a_published_round_or_another_programme() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (round, _, _) = open_round(&app, &programme).await;
    let (official, _) = app.actor(Role::Official, &programme).await;
    assert_eq!(activities(&app, &official, &programme, &round).await.status, 403);
    let mut form = vec![("programme_id", programme.as_str()), ("round_id", round.as_str())];
    form.extend_from_slice(FOCUS_GROUP);
    assert_eq!(app.call(&official, "activities/record", &form).await.status, 403);
    let csv = official
        .get(app.url(&format!("/programmes/{programme}/export/activities?round={round}&format=csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 403);
    // A round of another programme is not found through this one.
    let other = app.programme().await;
    let r = record(&app, &other, &round, FOCUS_GROUP).await;
    assert_eq!(r.status, 404, "{}", r.body);
    // Once the report is published the record is closed.
    for to in ["closed", "analysed", "published"] {
        let r = crate::rounds::move_to(&app, &programme, &round, to).await;
        assert!(r.status.is_success(), "{to}: {}", r.body);
    }
    let r = record(&app, &programme, &round, FOCUS_GROUP).await;
    assert_eq!(r.body["fields"][0]["code"], "round_published", "{}", r.body);
}
