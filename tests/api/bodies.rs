//! The hub's seats, the consultative platforms, meetings and action items, and WP2.K1/K2 computed
//! from the seats.
use crate::helpers::*;
use app::domain::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn codes(body: &Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .map(|a| a.iter().map(|f| f["code"].as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

async fn org(app: &TestApp, p: &str, name: &str, kind: &str, place: &str, extra: &[(&str, &str)]) {
    let mut form = vec![("programme_id", p), ("name", name), ("kind", kind), ("jurisdiction_code", place)];
    form.extend_from_slice(extra);
    let r = app.call(&app.admin, "organisations/save", &form).await;
    assert!(r.status.is_success(), "{}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seats_meetings_and_action_items_drive_wp2_k1_k2_and_the_overdue_list() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    org(&app, &p, "Ministry", "ministry", "N", &[]).await;
    org(&app, &p, "Regional council", "regional_authority", "R", &[]).await;
    org(&app, &p, "Kitchen", "cso", "R", &[("sectors[]", "health"), ("women", "3"), ("men", "7")]).await;
    org(&app, &p, "Voices", "migrant_org", "R", &[("sectors[]", "health"), ("sectors[]", "housing")]).await;

    let seat = |body: String, who: &'static str, since: &'static str| {
        let (app, p) = (&app, p.clone());
        async move {
            app.call(
                &app.admin,
                "seats/add",
                &[("programme_id", &p), ("body", &body), ("organisation", who), ("role", "member"), ("since", since)],
            )
            .await
        }
    };
    // The hub seats public bodies only, once each at a time.
    assert!(seat("hub".into(), "Ministry", "2026-01-01").await.status.is_success());
    assert!(seat("hub".into(), "regional council", "2026-01-01").await.status.is_success());
    assert_eq!(codes(&seat("hub".into(), "Kitchen", "2026-01-01").await.body), ["hub_public_only"]);
    assert_eq!(codes(&seat("hub".into(), "Ministry", "2026-02-01").await.body), ["already_member"]);
    let bad = app
        .call(
            &app.admin,
            "seats/add",
            &[("programme_id", &p), ("body", "hub"), ("organisation", "Nobody"), ("role", "king"), ("since", "x")],
        )
        .await;
    assert_eq!(codes(&bad.body), ["unknown_organisation", "invalid_choice", "invalid_date"]);
    let hub = app.call(&app.admin, "hub/seats", &[("programme_id", &p)]).await;
    assert!(hub.status.is_success(), "{}", hub.body);
    assert_eq!(
        hub.body["k1"],
        json!({ "lines": [
            { "key": "national", "count": 1, "mean_quality": null },
            { "key": "regional", "count": 1, "mean_quality": null }
        ], "total": 2 })
    );
    // Ending a seat keeps it in the history and takes it out of WP2.K1.
    let council =
        hub.body["seats"].as_array().unwrap().iter().find(|s| s["organisation"] == "Regional council").unwrap();
    let sid = council["id"].as_str().unwrap();
    let early =
        app.call(&app.admin, "seats/end", &[("programme_id", &p), ("seat", sid), ("until", "2025-12-31")]).await;
    assert_eq!(codes(&early.body), ["before_start"]);
    assert!(app
        .call(&app.admin, "seats/end", &[("programme_id", &p), ("seat", sid), ("until", "2026-01-31")])
        .await
        .status
        .is_success());
    let hub = app.call(&app.admin, "hub/seats", &[("programme_id", &p)]).await;
    assert_eq!(hub.body["k1"]["total"], 1);
    assert_eq!(hub.body["seats"].as_array().unwrap().len(), 2);

    // A platform of private stakeholders: WP2.K2 by typology × sector, and its composition warnings.
    let created = app
        .call(
            &app.admin,
            "platforms/create",
            &[("programme_id", &p), ("name", "Regional platform"), ("level", "regional"), ("jurisdiction_code", "R")],
        )
        .await;
    assert!(created.status.is_success(), "{}", created.body);
    let plats = app.call(&app.admin, "platforms/list", &[("programme_id", &p)]).await;
    let pid = plats.body["platforms"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(codes(&seat(pid.clone(), "Ministry", "2026-01-01").await.body), ["platform_private_only"]);
    assert!(seat(pid.clone(), "Kitchen", "2026-01-01").await.status.is_success());
    assert!(seat(pid.clone(), "Voices", "2026-01-01").await.status.is_success());
    let plats = app.call(&app.admin, "platforms/list", &[("programme_id", &p)]).await;
    assert_eq!(
        plats.body["k2"],
        json!({ "lines": [
            { "key": "cso×health", "count": 1, "mean_quality": null },
            { "key": "migrant_org×health", "count": 1, "mean_quality": null },
            { "key": "migrant_org×housing", "count": 1, "mean_quality": null }
        ], "total": 2 })
    );
    let hub_page = app.call(&app.admin, "hub/seats", &[("programme_id", &p)]).await;
    assert_eq!(hub_page.body["k2"], plats.body["k2"], "the hub page shows WP2.K2 too");
    assert_eq!(
        plats.body["platforms"][0]["warnings"],
        json!([
            { "GenderUnbalanced": { "women": 3, "men": 7 } },
            { "MissingTypologies": ["research", "private_sector", "media"] }
        ])
    );

    // A hub meeting: only the hub's members that day can attend, and action items belong to one of them.
    let ministry = hub.body["seats"].as_array().unwrap().iter().find(|s| s["organisation"] == "Ministry").unwrap()
        ["organisation_id"]
        .as_str()
        .unwrap()
        .to_string();
    let kitchen_id =
        app::backend::repo::organisations::id_by_name(&app.state.db, &p, "Kitchen").await.unwrap().unwrap();
    let meeting = |attendee: String| {
        let (app, p) = (&app, p.clone());
        async move {
            app.call(
                &app.admin,
                "meetings/record",
                &[
                    ("programme_id", &p),
                    ("body", "hub"),
                    ("title", "Kick-off of the hub"),
                    ("kind", "kickoff"),
                    ("format", "hybrid"),
                    ("on", "2026-02-10"),
                    ("decisions", "Adopt the terms of reference\nMeet every quarter"),
                    ("attendees[]", &attendee),
                ],
            )
            .await
        }
    };
    assert_eq!(codes(&meeting(kitchen_id.clone()).await.body), ["not_a_member"]);
    assert!(meeting(ministry.clone()).await.status.is_success());
    let list = app.call(&app.admin, "meetings/list", &[("programme_id", &p), ("query[filters][body]", "hub")]).await;
    assert_eq!(list.body["page"]["total"], 1, "{}", list.body);
    assert_eq!(list.body["members"], json!([[ministry, "Ministry"]]));
    let mid = list.body["page"]["rows"][0]["id"].as_str().unwrap().to_string();
    let add = |owner: String, due: &'static str| {
        let (app, p, mid) = (&app, p.clone(), mid.clone());
        async move {
            app.call(
                &app.admin,
                "actions/add",
                &[
                    ("programme_id", &p),
                    ("meeting", &mid),
                    ("title", "Draft the terms"),
                    ("owner", &owner),
                    ("due", due),
                ],
            )
            .await
        }
    };
    assert_eq!(codes(&add(kitchen_id, "2026-03-01").await.body), ["not_attending"]);
    assert!(add(ministry.clone(), "2020-03-01").await.status.is_success());
    assert!(add(ministry.clone(), "2999-03-01").await.status.is_success());
    let list = app.call(&app.admin, "meetings/list", &[("programme_id", &p), ("query[filters][body]", "hub")]).await;
    assert_eq!(list.body["page"]["rows"][0]["open_items"], 2, "{}", list.body);
    let detail = app.call(&app.admin, "meetings/get", &[("programme_id", &p), ("id", &mid)]).await;
    assert_eq!(detail.body["decisions"], json!(["Adopt the terms of reference", "Meet every quarter"]));
    // The programme page lists the open items past due (its cache follows every write).
    let overview = app.call(&app.admin, "programmes/get", &[("id", &p)]).await;
    let overdue = &overview.body["overdue"];
    assert_eq!(overdue["total"], 1, "{}", overview.body);
    assert_eq!(overdue["items"][0]["due"], "2020-03-01");
    let item = overdue["items"][0]["id"].as_str().unwrap().to_string();
    assert!(app
        .call(&app.admin, "actions/status", &[("programme_id", &p), ("item", &item), ("status", "done")])
        .await
        .status
        .is_success());
    assert_eq!(app.call(&app.admin, "programmes/get", &[("id", &p)]).await.body["overdue"]["total"], 0);
    // The meeting's page (cached) shows the item done, and an attendee renamed, at once.
    let detail = app.call(&app.admin, "meetings/get", &[("programme_id", &p), ("id", &mid)]).await.body;
    let statuses: Vec<&str> =
        detail["items"].as_array().unwrap().iter().map(|i| i["status"].as_str().unwrap()).collect();
    assert!(statuses.contains(&"done"), "{detail}");
    app.state
        .db
        .query("UPDATE organisation SET name = 'Ministry of Integration' WHERE name = 'Ministry'")
        .await
        .unwrap();
    let detail = app.call(&app.admin, "meetings/get", &[("programme_id", &p), ("id", &mid)]).await.body;
    assert_eq!(detail["attendees"][0][1], "Ministry of Integration", "{detail}");
    app.state
        .db
        .query("UPDATE organisation SET name = 'Ministry' WHERE name = 'Ministry of Integration'")
        .await
        .unwrap();

    // Meetings page as any list: 55 more on one day, paged by keyset on (date, id) without a gap.
    for n in 0..55 {
        let r = app
            .call(
                &app.admin,
                "meetings/record",
                &[
                    ("programme_id", &p),
                    ("body", "hub"),
                    ("title", &format!("Working group {n}")),
                    ("kind", "working_group"),
                    ("format", "online"),
                    ("on", "2026-04-01"),
                ],
            )
            .await;
        assert!(r.status.is_success(), "{}", r.body);
    }
    let (ids, totals) = all_pages(
        &app,
        &app.admin,
        "meetings/list",
        &[("programme_id", &p), ("query[filters][body]", "hub")],
        &["page"],
        "id",
    )
    .await;
    assert_eq!(totals, [56, 56]);
    assert_eq!(ids.iter().collect::<std::collections::BTreeSet<_>>().len(), 56, "no meeting skipped or repeated");
    let found = app
        .call(
            &app.admin,
            "meetings/list",
            &[("programme_id", &p), ("query[filters][body]", "hub"), ("query[q]", "kick-off")],
        )
        .await;
    assert_eq!(found.body["page"]["total"], 1);

    // Officials and observers read; only coordinators run the bodies.
    for role in [Role::Official, Role::Observer] {
        let (c, _) = app.actor(role, &p).await;
        assert!(app.call(&c, "hub/seats", &[("programme_id", &p)]).await.status.is_success());
        let refused = app
            .call(
                &c,
                "seats/add",
                &[
                    ("programme_id", &p),
                    ("body", "hub"),
                    ("organisation", "Ministry"),
                    ("role", "member"),
                    ("since", "2026-01-01"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{role:?}");
    }
    // Every change is in the audit log.
    for (action, n) in [
        ("seat.create", 4),
        ("seat.end", 1),
        ("platform.create", 1),
        ("meeting.create", 56),
        ("action_item.create", 2),
        ("action_item.status", 1),
    ] {
        let log =
            app.call(&app.admin, "audit/search", &[("programme_id", &p), ("query[filters][action]", action)]).await;
        assert_eq!(log.body["total"], n, "{action}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_official_runs_the_platforms_of_their_region_and_nothing_else() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let r = app.import_jurisdictions(&app.admin, &p, "code,name,level,parent_code\nS,South,regional,N\n").await;
    assert!(r.status.is_success(), "{}", r.body);
    org(&app, &p, "Ministry", "ministry", "N", &[]).await;
    org(&app, &p, "Kitchen", "cso", "R", &[]).await;
    let (official, _) = app.actor(Role::Official, &p).await;
    let create = |c: &reqwest::Client, name: &'static str, level: &'static str, place: &'static str| {
        let (app, p, c) = (&app, p.clone(), c.clone());
        async move {
            app.call(
                &c,
                "platforms/create",
                &[("programme_id", &p), ("name", name), ("level", level), ("jurisdiction_code", place)],
            )
            .await
        }
    };
    // Regional platforms of the official's own region only.
    assert_eq!(
        codes(&create(&official, "National forum", "national", "N").await.body),
        ["outside_your_area", "outside_your_area"]
    );
    assert_eq!(codes(&create(&official, "South forum", "regional", "S").await.body), ["outside_your_area"]);
    assert!(create(&official, "Region forum", "regional", "R").await.status.is_success());
    assert!(create(&app.admin, "South forum", "regional", "S").await.status.is_success());
    let list = app.call(&official, "platforms/list", &[("programme_id", &p)]).await.body;
    let id_of = |name: &str| {
        list["platforms"].as_array().unwrap().iter().find(|x| x["name"] == name).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (ours, theirs) = (id_of("Region forum"), id_of("South forum"));
    let can = |name: &str| {
        list["platforms"].as_array().unwrap().iter().find(|x| x["name"] == name).unwrap()["can_manage"].clone()
    };
    assert_eq!((can("Region forum"), can("South forum")), (json!(true), json!(false)));
    let seat = |body: String, who: &'static str| {
        let (app, p, official) = (&app, p.clone(), official.clone());
        async move {
            app.call(
                &official,
                "seats/add",
                &[
                    ("programme_id", &p),
                    ("body", &body),
                    ("organisation", who),
                    ("role", "member"),
                    ("since", "2026-01-01"),
                ],
            )
            .await
        }
    };
    assert!(seat(ours.clone(), "Kitchen").await.status.is_success());
    assert_eq!(seat(theirs.clone(), "Kitchen").await.status, StatusCode::FORBIDDEN);
    assert_eq!(seat("hub".into(), "Ministry").await.status, StatusCode::FORBIDDEN);
    // Its meetings and action items too.
    let kitchen = app.call(&official, "platforms/list", &[("programme_id", &p)]).await.body["platforms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "Region forum")
        .unwrap()["seats"][0]["organisation_id"]
        .as_str()
        .unwrap()
        .to_string();
    let meeting = |body: String| {
        let (app, p, official, kitchen) = (&app, p.clone(), official.clone(), kitchen.clone());
        async move {
            app.call(
                &official,
                "meetings/record",
                &[
                    ("programme_id", &p),
                    ("body", &body),
                    ("title", "First meeting"),
                    ("kind", "kickoff"),
                    ("format", "in_person"),
                    ("on", "2026-02-01"),
                    ("attendees[]", &kitchen),
                ],
            )
            .await
        }
    };
    assert!(meeting(ours.clone()).await.status.is_success());
    assert_eq!(meeting(theirs.clone()).await.status, StatusCode::FORBIDDEN);
    let meetings = app.call(&official, "meetings/list", &[("programme_id", &p), ("query[filters][body]", &ours)]).await;
    assert_eq!(meetings.body["can_manage"], true, "{}", meetings.body);
    let mid = meetings.body["page"]["rows"][0]["id"].as_str().unwrap().to_string();
    let r = app
        .call(
            &official,
            "actions/add",
            &[
                ("programme_id", &p),
                ("meeting", &mid),
                ("title", "Invite employers"),
                ("owner", &kitchen),
                ("due", "2026-03-01"),
            ],
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let hub = app.call(&official, "meetings/list", &[("programme_id", &p), ("query[filters][body]", "hub")]).await;
    assert_eq!(hub.body["can_manage"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cached_platforms_and_seats_show_every_change_at_once() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    org(&app, &p, "Ministry", "ministry", "N", &[]).await;
    org(&app, &p, "Kitchen", "cso", "R", &[]).await;
    let platforms = || async { app.call(&app.admin, "platforms/list", &[("programme_id", &p)]).await.body };
    let hub = || async { app.call(&app.admin, "hub/seats", &[("programme_id", &p)]).await.body };
    // Read once, so the snapshot is cached.
    assert_eq!(platforms().await["platforms"], json!([]));
    assert_eq!(hub().await["seats"], json!([]));
    let seat = |body: String, who: &'static str| {
        let (app, p) = (&app, p.clone());
        async move {
            let form = [
                ("programme_id", p.as_str()),
                ("body", &body),
                ("organisation", who),
                ("role", "member"),
                ("since", "2026-01-01"),
            ];
            let r = app.call(&app.admin, "seats/add", &form).await;
            assert!(r.status.is_success(), "{}", r.body);
        }
    };
    // Through the pages' own writes.
    let form = [("programme_id", p.as_str()), ("name", "Platform"), ("level", "regional"), ("jurisdiction_code", "R")];
    assert!(app.call(&app.admin, "platforms/create", &form).await.status.is_success());
    let pid = platforms().await["platforms"][0]["id"].as_str().unwrap().to_string();
    seat(pid, "Kitchen").await;
    seat("hub".into(), "Ministry").await;
    let listed = platforms().await;
    assert_eq!(listed["platforms"][0]["place"], "Region", "{listed}");
    assert_eq!(listed["platforms"][0]["seats"][0]["organisation"], "Kitchen", "{listed}");
    assert_eq!(listed["k2"]["total"], 1, "{listed}");
    assert_eq!(hub().await["k1"]["total"], 1);
    // Straight in the database, table by table: each shows at once.
    let write = |sql: &'static str| {
        let (app, p) = (&app, p.clone());
        async move {
            app.state.db.query(sql).bind(("p", p)).await.unwrap().check().unwrap();
        }
    };
    write("UPDATE organisation SET name = 'Renamed Kitchen' WHERE programme = type::record('programme', $p) AND name = 'Kitchen'").await;
    assert_eq!(platforms().await["platforms"][0]["seats"][0]["organisation"], "Renamed Kitchen");
    write("UPDATE jurisdiction SET name = 'Renamed Region' WHERE programme = type::record('programme', $p) AND code = 'R'").await;
    assert_eq!(platforms().await["platforms"][0]["place"], "Renamed Region");
    write("UPDATE platform SET name = 'Renamed Platform' WHERE programme = type::record('programme', $p)").await;
    assert_eq!(platforms().await["platforms"][0]["name"], "Renamed Platform");
    write("UPDATE seat SET until = '2026-01-31' WHERE programme = type::record('programme', $p) AND platform = NONE")
        .await;
    assert_eq!(hub().await["k1"]["total"], 0);
}
