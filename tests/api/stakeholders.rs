//! The stakeholder register: validation, who may change what (coordinators anywhere, officials in
//! their subtree, members their own profile), filters and the power/interest counts, the one export
//! and import path, and the audit of every change.
use crate::helpers::*;
use app::domain::Role;
use reqwest::{Client, StatusCode};

async fn save(app: &TestApp, c: &Client, p: &str, fields: &[(&str, &str)]) -> Reply {
    let mut form = vec![("programme_id", p)];
    form.extend_from_slice(fields);
    app.call(c, "organisations/save", &form).await
}

fn code(r: &Reply, field: &str) -> String {
    r.body["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["field"] == field)
        .map(|f| f["code"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

async fn list(app: &TestApp, c: &Client, p: &str, filters: &[(&str, &str)]) -> serde_json::Value {
    let mut form = vec![("programme_id".to_string(), p.to_string())];
    form.extend(filters.iter().map(|(k, v)| (format!("query[filters][{k}]"), v.to_string())));
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = app.call(c, "organisations/list", &form).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

async fn own_organisation(app: &TestApp, email: &str) -> String {
    let mut res = app
        .state
        .db
        .query("SELECT VALUE record::id(organisation) FROM membership WHERE user.email = $e")
        .bind(("e", email.to_string()))
        .await
        .unwrap();
    res.take::<Vec<String>>(0).unwrap().remove(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_records_an_organisation_and_bad_input_is_named_field_by_field() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let bad = save(
        &app,
        &app.admin,
        &p,
        &[("name", ""), ("kind", "club"), ("women", "-1"), ("influence", "7"), ("website", "ftp://x")],
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        (code(&bad, "name"), code(&bad, "kind"), code(&bad, "women")),
        ("required".into(), "invalid_kind".into(), "invalid_count".into())
    );
    assert_eq!((code(&bad, "influence"), code(&bad, "website")), ("invalid_rating".into(), "invalid_url".into()));
    let ok = save(
        &app,
        &app.admin,
        &p,
        &[
            ("name", "Maison des Migrants"),
            ("kind", "migrant_org"),
            ("jurisdiction_code", "r"),
            ("level", "regional"),
            ("sectors[]", "employment"),
            ("sectors[]", "language"),
            ("women", "12"),
            ("men", "8"),
            ("migrant_led", "yes"),
            ("influence", "3"),
            ("interest", "5"),
            ("position", "supportive"),
            ("website", "https://maison.example"),
        ],
    )
    .await;
    assert!(ok.status.is_success(), "{} {}", ok.status, ok.body);
    let body = list(&app, &app.admin, &p, &[]).await;
    let row = &body["page"]["rows"][0];
    assert_eq!(row["name"], "Maison des Migrants");
    assert_eq!(row["jurisdiction_code"], "R");
    assert_eq!(row["sectors"], serde_json::json!(["employment", "language"]));
    assert_eq!((row["women"].as_u64(), row["men"].as_u64()), (Some(12), Some(8)));
    assert_eq!(
        (&row["level"], &row["position"], &row["website"]),
        (&"regional".into(), &"supportive".into(), &"https://maison.example".into())
    );
    assert!(row["jurisdiction_name"].as_str().is_some_and(|n| !n.is_empty()), "{row}");
    assert_eq!(body["grid"], serde_json::json!([{ "influence": 3, "interest": 5, "count": 1 }]));
    let again = save(&app, &app.admin, &p, &[("name", "maison  des migrants"), ("kind", "cso")]).await;
    assert_eq!(code(&again, "name"), "duplicate_name", "{}", again.body);
    let log = app
        .call(&app.admin, "audit/search", &[("programme_id", &p), ("query[filters][action]", "organisation.create")])
        .await;
    assert_eq!(log.body["total"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officials_work_inside_their_subtree_members_on_their_own_profile_observers_read() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let (official, _) = app.actor(Role::Official, &p).await;
    let inside =
        save(&app, &official, &p, &[("name", "Regional CSO"), ("kind", "cso"), ("jurisdiction_code", "R")]).await;
    assert!(inside.status.is_success(), "{}", inside.body);
    let outside =
        save(&app, &official, &p, &[("name", "National body"), ("kind", "ministry"), ("jurisdiction_code", "N")]).await;
    assert_eq!(code(&outside, "jurisdiction_code"), "outside_your_area");
    let national =
        save(&app, &app.admin, &p, &[("name", "National body"), ("kind", "ministry"), ("jurisdiction_code", "N")])
            .await;
    assert!(national.status.is_success());
    let rows = list(&app, &app.admin, &p, &[]).await["page"]["rows"].as_array().unwrap().clone();
    let id_of = |name: &str| rows.iter().find(|r| r["name"] == name).unwrap()["id"].as_str().unwrap().to_string();
    let barred = save(
        &app,
        &official,
        &p,
        &[("id", &id_of("National body")), ("name", "Renamed"), ("kind", "ministry"), ("jurisdiction_code", "R")],
    )
    .await;
    assert_eq!(barred.status, StatusCode::FORBIDDEN, "{}", barred.body);
    // What the official sees: can edit their region's organisation, not the national one.
    let seen = list(&app, &official, &p, &[]).await;
    let editable: Vec<(String, bool)> = seen["page"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap().to_string(), r["can_edit"].as_bool().unwrap()))
        .collect();
    assert!(
        editable.contains(&("Regional CSO".into(), true)) && editable.contains(&("National body".into(), false)),
        "{editable:?}"
    );
    // A member edits their own profile, keeps the coordinator's assessment, and nothing else.
    let (member, email) = app.actor(Role::Member, &p).await;
    let mine = own_organisation(&app, &email).await;
    let own = save(
        &app,
        &member,
        &p,
        &[
            ("id", &mine),
            ("name", "Our association"),
            ("kind", "media"),
            ("influence", "5"),
            ("notes", "We run language cafés."),
        ],
    )
    .await;
    assert!(own.status.is_success(), "{}", own.body);
    let profile = app.call(&member, "organisations/get", &[("programme_id", &p), ("id", &mine)]).await;
    assert_eq!(profile.body["organisation"]["name"], "Our association");
    assert_eq!(profile.body["organisation"]["kind"], "cso", "the kind is the coordinator's to set");
    assert!(profile.body["organisation"]["influence"].is_null(), "the assessment is the coordinator's");
    assert_eq!(profile.body["can_assess"], false);
    let other =
        save(&app, &member, &p, &[("id", &id_of("Regional CSO")), ("name", "Taken over"), ("kind", "cso")]).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let create = save(&app, &member, &p, &[("name", "New one"), ("kind", "cso")]).await;
    assert_eq!(create.status, StatusCode::FORBIDDEN);
    let (observer, _) = app.actor(Role::Observer, &p).await;
    assert_eq!(list(&app, &observer, &p, &[]).await["can_create"], false);
    let nope = save(&app, &observer, &p, &[("id", &id_of("Regional CSO")), ("name", "X"), ("kind", "cso")]).await;
    assert_eq!(nope.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_register_filters_by_typology_level_place_sector_and_migrant_led() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    for (name, kind, place, sector, led, inf) in [
        ("A ministry", "ministry", "N", "employment", "", "5"),
        ("A region", "regional_authority", "R", "housing", "", "4"),
        ("A migrant org", "migrant_org", "R", "language", "yes", "2"),
        ("A newspaper", "media", "", "media", "", ""),
    ] {
        let r = save(
            &app,
            &app.admin,
            &p,
            &[
                ("name", name),
                ("kind", kind),
                ("jurisdiction_code", place),
                ("sectors[]", sector),
                ("migrant_led", led),
                ("influence", inf),
                ("interest", if inf.is_empty() { "" } else { "3" }),
            ],
        )
        .await;
        assert!(r.status.is_success(), "{name}: {}", r.body);
    }
    let names = |b: serde_json::Value| {
        b["page"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(list(&app, &app.admin, &p, &[("kind", "public")]).await), ["A ministry", "A region"]);
    assert_eq!(names(list(&app, &app.admin, &p, &[("kind", "private")]).await), ["A migrant org", "A newspaper"]);
    assert_eq!(names(list(&app, &app.admin, &p, &[("jurisdiction", "R")]).await), ["A migrant org", "A region"]);
    assert_eq!(names(list(&app, &app.admin, &p, &[("jurisdiction", "N")]).await).len(), 3, "N and what lies below");
    assert_eq!(names(list(&app, &app.admin, &p, &[("sector", "housing")]).await), ["A region"]);
    assert_eq!(names(list(&app, &app.admin, &p, &[("migrant_led", "yes")]).await), ["A migrant org"]);
    let cell = list(&app, &app.admin, &p, &[("influence", "4"), ("interest", "3")]).await;
    assert_eq!(names(cell.clone()), ["A region"]);
    assert_eq!(cell["grid"].as_array().unwrap().len(), 3, "the grid counts the register, not just the chosen cell");
    // The page renders the grid as SVG with the same figures as a table.
    let (status, html) = app.get(&app.admin, &format!("/programmes/{p}/organisations")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<svg") && html.contains("role=\"img\"") && html.contains("grid-table"), "{html}");
    // Each cell of the table links to the register filtered to it, named for screen readers; the
    // chart's square says the same in its title.
    let label = "1 with influence 4 and interest 3";
    let link =
        format!("<a href=\"/programmes/{p}/organisations?influence=4&amp;interest=3\" aria-label=\"{label}\">1</a>");
    assert!(html.contains(&link), "{html}");
    assert!(html.contains(&format!("<g><title>{label}</title>")), "{html}");
    // From a filtered register, a cell keeps the filters beside its own.
    let (_, html) = app.get(&app.admin, &format!("/programmes/{p}/organisations?kind=public&q=A%20r")).await;
    let link = format!("href=\"/programmes/{p}/organisations?q=A%20r&amp;influence=4&amp;interest=3&amp;kind=public\"");
    assert!(html.contains(&link), "{html}");
    assert!(html.contains("<td class=\"num\"><a ") && html.contains("class=\"cell shade-"), "{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn importing_organisations_validates_every_row_upserts_on_the_name_and_exports_back() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let broken = "name,kind,jurisdiction_code,women,migrant_led\nGood,cso,R,3,no\nBad place,cso,ZZ,1,no\n=HYPERLINK(\"x\"),cso,,2,maybe\nGood,media,,,\n";
    let r = app.import(&app.admin, &p, "organisations", "orgs.csv", broken.as_bytes().to_vec()).await;
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
            (3, "jurisdiction_code".into(), "unknown_jurisdiction".into()),
            (4, "migrant_led".into(), "invalid_flag".into()),
            (5, "name".into(), "duplicate_name".into()),
        ]
    );
    assert_eq!(list(&app, &app.admin, &p, &[]).await["page"]["total"], 0, "nothing was written");
    let missing = app.import(&app.admin, &p, "organisations", "o.csv", b"title,kind\nX,cso\n".to_vec()).await;
    assert_eq!(code(&missing, "name"), "csv_missing_column");
    let good = "name,kind,jurisdiction_code,sectors,women,men,influence,interest,Remarks\n=SUM(A1),cso,R,\"employment, housing\",3,2,2,4,x\nPlain,media,,,,,,,y\n";
    let r = app.import(&app.admin, &p, "organisations", "orgs.csv", good.as_bytes().to_vec()).await;
    assert_eq!(r.body, serde_json::json!({ "added": 2, "updated": 0, "unchanged": 0, "surplus": ["Remarks"] }));
    let again = app.import(&app.admin, &p, "organisations", "orgs.csv", good.as_bytes().to_vec()).await;
    assert_eq!((again.body["added"].as_u64(), again.body["unchanged"].as_u64()), (Some(0), Some(2)));
    // The export holds the same columns, neutralises the formula, and imports back unchanged.
    let csv = app
        .admin
        .get(app.url(&format!("/programmes/{p}/export/organisations?format=csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("\"'=SUM(A1)\"") || csv.contains("'=SUM(A1)"), "{csv}");
    let xlsx = app
        .admin
        .get(app.url(&format!("/programmes/{p}/export/organisations?format=xlsx")))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let back = app.import(&app.admin, &p, "organisations", "back.xlsx", xlsx.to_vec()).await;
    assert_eq!((back.body["added"].as_u64(), back.body["unchanged"].as_u64()), (Some(0), Some(2)), "{}", back.body);
    // An official imports only inside their subtree.
    let (official, _) = app.actor(Role::Official, &p).await;
    let r = app
        .import(
            &official,
            &p,
            "organisations",
            "o.csv",
            b"name,kind,jurisdiction_code\nTheirs,cso,R\nNational,ministry,N\n".to_vec(),
        )
        .await;
    assert_eq!(code(&r, "jurisdiction_code"), "outside_your_area", "{}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_organisations_import_in_one_go() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let mut csv = String::from("name,kind,jurisdiction_code,sectors,women,men,influence,interest\n");
    for i in 0..10_000 {
        csv.push_str(&format!(
            "Organisation {i},cso,R,employment,{},{},{},{}\n",
            i % 7,
            i % 5,
            1 + i % 5,
            1 + (i / 5) % 5
        ));
    }
    let r = app.import(&app.admin, &p, "organisations", "big.csv", csv.into_bytes()).await;
    assert_eq!(r.body["added"], 10_000, "{}", r.body);
    let body = list(&app, &app.admin, &p, &[]).await;
    assert_eq!(body["page"]["total"], 10_000);
    assert_eq!(body["page"]["rows"].as_array().unwrap().len(), 50, "one page, not ten thousand rows");
    let cells: u64 = body["grid"].as_array().unwrap().iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(cells, 10_000);
    assert_eq!(body["grid"].as_array().unwrap().len(), 25);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_that_outlasts_the_deadline_of_a_request_is_not_cut_off() {
    // Here any other request is answered 408 after one second; an import's work has a deadline of
    // its own (ten minutes), so a large file on a busy machine is not cut off and lost.
    let limit = std::time::Duration::from_secs(1);
    let config = tessera_server::RouterConfig { secure_cookies: false, request_timeout: limit, ..Default::default() };
    let app = TestApp::spawn_config(config, None).await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let mut csv = String::from("name,kind,jurisdiction_code,sectors,women,men,influence,interest\n");
    for i in 0..1_500 {
        csv.push_str(&format!("Organisation {i},cso,R,employment,1,2,3,4\n"));
    }
    let started = std::time::Instant::now();
    let r = app.import(&app.admin, &p, "organisations", "big.csv", csv.into_bytes()).await;
    let took = started.elapsed();
    assert_eq!(r.body["added"], 1_500, "{} after {took:?}", r.body);
    // What makes the test mean something: this import took longer than a request may.
    assert!(took > limit, "the import took only {took:?}: make the file larger");
    assert_eq!(list(&app, &app.admin, &p, &[]).await["page"]["total"], 1_500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_too_large_for_the_stores_memtable_is_refused_on_the_file_and_saves_nothing() {
    // A durable store whose memtable (which also bounds one transaction) is 1 MiB: 3 000
    // organisations in one import do not fit.
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("tessera-memtable-{}-{nanos}", std::process::id()));
    let url = format!("surrealkv://{}", dir.display());
    let memory = app::backend::db::Memory { memtable_mib: 1, cache_mib: 8 };
    let app = TestApp::spawn_with_memory(&url, memory, vec![], Default::default(), None).await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let mut csv = String::from("name,kind,jurisdiction_code,sectors,women,men,influence,interest\n");
    for i in 0..3_000 {
        csv.push_str(&format!("Organisation with a long enough name to take room {i},cso,R,employment,1,2,3,4\n"));
    }
    let r = app.import(&app.admin, &p, "organisations", "big.csv", csv.into_bytes()).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(r.body["fields"][0]["field"], "file", "{}", r.body);
    assert_eq!(r.body["fields"][0]["code"], "import_too_large", "{}", r.body);
    assert_eq!(list(&app, &app.admin, &p, &[]).await["page"]["total"], 0, "nothing saved");
    // A file that fits goes in.
    let small =
        "name,kind,jurisdiction_code,sectors,women,men,influence,interest\nSmall one,cso,R,employment,1,2,3,4\n";
    let r = app.import(&app.admin, &p, "organisations", "small.csv", small.as_bytes().to_vec()).await;
    assert_eq!(r.body["added"], 1, "{}", r.body);
    let _ = std::fs::remove_dir_all(&dir);
}
