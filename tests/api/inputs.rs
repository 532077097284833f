//! Attributed inputs to a round: an official answers for its jurisdiction, a member for its
//! organisation; drafts stay with their writers; one input per answerer, even under concurrency; a
//! region consolidates its municipalities' inputs with provenance both ways; deadlines hold.
use crate::helpers::*;
use crate::rounds::{detail, move_to};
use app::backend::repo::{memberships as repo_memberships, users as repo_users};
use reqwest::Client;
use serde_json::Value;

/// An official placed at the jurisdiction `code`, signed in.
async fn official_at(app: &TestApp, programme: &str, code: &str) -> Client {
    let c = client();
    let email = format!("{}@test.example", unique("official"));
    let hash = app.state.hasher.hash(PASSWORD).unwrap();
    let id = repo_users::create_user(&app.state.db, &email, "official", &hash, false).await.unwrap();
    let place = app::backend::repo::jurisdictions::by_code(&app.state.db, programme, code).await.unwrap().unwrap();
    repo_memberships::add_membership(&app.state.db, &id, programme, "official", Some(place.id), None).await.unwrap();
    assert!(app.login(&c, &email, PASSWORD).await.status.is_success());
    c
}

/// N → R → L1 and N → R2, and an open round over them whose deadlines are still ahead, with a
/// required single-choice question; returns (round, the choice question's id, the first text question's id).
async fn open_round(app: &TestApp, programme: &str) -> (String, String, String) {
    app.ensure_region(programme).await;
    let r = app
        .import_jurisdictions(
            &app.admin,
            programme,
            "code,name,level,parent_code\nL1,Town,local,R\nR2,Other region,regional,N\n",
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let today = time::OffsetDateTime::now_utc().date();
    let later = |days: i64| (today + time::Duration::days(days)).to_string();
    let r = app
        .call(
            &app.admin,
            "rounds/save",
            &[
                ("programme_id", programme),
                ("title", "Three levels"),
                ("languages[]", "en"),
                ("scope[]", "N"),
                ("opens", &today.to_string()),
                ("deadline_local", &later(10)),
                ("deadline_regional", &later(20)),
                ("deadline_national", &later(30)),
                ("closes", &later(40)),
            ],
        )
        .await;
    let round = r.body.as_str().unwrap().to_string();
    let r = app
        .call(
            &app.admin,
            "rounds/question",
            &[
                ("programme_id", programme),
                ("round_id", &round),
                ("kind", "single"),
                ("required", "yes"),
                ("text_en", "Which matters most?"),
                ("options_en", "Jobs\nHousing"),
            ],
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    assert!(move_to(app, programme, &round, "open").await.status.is_success());
    let d = detail(app, &app.admin, programme, &round).await;
    let qs = d["questions"].as_array().unwrap();
    let choice = qs.iter().find(|q| q["kind"] == "single").unwrap()["id"].as_str().unwrap().to_string();
    let text = qs[0]["id"].as_str().unwrap().to_string();
    (round, choice, text)
}

async fn save(app: &TestApp, c: &Client, programme: &str, round: &str, fields: &[(String, String)]) -> Reply {
    let mut form: Vec<(&str, &str)> = vec![("programme_id", programme), ("round_id", round)];
    form.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    app.call(c, "rounds/input", &form).await
}

fn q(id: &str, v: &str) -> (String, String) {
    (format!("q[a_{id}][]"), v.to_string())
}

fn names(list: &Value) -> Vec<String> {
    list.as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap().to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_municipal_input_is_drafted_submitted_amended_and_consolidated_by_its_region() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (round, choice, text) = open_round(&app, &programme).await;
    let town = official_at(&app, &programme, "L1").await;
    let region = official_at(&app, &programme, "R").await;
    let mine = detail(&app, &town, &programme, &round).await["mine"].clone();
    assert_eq!(mine["name"], "Town");
    assert_eq!(mine["level"], "local");
    assert!(mine["open"].as_bool().unwrap() && mine["input"].is_null());
    // A draft, then a submission that lacks the required answer: refused, and the draft keeps the text.
    let r = save(&app, &town, &programme, &round, &[q(&text, "Evening language classes")]).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert!(
        names(&detail(&app, &region, &programme, &round).await["inputs"]).is_empty(),
        "a draft is its writers' own"
    );
    let r = save(
        &app,
        &town,
        &programme,
        &round,
        &[q(&text, "Evening language classes, with childcare"), ("submit".into(), "yes".into())],
    )
    .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.body["fields"][0]["field"], format!("q_{choice}"));
    let mine = detail(&app, &town, &programme, &round).await["mine"].clone();
    assert_eq!(mine["input"]["status"], "draft");
    assert_eq!(mine["input"]["raw"][0]["v"][0], "Evening language classes, with childcare", "nothing typed is lost");
    let submit = |extra: &str| vec![q(&text, extra), q(&choice, "1"), ("submit".to_string(), "yes".to_string())];
    let r = save(&app, &town, &programme, &round, &submit("Evening language classes, with childcare")).await;
    assert!(r.status.is_success(), "{}", r.body);
    let r = save(&app, &town, &programme, &round, &submit("Evening classes, childcare and transport")).await;
    assert!(r.status.is_success(), "{}", r.body);
    let mine = detail(&app, &town, &programme, &round).await["mine"].clone();
    assert_eq!(mine["input"]["status"], "submitted");
    let today = time::OffsetDateTime::now_utc().date().to_string();
    assert_eq!(mine["input"]["submitted_on"], today);
    // The town cannot draw on anything; the region sees the town's input and consolidates it.
    let town_input = mine["input"]["id"].as_str().unwrap().to_string();
    let r = save(&app, &town, &programme, &round, &[q(&choice, "0"), ("draws_on[]".into(), town_input.clone())]).await;
    assert_eq!(r.body["fields"][0]["code"], "unknown_input");
    let theirs = detail(&app, &region, &programme, &round).await;
    assert_eq!(names(&theirs["mine"]["below"]), vec!["Town"]);
    let r = save(
        &app,
        &region,
        &programme,
        &round,
        &[q(&choice, "0"), ("draws_on[]".into(), "nosuchinput".into()), ("submit".into(), "yes".into())],
    )
    .await;
    assert_eq!(r.body["fields"][0]["code"], "unknown_input");
    let r = save(
        &app,
        &region,
        &programme,
        &round,
        &[
            q(&text, "The region funds transport."),
            q(&choice, "0"),
            ("draws_on[]".into(), town_input.clone()),
            ("submit".into(), "yes".into()),
        ],
    )
    .await;
    assert!(r.status.is_success(), "{}", r.body);
    // Provenance both ways, as the coordinator reads it.
    let all = detail(&app, &app.admin, &programme, &round).await["inputs"].clone();
    let by_name = |n: &str| all.as_array().unwrap().iter().find(|i| i["name"] == n).unwrap().clone();
    assert_eq!(by_name("Region")["draws_on"][0][1], "Town");
    assert_eq!(by_name("Town")["drawn_on_by"][0][1], "Region");
    assert_eq!(names(&all), vec!["Region", "Town"], "national first, then regional, then local");
    // The export carries the submitted inputs, a column per question.
    let csv =
        client_get(&app, &app.admin, &format!("/programmes/{programme}/export/inputs?round={round}&format=csv")).await;
    assert!(
        csv.contains("Town")
            && csv.contains("Evening classes, childcare and transport")
            && csv.contains("Which matters most?"),
        "{csv}"
    );
    // Every save is audited.
    let actions: Vec<String> = app
        .state
        .db
        .query("SELECT VALUE action FROM audit WHERE target = $t")
        .bind(("t", format!("round:{round}")))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert!(
        actions.iter().filter(|a| *a == "input.submit").count() >= 3 && actions.contains(&"input.draft".to_string())
    );
}

async fn client_get(app: &TestApp, c: &Client, path: &str) -> String {
    let res = c.get(app.url(path)).send().await.unwrap();
    assert!(res.status().is_success(), "{path}: {}", res.status());
    res.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officials_read_only_their_subtree_and_members_only_their_own_draft() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (round, choice, _) = open_round(&app, &programme).await;
    let town = official_at(&app, &programme, "L1").await;
    let other = official_at(&app, &programme, "R2").await;
    let r = save(&app, &town, &programme, &round, &[q(&choice, "1"), ("submit".into(), "yes".into())]).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert!(
        names(&detail(&app, &other, &programme, &round).await["inputs"]).is_empty(),
        "another region's inputs are not read"
    );
    let csv =
        client_get(&app, &other, &format!("/programmes/{programme}/export/inputs?round={round}&format=csv")).await;
    assert!(!csv.contains("Town"), "nor exported");
    assert_eq!(names(&detail(&app, &app.admin, &programme, &round).await["inputs"]), vec!["Town"]);
    // Two members of two organisations: a draft is read by no one else, coordinators included.
    let (member_a, _) = app.actor(app::domain::Role::Member, &programme).await;
    let (member_b, _) = app.actor(app::domain::Role::Member, &programme).await;
    let r = save(&app, &member_a, &programme, &round, &[q(&choice, "0")]).await;
    assert!(r.status.is_success(), "{}", r.body);
    let a = detail(&app, &member_a, &programme, &round).await;
    assert_eq!(a["mine"]["input"]["status"], "draft");
    assert!(names(&detail(&app, &member_b, &programme, &round).await["inputs"]).is_empty());
    assert_eq!(names(&detail(&app, &app.admin, &programme, &round).await["inputs"]), vec!["Town"]);
    // Coordinators and observers answer for no one.
    let r = save(&app, &app.admin, &programme, &round, &[q(&choice, "0")]).await;
    assert_eq!(r.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_people_submitting_at_once_leave_one_input() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (round, choice, _) = open_round(&app, &programme).await;
    let first = official_at(&app, &programme, "L1").await;
    let second = official_at(&app, &programme, "L1").await;
    for _ in 0..5 {
        let a = vec![q(&choice, "0"), ("submit".to_string(), "yes".to_string())];
        let b = vec![q(&choice, "1"), ("submit".to_string(), "yes".to_string())];
        let (ra, rb) =
            tokio::join!(save(&app, &first, &programme, &round, &a), save(&app, &second, &programme, &round, &b));
        for r in [&ra, &rb] {
            assert!(r.status.is_success() || r.status == 409, "{} {}", r.status, r.body);
        }
    }
    let n: Option<i64> = app
        .state
        .db
        .query("RETURN count(SELECT id FROM input WHERE round = type::record('round', $r))")
        .bind(("r", round.clone()))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(n, Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_input_closes_at_its_level_deadline() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (round, choice, _) = open_round(&app, &programme).await;
    let town = official_at(&app, &programme, "L1").await;
    let region = official_at(&app, &programme, "R").await;
    app.state
        .db
        .query("UPDATE type::record('round', $r) SET deadlines.local = '2020-01-01'")
        .bind(("r", round.clone()))
        .await
        .unwrap();
    let r = save(&app, &town, &programme, &round, &[q(&choice, "0"), ("submit".into(), "yes".into())]).await;
    assert_eq!(r.body["fields"][0]["code"], "deadline_passed");
    assert_eq!(detail(&app, &town, &programme, &round).await["mine"]["open"], false);
    // The region's deadline is still ahead.
    let r = save(&app, &region, &programme, &round, &[q(&choice, "0"), ("submit".into(), "yes".into())]).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert!(move_to(&app, &programme, &round, "closed").await.status.is_success());
    let r = save(&app, &region, &programme, &round, &[q(&choice, "1"), ("submit".into(), "yes".into())]).await;
    assert_eq!(r.body["fields"][0]["code"], "round_not_open");
}
