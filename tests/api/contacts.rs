//! Contact persons are personal data: kept by those who may edit their organisation, on a legal
//! basis; a coordinator exports everything held on a person and erases it, leaving no trace of them
//! in the database, the audit log or a fresh backup.
use crate::helpers::*;
use app::domain::Role;
use reqwest::StatusCode;

async fn add_org(app: &TestApp, p: &str, name: &str) -> String {
    let r = app
        .call(
            &app.admin,
            "organisations/save",
            &[("programme_id", p), ("name", name), ("kind", "cso"), ("jurisdiction_code", "R")],
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    r.body.as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contacts_need_a_basis_and_only_editors_of_the_organisation_see_them() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let org = add_org(&app, &p, "Solidarity Kitchen").await;
    let contact = |fields: &[(&'static str, &'static str)]| {
        let mut form: Vec<(&str, &str)> = vec![("programme_id", &p), ("organisation_id", &org)];
        form.extend_from_slice(fields);
        form.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>()
    };
    let call = |c: reqwest::Client, form: Vec<(String, String)>| {
        let app = &app;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            app.call(&c, "contacts/save", &form).await
        }
    };
    let bad = call(app.admin.clone(), contact(&[("name", "Amina Diallo"), ("legal_basis", "consent")])).await;
    assert_eq!(bad.body["fields"][0]["code"], "consent_date_required", "{}", bad.body);
    let ok = call(
        app.admin.clone(),
        contact(&[
            ("name", "Amina Diallo"),
            ("email", "amina@kitchen.example"),
            ("legal_basis", "consent"),
            ("consent_given_on", "2026-03-01"),
        ]),
    )
    .await;
    assert!(ok.status.is_success(), "{}", ok.body);
    let (official, _) = app.actor(Role::Official, &p).await;
    let seen = app.call(&official, "organisations/get", &[("programme_id", &p), ("id", &org)]).await;
    assert_eq!(seen.body["contacts"][0]["name"], "Amina Diallo", "an official of the region keeps its contacts");
    // Profiles read the programme's contacts from a snapshot: a change straight in the database
    // shows at once.
    app.state.db.query("UPDATE contact SET name = 'Amina D.'").await.unwrap().check().unwrap();
    let seen = app.call(&official, "organisations/get", &[("programme_id", &p), ("id", &org)]).await;
    assert_eq!(seen.body["contacts"][0]["name"], "Amina D.", "{}", seen.body);
    let (observer, _) = app.actor(Role::Observer, &p).await;
    let hidden = app.call(&observer, "organisations/get", &[("programme_id", &p), ("id", &org)]).await;
    assert!(hidden.body["contacts"].is_null(), "observers do not see personal data: {}", hidden.body);
    let refused = call(observer.clone(), contact(&[("name", "X"), ("legal_basis", "public_task")])).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let (member, _) = app.actor(Role::Member, &p).await;
    // A member edits their own organisation's profile, not this one: its contacts stay hidden.
    let not_theirs = app.call(&member, "organisations/get", &[("programme_id", &p), ("id", &org)]).await;
    assert!(not_theirs.status.is_success(), "{}", not_theirs.body);
    assert!(not_theirs.body["contacts"].is_null(), "{}", not_theirs.body);
    let other = call(member, contact(&[("name", "X"), ("legal_basis", "public_task")])).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "a member only keeps their own organisation's contacts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_is_exported_then_erased_without_a_trace() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let a = add_org(&app, &p, "Alpha Association").await;
    let b = add_org(&app, &p, "Beta Network").await;
    for org in [&a, &b] {
        let r = app
            .call(
                &app.admin,
                "contacts/save",
                &[
                    ("programme_id", &p),
                    ("organisation_id", org),
                    ("name", "Yusuf Okafor-Lindqvist"),
                    ("email", "yusuf.ol@mail.example"),
                    ("phone", "+44 20 7946 0001"),
                    ("legal_basis", "legitimate_interest"),
                ],
            )
            .await;
        assert!(r.status.is_success(), "{}", r.body);
    }
    let found = app.call(&app.admin, "persons/get", &[("programme_id", &p), ("who", "YUSUF.OL@mail.example")]).await;
    assert_eq!(found.body["contacts"].as_array().unwrap().len(), 2, "{}", found.body);
    let json = app
        .admin
        .get(app.url(&format!("/programmes/{p}/persons/export?who=yusuf.ol%40mail.example")))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), StatusCode::OK);
    assert_eq!(json.headers()["content-disposition"], "attachment; filename=\"person.json\"");
    let record: serde_json::Value = json.json().await.unwrap();
    assert_eq!(record["contacts"][1]["phone"], "+44 20 7946 0001");
    let (coordinator, _) = app.actor(Role::Coordinator, &p).await;
    let (official, _) = app.actor(Role::Official, &p).await;
    let denied = app.call(&official, "persons/get", &[("programme_id", &p), ("who", "yusuf.ol@mail.example")]).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let erased =
        app.call(&coordinator, "persons/erase", &[("programme_id", &p), ("who", "Yusuf Okafor-Lindqvist")]).await;
    assert_eq!(erased.body, 2, "{}", erased.body);
    // The organisations stay; nothing of the person does: not a row, not an audit line, not a backup.
    let orgs = app.call(&app.admin, "organisations/list", &[("programme_id", &p)]).await;
    assert_eq!(orgs.body["page"]["total"], 2);
    let backup = app::backend::service::backup::export(&app.state.db, None).await.unwrap();
    let text = serde_json::to_string(&backup).unwrap();
    for trace in ["Yusuf", "Okafor", "yusuf.ol", "+44 20 7946 0001"] {
        assert!(!text.contains(trace), "{trace} is still in the backup");
    }
    let log =
        app.call(&app.admin, "audit/search", &[("programme_id", &p), ("query[filters][action]", "person.erase")]).await;
    assert_eq!(log.body["rows"][0]["summary"], "2 contact records erased");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coordinators_import_contacts_matched_on_their_address_and_a_bad_file_changes_nothing() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let org = add_org(&app, &p, "Nordmark Refugee Council").await;
    async fn contacts(app: &TestApp, p: &str, org: &str) -> Vec<serde_json::Value> {
        let r = app.call(&app.admin, "organisations/get", &[("programme_id", p), ("id", org)]).await;
        r.body["contacts"].as_array().cloned().unwrap_or_default()
    }
    let file = "organisation,name,email,phone,role_title,legal_basis,consent_given_on\n\
                nordmark refugee council,Amina Diallo,amina@example.org,,Director,consent,2026-03-01\n\
                Nordmark Refugee Council,Jonas Berg,,+47 22 33 44 55,,public_task,\n";
    // A bad row names its line and column, and nothing is written.
    let bad = format!("{file}Nowhere Society,Kim Lee,kim@example.org,,,consent,\n");
    let r = app.import(&app.admin, &p, "contacts", "contacts.csv", bad.into_bytes()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let fields: Vec<(u64, String, String)> = r.body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["row"].as_u64().unwrap(), f["field"].as_str().unwrap().into(), f["code"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        fields,
        [
            (4, "organisation".to_string(), "unknown_organisation".to_string()),
            (4, "consent_given_on".to_string(), "consent_date_required".to_string())
        ]
    );
    assert!(contacts(&app, &p, &org).await.is_empty());
    // The good file adds both; the same file again changes nothing; a change updates in place.
    let r = app.import(&app.admin, &p, "contacts", "contacts.csv", file.as_bytes().to_vec()).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!((r.body["added"].as_u64(), r.body["updated"].as_u64()), (Some(2), Some(0)));
    let r = app.import(&app.admin, &p, "contacts", "contacts.csv", file.as_bytes().to_vec()).await;
    assert_eq!((r.body["added"].as_u64(), r.body["unchanged"].as_u64()), (Some(0), Some(2)), "{}", r.body);
    let changed = file.replace("Director", "Chair");
    let r = app.import(&app.admin, &p, "contacts", "contacts.csv", changed.into_bytes()).await;
    assert_eq!((r.body["updated"].as_u64(), r.body["unchanged"].as_u64()), (Some(1), Some(1)), "{}", r.body);
    let now = contacts(&app, &p, &org).await;
    assert_eq!(now.len(), 2);
    let amina = now.iter().find(|c| c["name"] == "Amina Diallo").unwrap();
    assert_eq!(amina["role_title"], "Chair");
    assert_eq!(amina["consent_given_on"], "2026-03-01");
    // Each change is audited, without the person's values.
    let audit: Vec<String> = app
        .state
        .db
        .query("SELECT VALUE summary FROM audit WHERE action IN ['contact.create', 'contact.update', 'contact.import']")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(audit.len(), 3 + 3, "{audit:?}");
    assert!(audit.iter().all(|s| !s.contains("Amina") && !s.contains("amina@")), "{audit:?}");
    // Officials may keep contacts one by one, but imports of personal data are the coordinators'.
    let (official, _) = app.actor(Role::Official, &p).await;
    let r = app.import(&official, &p, "contacts", "contacts.csv", file.as_bytes().to_vec()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

/// A file of 10 000 contact persons imports in one transaction with one audit record per person,
/// and the same file again changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_contacts_import_once_each_audited() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    add_org(&app, &p, "Welcome Network").await;
    add_org(&app, &p, "Kitchen of Nations").await;
    let mut file = String::from("organisation,name,email,legal_basis\n");
    for i in 0..10_000 {
        let org = if i % 2 == 0 { "Welcome Network" } else { "Kitchen of Nations" };
        file += &format!("{org},Person {i},person{i}@example.org,legitimate_interest\n");
    }
    let r = app.import(&app.admin, &p, "contacts", "contacts.csv", file.clone().into_bytes()).await;
    assert_eq!(r.body["added"], 10_000, "{}", r.body);
    let r = app.import(&app.admin, &p, "contacts", "contacts.csv", file.into_bytes()).await;
    assert_eq!((r.body["added"].as_u64(), r.body["unchanged"].as_u64()), (Some(0), Some(10_000)), "{}", r.body);
    let counts: Vec<i64> = app
        .state
        .db
        .query(
            "RETURN [count(SELECT id FROM contact), count(SELECT id FROM audit WHERE action = 'contact.create'),
                     count(SELECT id FROM audit WHERE action = 'contact.import')]",
        )
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(counts, [10_000, 10_000, 2]);
}
