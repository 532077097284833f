//! The one list pattern: keyset pages that never skip or repeat a row (ties broken by id), sort and
//! filters from the query, the total on every page, and exports of exactly the same query.
use crate::helpers::*;
use app::backend::repo::{memberships as repo_memberships, users as repo_users};
use app::domain::Role;
use reqwest::StatusCode;
use std::collections::HashSet;

/// Adds `n` people named `name` with `role` (officials at `jurisdiction`) straight to the database.
async fn people(app: &TestApp, p: &str, n: usize, name: &str, role: Role, jurisdiction: Option<&str>) -> Vec<String> {
    let mut emails = vec![];
    for _ in 0..n {
        let email = format!("{}@test.example", unique("list"));
        let id = repo_users::create_user(&app.state.db, &email, name, "x", false).await.unwrap();
        repo_memberships::add_membership(&app.state.db, &id, p, role.as_str(), jurisdiction.map(str::to_string), None)
            .await
            .unwrap();
        emails.push(email);
    }
    emails
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_pages_never_skip_or_repeat_equal_names_in_either_direction() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let region = app.ensure_region(&p).await;
    let mut emails = people(&app, &p, 70, "Same Name", Role::Observer, None).await;
    emails.extend(people(&app, &p, 5, "Zed Official", Role::Official, Some(&region)).await);
    for dir in ["", "desc"] {
        for sort in ["name", "email", "role", "scope"] {
            let args = [
                ("programme_id", p.as_str()),
                ("query[sort]", sort),
                ("query[desc]", if dir == "desc" { "true" } else { "false" }),
            ];
            let (seen, totals) = all_pages(&app, &app.admin, "people/list", &args, &["members"], "email").await;
            assert!(totals.len() >= 2, "{sort} {dir}: one page only");
            assert!(totals.iter().all(|t| *t as usize == emails.len()), "{sort} {dir}: totals {totals:?}");
            let unique: HashSet<_> = seen.iter().collect();
            assert_eq!((seen.len(), unique.len()), (emails.len(), emails.len()), "{sort} {dir}");
            if sort == "email" {
                let mut sorted = seen.clone();
                sorted.sort();
                if dir == "desc" {
                    sorted.reverse();
                }
                assert_eq!(seen, sorted, "sorted by e-mail {dir}");
            }
        }
    }
    // Filters and search narrow the same list, and the total follows them.
    let officials =
        app.call(&app.admin, "people/list", &[("programme_id", &p), ("query[filters][role]", "official")]).await;
    assert_eq!(officials.body["members"]["total"], 5, "{}", officials.body);
    let one = app.call(&app.admin, "people/list", &[("programme_id", &p), ("query[q]", &emails[3])]).await;
    assert_eq!(one.body["members"]["total"], 1);
    assert_eq!(one.body["members"]["rows"][0]["email"], emails[3].as_str());
    // The page renders from the URL, without JavaScript: sortable headers, filters, next page.
    let (status, html) =
        app.get(&app.admin, &format!("/programmes/{p}/people?role=official&sort=email&dir=desc")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"aria-sort="descending""#), "{html}");
    assert!(html.contains("Zed Official") && !html.contains("Same Name"), "the role filter applies");
    let (_, html) = app.get(&app.admin, &format!("/programmes/{p}/people")).await;
    assert!(html.contains(r#"rel="next""#) && html.contains("after="), "a next-page link");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_pages_on_time_and_id_so_equal_timestamps_are_never_skipped() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.state
        .db
        .query(
            "FOR $i IN 0..120 { CREATE audit SET at = d'2026-06-01T12:00:00Z', actor_email = 'x@test.example',
                programme = $p, action = 'test.same_time', target = 'n:' + <string>$i, summary = 'same' };",
        )
        .bind(("p", p.clone()))
        .await
        .unwrap()
        .check()
        .unwrap();
    let args = [("programme_id", p.as_str()), ("query[filters][action]", "test.same_time")];
    let (seen, totals) = all_pages(&app, &app.admin, "audit/search", &args, &[], "target").await;
    assert!(totals.len() >= 3 && totals.iter().all(|t| *t == 120), "{totals:?}");
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!((seen.len(), unique.len()), (120, 120));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officials_see_addresses_only_in_their_subtree_in_the_list_its_search_and_its_export() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let r = app
        .import_jurisdictions(
            &app.admin,
            &p,
            "code,name,level,parent_code\nR-1,Inside,local,R\nS,Elsewhere,regional,N\n",
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let inside = app::backend::repo::jurisdictions::by_code(&app.state.db, &p, "R-1").await.unwrap().unwrap().id;
    let outside = app::backend::repo::jurisdictions::by_code(&app.state.db, &p, "S").await.unwrap().unwrap().id;
    let near = people(&app, &p, 1, "Near Person", Role::Official, Some(&inside)).await.remove(0);
    let far = people(&app, &p, 1, "Far Person", Role::Official, Some(&outside)).await.remove(0);
    let (official, _) = app.actor(Role::Official, &p).await;
    let list = app.call(&official, "people/list", &[("programme_id", &p), ("query[sort]", "name")]).await;
    let rows = list.body["members"]["rows"].as_array().unwrap().clone();
    let email_of = |name: &str| rows.iter().find(|r| r["name"] == name).map(|r| r["email"].clone()).unwrap();
    assert_eq!(email_of("Near Person"), near.as_str());
    assert!(email_of("Far Person").is_null(), "{rows:?}");
    let search = app.call(&official, "people/list", &[("programme_id", &p), ("query[q]", &far)]).await;
    assert_eq!(search.body["members"]["total"], 0, "a hidden address cannot be searched for");
    let csv = official.get(app.url(&format!("/programmes/{p}/export/people?format=csv"))).send().await.unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    let text = csv.text().await.unwrap();
    assert!(text.contains(&near) && !text.contains(&far), "{text}");
    // An observer sees nobody's address; a coordinator everyone's.
    let (observer, _) = app.actor(Role::Observer, &p).await;
    let list = app.call(&observer, "people/list", &[("programme_id", &p)]).await;
    assert!(list.body["members"]["rows"].as_array().unwrap().iter().all(|r| r["email"].is_null()), "{}", list.body);
    let (coordinator, _) = app.actor(Role::Coordinator, &p).await;
    let list = app.call(&coordinator, "people/list", &[("programme_id", &p), ("query[q]", &far)]).await;
    assert_eq!(list.body["members"]["rows"][0]["email"], far.as_str());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_hold_the_same_query_as_csv_with_a_bom_and_no_formulas_and_as_typed_xlsx() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    let region = app.ensure_region(&p).await;
    people(&app, &p, 3, "=HYPERLINK(\"http://evil.example\")", Role::Official, Some(&region)).await;
    people(&app, &p, 2, "Plain Observer", Role::Observer, None).await;
    let get = |path: String| {
        let c = app.admin.clone();
        let url = app.url(&path);
        async move { c.get(url).send().await.unwrap() }
    };
    let csv = get(format!("/programmes/{p}/export/people?format=csv&role=official")).await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(csv.headers()["content-disposition"].to_str().unwrap().starts_with("attachment; filename=\"people-"));
    assert_eq!(csv.headers()["cache-control"], "no-store");
    let bytes = csv.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 3, "the header and the three officials, as the filter says: {text}");
    assert!(lines[1].starts_with("\"'=HYPERLINK"), "neutralised: {}", lines[1]);
    let xlsx = get(format!("/programmes/{p}/export/people?format=xlsx&q=plain")).await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    let bytes = xlsx.bytes().await.unwrap().to_vec();
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.height(), 1 + 2);
    assert_eq!(sheet.get((0, 0)), Some(&Data::String("Full name".into())), "a header row");
    assert_eq!(sheet.get((1, 0)), Some(&Data::String("Plain Observer".into())));
    // The audit export types its times; the jurisdictions export imports back as it is.
    let audit = get(format!("/programmes/{p}/export/audit?format=xlsx")).await;
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(audit.bytes().await.unwrap().to_vec())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert!(matches!(sheet.get((1, 0)), Some(Data::DateTime(_))), "{:?}", sheet.get((1, 0)));
    let tree = get(format!("/programmes/{p}/export/jurisdictions?format=csv")).await;
    let text = tree.text().await.unwrap();
    assert!(text.trim_start_matches('\u{feff}').starts_with("code,name,level,parent_code\r\nN,"), "{text}");
    // Each export is audited; an unknown format is refused with a translated message.
    let log = app.call(&app.admin, "audit/search", &[("programme_id", &p), ("query[filters][action]", "export")]).await;
    assert_eq!(log.body["total"], 4, "{}", log.body);
    let bad = get(format!("/programmes/{p}/export/people?format=pdf")).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.text().await.unwrap().contains("csv or xlsx"));
}

/// The people list and the audit log's first page are read from caches: each write that changes
/// what they show must show at once (a cache that missed one of its tables would keep the old).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cached_people_list_and_audit_head_show_every_change_at_once() {
    let app = TestApp::spawn().await;
    let p = app.programme().await;
    app.ensure_region(&p).await;
    let r = app.import_jurisdictions(&app.admin, &p, "code,name,level,parent_code\nR-C,Cachetown,local,R\n").await;
    assert!(r.status.is_success(), "{}", r.body);
    let here = app::backend::repo::jurisdictions::by_code(&app.state.db, &p, "R-C").await.unwrap().unwrap().id;
    people(&app, &p, 1, "Cached Official", Role::Official, Some(&here)).await;
    let list = |q: &'static str| {
        let (app, p) = (&app, p.clone());
        async move { app.call(&app.admin, "people/list", &[("programme_id", &p), ("query[q]", q)]).await.body }
    };
    let head = || {
        let (app, p) = (&app, p.clone());
        async move { app.call(&app.admin, "audit/search", &[("programme_id", &p)]).await.body }
    };
    assert_eq!(list("cached").await["members"]["rows"][0]["scope_label"], "Cachetown");
    let before = head().await;
    // A jurisdiction renamed: the person's scope and the log's newest entry.
    let r = app
        .call(&app.admin, "jurisdictions/rename", &[("programme_id", &p), ("code", "R-C"), ("name", "Newtown")])
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!(list("cached").await["members"]["rows"][0]["scope_label"], "Newtown");
    let after = head().await;
    assert_eq!(after["total"].as_u64(), before["total"].as_u64().map(|n| n + 1), "{after}");
    assert_eq!(after["rows"][0]["action"], "jurisdiction.rename", "{after}");
    // A person added, and an invitation made: both show.
    people(&app, &p, 1, "Cached Newcomer", Role::Observer, None).await;
    assert_eq!(list("cached").await["members"]["total"], 2);
    let email = format!("{}@test.example", unique("invited"));
    let r = app.invite(&app.admin, &p, &email, "observer", "").await;
    assert!(r.status.is_success(), "{}", r.body);
    let invitations = list("").await["invitations"].clone();
    let shown = invitations.as_array().unwrap().iter().find(|i| i["email"] == email.as_str()).cloned();
    let shown = shown.unwrap_or_else(|| panic!("the invitation shows: {invitations}"));
    // It runs until the day its link expires.
    let mut res = app
        .state
        .db
        .query("SELECT VALUE <string> expires_at FROM token WHERE email = $e")
        .bind(("e", email.clone()))
        .await
        .unwrap();
    let expires: Vec<String> = res.take(0).unwrap();
    assert_eq!(shown["expires_at"].as_str(), Some(&expires[0][..10]), "{shown}");
    assert_eq!(head().await["rows"][0]["action"], "invitation.create");
    // Once its link has expired, it is no longer listed.
    app.state
        .db
        .query("UPDATE token SET expires_at = time::now() - 1s WHERE email = $e")
        .bind(("e", email.clone()))
        .await
        .unwrap();
    assert!(!list("").await["invitations"].as_array().unwrap().iter().any(|i| i["email"] == email.as_str()));
    // A user's name changed straight in the database (another path than this programme's pages).
    app.state.db.query("UPDATE user SET name = 'Renamed Official' WHERE name = 'Cached Official'").await.unwrap();
    assert_eq!(list("renamed").await["members"]["total"], 1);
}
