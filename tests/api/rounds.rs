//! Consultation rounds (WP3.1): the life of a round, its questionnaire in every language, and the
//! anonymous channel with its promise: nothing about the client kept anywhere, receipts that work
//! and cannot be guessed, and figures that pass disclosure control and appear only after closing.
use crate::helpers::*;
use app::domain::Role;
use reqwest::StatusCode;
use std::sync::{Arc, Mutex};

/// A draft round over the nation and its region, in English and Arabic, asking for gender and region.
pub async fn draft(app: &TestApp, programme: &str) -> String {
    app.ensure_region(programme).await;
    let r = app
        .call(
            &app.admin,
            "rounds/save",
            &[
                ("programme_id", programme),
                ("title", "Integration priorities 2027"),
                ("purpose", "Tell us what matters."),
                ("languages[]", "en"),
                ("languages[]", "ar"),
                ("scope[]", "N"),
                ("scope[]", "R"),
                ("audiences[]", "migrant_org"),
                ("attributes[]", "gender"),
                ("attributes[]", "region"),
                ("opens", "2026-01-01"),
                ("deadline_local", "2026-06-01"),
                ("deadline_regional", "2026-09-01"),
                ("deadline_national", "2026-12-01"),
                ("closes", "2027-12-31"),
            ],
        )
        .await;
    assert!(r.status.is_success(), "{} {}", r.status, r.body);
    r.body.as_str().expect("the round's id").to_string()
}

pub async fn detail(app: &TestApp, c: &reqwest::Client, programme: &str, round: &str) -> serde_json::Value {
    let r = app.call(c, "rounds/get", &[("programme_id", programme), ("id", round)]).await;
    assert!(r.status.is_success(), "{} {}", r.status, r.body);
    r.body
}

pub async fn analysis(app: &TestApp, c: &reqwest::Client, programme: &str, round: &str) -> serde_json::Value {
    let r = app.call(c, "rounds/analysis", &[("programme_id", programme), ("id", round)]).await;
    assert!(r.status.is_success(), "{} {}", r.status, r.body);
    r.body
}

pub async fn move_to(app: &TestApp, programme: &str, round: &str, to: &str) -> Reply {
    app.call(&app.admin, "rounds/move", &[("programme_id", programme), ("id", round), ("to", to)]).await
}

/// An open round with one more question (one choice, in both languages); returns (round, token, the
/// choice question's id).
pub async fn open_round(app: &TestApp, programme: &str) -> (String, String, String) {
    let round = draft(app, programme).await;
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
                ("text_ar", "ما الأهم؟"),
                ("options_en", "Jobs\nHousing\nLanguage"),
                ("options_ar", "العمل\nالسكن\nاللغة"),
            ],
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let r = move_to(app, programme, &round, "open").await;
    assert!(r.status.is_success(), "{}", r.body);
    let d = detail(app, &app.admin, programme, &round).await;
    let token = d["public_path"].as_str().unwrap().trim_start_matches("/f/").to_string();
    let choice = d["questions"].as_array().unwrap().iter().find(|q| q["kind"] == "single").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    (round, token, choice)
}

/// Posts the public form as a browser without JavaScript would.
pub async fn submit(
    app: &TestApp,
    token: &str,
    form: &[(&str, &str)],
    headers: &[(&str, &str)],
) -> (StatusCode, String) {
    let mut req = client().post(app.url(&format!("/f/{token}?lang=ar"))).form(form);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await.unwrap();
    (res.status(), res.text().await.unwrap())
}

fn receipt_in(html: &str) -> String {
    let start = html.find("<strong>").unwrap_or_else(|| panic!("no receipt code in {html}")) + "<strong>".len();
    html[start..start + 19].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_opens_only_when_complete_and_moves_one_step_at_a_time() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    // Bad input is explained field by field.
    let r = app
        .call(
            &app.admin,
            "rounds/save",
            &[("programme_id", &programme), ("title", ""), ("languages[]", "xx"), ("opens", "2027-02-30x")],
        )
        .await;
    assert_eq!(r.status, 422);
    let fields: Vec<&str> = r.body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    for f in ["title", "languages", "scope", "opens", "closes"] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    let round = draft(&app, &programme).await;
    let d = detail(&app, &app.admin, &programme, &round).await;
    assert_eq!(d["status"], "draft");
    assert_eq!(d["questions"].as_array().unwrap().len(), 3, "the default template: priorities, actions, risks");
    assert_eq!(d["deadlines"]["regional"], "2026-09-01");
    // A question written only in English blocks the opening.
    let r = app
        .call(
            &app.admin,
            "rounds/question",
            &[("programme_id", &programme), ("round_id", &round), ("kind", "rating"), ("text_en", "How useful?")],
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    let r = move_to(&app, &programme, &round, "open").await;
    assert_eq!(r.status, 422);
    assert_eq!(r.body["fields"][0]["code"], "missing_translation");
    // Skipping a step is refused.
    let r = move_to(&app, &programme, &round, "closed").await;
    assert_eq!(r.body["fields"][0]["code"], "not_allowed");
    let q = d["questions"].as_array().unwrap().len();
    let rating = detail(&app, &app.admin, &programme, &round).await["questions"][q]["id"].as_str().unwrap().to_string();
    let r = app
        .call(
            &app.admin,
            "rounds/question",
            &[
                ("programme_id", &programme),
                ("round_id", &round),
                ("question_id", &rating),
                ("kind", "rating"),
                ("text_en", "How useful?"),
                ("text_ar", "ما مدى الفائدة؟"),
            ],
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    for to in ["open", "closed", "analysed", "published"] {
        let r = move_to(&app, &programme, &round, to).await;
        assert!(r.status.is_success(), "to {to}: {}", r.body);
    }
    assert_eq!(move_to(&app, &programme, &round, "draft").await.status, 422, "never back");
    // Each move is audited.
    let audit =
        app.state.db.query("SELECT VALUE action FROM audit WHERE target = $t").bind(("t", format!("round:{round}")));
    let actions: Vec<String> = audit.await.unwrap().take(0).unwrap();
    for a in ["round.create", "round.open", "round.closed", "round.analysed", "round.published"] {
        assert!(actions.iter().any(|x| x == a), "{a} not audited: {actions:?}");
    }
    // Observers read, but cannot move a round.
    let (observer, _) = app.actor(app::domain::Role::Observer, &programme).await;
    assert!(app
        .call(&observer, "rounds/get", &[("programme_id", &programme), ("id", &round)])
        .await
        .status
        .is_success());
    let r = app.call(&observer, "rounds/move", &[("programme_id", &programme), ("id", &round), ("to", "open")]).await;
    assert_eq!(r.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_form_has_no_script_speaks_arabic_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (_, token, choice) = open_round(&app, &programme).await;
    let res = client().get(app.url(&format!("/f/{token}?lang=ar"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"), "{csp}");
    assert!(res.headers().get("set-cookie").is_none(), "no cookie on the anonymous channel");
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"lang="ar""#) && html.contains(r#"dir="rtl""#), "{html}");
    assert!(!html.contains("<script") && !html.contains(".wasm"), "no script, no WebAssembly");
    assert!(html.contains("ما الأهم؟") && html.contains("أرسل إجاباتي"));
    // A language the round does not speak falls back to one it does.
    let html = client().get(app.url(&format!("/f/{token}?lang=uk"))).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(r#"lang="en""#));
    // The required question left out: the form comes back with the message and the typed text.
    let first = open_text(&app, &programme, &token).await;
    let (status, html) =
        submit(&app, &token, &[(&format!("q_{first}"), "دروس اللغة مساءً"), ("attr_gender", "robot")], &[]).await;
    assert_eq!(status, 422);
    assert!(html.contains("دروس اللغة مساءً"), "what was typed is kept");
    assert!(html.contains("هذا الحقل مطلوب") && html.contains("اختر أحد الخيارات"), "{html}");
    assert_eq!(stored(&app).await, 0, "nothing was saved");
    let (status, html) = submit(&app, &token, &[(&format!("q_{choice}"), "1")], &[]).await;
    assert_eq!(status, 200);
    assert!(!html.contains("<strong>"), "no receipt unless asked for");
    assert_eq!(stored(&app).await, 1);
    // Requests have a size cap: a 70 KB form is refused before anything reads it.
    let big = "x".repeat(70 * 1024);
    let res = client().post(app.url(&format!("/f/{token}"))).form(&[(format!("q_{first}"), big)]).send().await.unwrap();
    assert_eq!(res.status(), 413);
    assert_eq!(stored(&app).await, 1);
    // An unknown link is a page, not an error dump.
    let res = client().get(app.url("/f/nosuchround")).send().await.unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_s_form_is_previewed_as_respondents_will_see_it_by_those_who_run_rounds_only() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let round = draft(&app, &programme).await;
    let path = format!("/programmes/{programme}/rounds/{round}/preview?lang=ar");
    let res = app.admin.get(app.url(&path)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let html = res.text().await.unwrap();
    // The draft's questions in Arabic, right to left, without script, and nothing can be sent.
    assert!(html.contains(r#"lang="ar""#) && html.contains(r#"dir="rtl""#), "{html}");
    assert!(!html.contains("<script") && !html.contains(".wasm"));
    assert!(html.contains("معاينة") && html.contains("disabled"), "{html}");
    assert!(!html.contains("action="), "the preview's form posts nowhere");
    assert!(!html.contains("/f/"), "the preview links to no public page");
    // The public link itself still says the round is not open.
    let token = detail(&app, &app.admin, &programme, &round).await["public_path"].as_str().unwrap().to_string();
    let public = client().get(app.url(&token)).send().await.unwrap().text().await.unwrap();
    assert!(!public.contains("<form"), "{public}");
    // Deny by default: anonymous, another programme's staff and officials get nothing.
    assert_eq!(client().get(app.url(&path)).send().await.unwrap().status(), 401);
    let (official, _) = app.actor(Role::Official, &programme).await;
    assert_eq!(official.get(app.url(&path)).send().await.unwrap().status(), 403);
    let other = app.programme().await;
    let (stranger, _) = app.actor(Role::Coordinator, &other).await;
    assert_eq!(stranger.get(app.url(&path)).send().await.unwrap().status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paper_forms_enter_the_anonymous_channel_in_whole_batches_that_name_no_one() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (round, _, _) = open_round(&app, &programme).await;
    // The empty sheet names the columns: the questions by number, then the attributes.
    let (status, csv) =
        app.get(&app.admin, &format!("/programmes/{programme}/export/paper?round={round}&format=csv")).await;
    assert_eq!(status, 200);
    assert_eq!(csv.trim_start_matches('\u{feff}').lines().next(), Some("q1,q2,q3,q4,region,gender"));
    let register = format!("paper?round={round}");
    // A batch with a mistake enters nothing and says where each one is.
    let bad = "q1,q2,q3,q4,gender,region\nMore classes,,,Housing,woman,R\nChildcare,,,9,robot,\n";
    let r = app.import(&app.admin, &programme, &register, "p.csv", bad.into()).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let fields: Vec<(String, String, u64)> = r.body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (f["field"].as_str().unwrap().into(), f["code"].as_str().unwrap().into(), f["row"].as_u64().unwrap_or(0))
        })
        .collect();
    assert!(fields.contains(&("q4".into(), "invalid_choice".into(), 3)), "{fields:?}");
    assert!(fields.contains(&("gender".into(), "invalid_choice".into(), 3)), "{fields:?}");
    assert_eq!(stored(&app).await, 0);
    // A good batch goes in whole: an option by its number, its text, or its Arabic text.
    let good = "q1,q2,q3,q4,gender,region\nMore classes,,,Housing,woman,R\nChildcare,,,3,,\nEvening hours,Interpreters,,اللغة,man,\n";
    let r = app.import(&app.admin, &programme, &register, "p.csv", good.into()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["added"], 3);
    let channels: Vec<String> =
        app.state.db.query("SELECT VALUE channel FROM feedback WHERE receipt = NONE").await.unwrap().take(0).unwrap();
    assert_eq!(channels, ["paper", "paper", "paper"]);
    // The audit log says a batch of three was entered, by whom, and nothing about which submissions.
    let entries: Vec<(String, String)> = app
        .state
        .db
        .query("SELECT VALUE [target, summary] FROM audit WHERE action = 'feedback.paper_batch'")
        .await
        .unwrap()
        .take::<Vec<Vec<String>>>(0)
        .unwrap()
        .into_iter()
        .map(|v| (v[0].clone(), v[1].clone()))
        .collect();
    assert_eq!(entries, [(format!("round:{round}"), "3 forms".to_string())]);
    let named: Option<i64> = app
        .state
        .db
        .query("RETURN count(SELECT id FROM audit WHERE string::contains(target ?? '', 'feedback'))")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(named, Some(0));
    // Only those who run rounds enter forms, and only while the round is open.
    let (official, _) = app.actor(Role::Official, &programme).await;
    assert_eq!(app.import(&official, &programme, &register, "p.csv", good.into()).await.status, 403);
    assert!(move_to(&app, &programme, &round, "closed").await.status.is_success());
    let late = app.import(&app.admin, &programme, &register, "p.csv", good.into()).await;
    assert_eq!((late.status.as_u16(), late.body["fields"][0]["code"].as_str()), (422, Some("round_not_open")));
    assert_eq!(stored(&app).await, 3);
}

async fn open_text(app: &TestApp, programme: &str, token: &str) -> String {
    let round: Vec<String> = app
        .state
        .db
        .query("SELECT VALUE record::id(id) FROM round WHERE token = $t")
        .bind(("t", token.to_string()))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    let d = detail(app, &app.admin, programme, &round[0]).await;
    d["questions"][0]["id"].as_str().unwrap().to_string()
}

async fn stored(app: &TestApp) -> i64 {
    let n: Option<i64> = app.state.db.query("RETURN count(SELECT id FROM feedback)").await.unwrap().take(0).unwrap();
    n.unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_feedback_table_holds_only_the_allowed_fields() {
    let app = TestApp::spawn().await;
    let info: Option<serde_json::Value> = app
        .state
        .db
        .query("INFO FOR TABLE feedback")
        .await
        .unwrap()
        .take::<Option<surrealdb::types::Value>>(0)
        .unwrap()
        .map(|v| v.into_json_value());
    let info = info.expect("the table is defined");
    let mut fields: Vec<String> = info["fields"].as_object().unwrap().keys().cloned().collect();
    fields.sort();
    let allowed = [
        "answers",
        "answers.*",
        "answers.*.q",
        "answers.*.v",
        "answers.*.v.*",
        "attributes",
        "channel",
        "day",
        "hidden_because",
        "moderation",
        "quote",
        "receipt",
        "referral",
        "round",
        "safeguarding",
        "themes",
        "themes.*",
        "thread",
        "thread.*",
        "thread.*.day",
        "thread.*.from",
        "thread.*.text",
    ];
    assert_eq!(fields, allowed, "the anonymous submission's fields changed: review the promise first");
    let table: Option<surrealdb::types::Value> = app.state.db.query("INFO FOR DB").await.unwrap().take(0).unwrap();
    let table = table.unwrap().into_json_value();
    let def = table["tables"]["feedback"].as_str().unwrap();
    assert!(def.contains("SCHEMAFULL"), "{def}");
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every form a value could take in storage: as typed, and its common hashes in hex and base64.
fn forms_of(value: &str) -> Vec<Vec<u8>> {
    use base64::Engine;
    use sha2::Digest;
    let mut out = vec![value.as_bytes().to_vec()];
    let digests: Vec<Vec<u8>> =
        vec![sha2::Sha256::digest(value.as_bytes()).to_vec(), sha2::Sha512::digest(value.as_bytes()).to_vec()];
    for d in digests {
        out.push(d.iter().map(|b| format!("{b:02x}")).collect::<String>().into_bytes());
        out.push(base64::engine::general_purpose::STANDARD.encode(&d).into_bytes());
        out.push(base64::engine::general_purpose::STANDARD_NO_PAD.encode(&d).into_bytes());
        out.push(d);
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.len() <= haystack.len() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The canary: a submission with a unique user agent and forwarded address, from behind a trusted
/// proxy. Neither, nor a hash of either, is in the database's files (write-ahead log included), a
/// full backup, or the server's log — at trace level.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_trace_of_the_client_is_kept_anywhere() {
    let capture = Capture::default();
    let writer = capture.clone();
    tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .init();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let dir = std::env::temp_dir().join(format!("tessera-canary-{}-{nanos}", std::process::id()));
    let url = format!("surrealkv://{}", dir.display());
    let app = TestApp::spawn_on(&url, vec!["127.0.0.1".parse().unwrap()], Default::default(), None).await;
    let programme = app.programme().await;
    let (round, token, choice) = open_round(&app, &programme).await;
    let agent = format!("CanaryAgent/{}", unique("9"));
    let address = "198.51.100.173";
    let headers = [("user-agent", agent.as_str()), ("x-forwarded-for", address)];
    let (status, html) =
        submit(&app, &token, &[(&format!("q_{choice}"), "2"), ("attr_gender", "woman"), ("receipt", "yes")], &headers)
            .await;
    assert_eq!(status, 200, "{html}");
    let code = receipt_in(&html);
    // A wrong code, and reading the reply, go through the same paths.
    let form = [("code", "AAAA-AAAA-AAAA-AAAA")];
    let res =
        client().post(app.url(&format!("/f/{token}/receipt"))).form(&form).header("user-agent", &agent).send().await;
    assert_eq!(res.unwrap().status(), 422);
    let form = [("code", code.as_str())];
    let res =
        client().post(app.url(&format!("/f/{token}/receipt"))).form(&form).header("user-agent", &agent).send().await;
    assert_eq!(res.unwrap().status(), 200);
    let backup = app::backend::service::backup::export(&app.state.db, None).await.unwrap();
    let backup = serde_json::to_vec(&backup).unwrap();
    assert!(contains(&backup, round.as_bytes()), "the backup holds the round");
    // The database's own files, after it has written them out.
    drop(app);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mut files = vec![];
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    assert!(!files.is_empty(), "the database wrote files");
    let mut disk = vec![];
    for f in &files {
        disk.extend(std::fs::read(f).unwrap());
    }
    let log = capture.0.lock().unwrap().clone();
    for value in [agent.as_str(), address] {
        for form in forms_of(value) {
            assert!(!contains(&disk, &form), "the database files hold {value:?} in some form");
            assert!(!contains(&backup, &form), "the backup holds {value:?} in some form");
            assert!(!contains(&log, &form), "the log holds {value:?} in some form");
        }
    }
    assert!(!contains(&log, code.as_bytes()), "the receipt code is not logged");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receipt_reads_the_reply_and_guessing_is_blocked() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (round, token, choice) = open_round(&app, &programme).await;
    let (_, html) = submit(&app, &token, &[(&format!("q_{choice}"), "0"), ("receipt", "yes")], &[]).await;
    let code = receipt_in(&html);
    assert_eq!(app::domain::round::normalise_receipt(&code).unwrap().len(), 16, "80 bits");
    // The code is stored only as its Argon2id hash.
    let receipts: Vec<String> =
        app.state.db.query("SELECT VALUE receipt FROM feedback WHERE receipt != NONE").await.unwrap().take(0).unwrap();
    assert_eq!(receipts.len(), 1);
    assert!(receipts[0].starts_with("$argon2id$") && !receipts[0].contains(&code.replace('-', "")));
    // The "I have saved it" step: without the tick, the code is shown again.
    let form = [("code", code.as_str())];
    let res = client().post(app.url(&format!("/f/{token}/saved"))).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains(&code));
    // No reply while the round is open; the coordinator answers once it has closed.
    let r = app
        .call(
            &app.admin,
            "rounds/reply",
            &[("programme_id", &programme), ("round_id", &round), ("feedback_id", "x"), ("text", "Thanks")],
        )
        .await;
    assert_eq!(r.body["fields"][0]["code"], "round_still_open");
    assert!(move_to(&app, &programme, &round, "closed").await.status.is_success());
    let d = analysis(&app, &app.admin, &programme, &round).await;
    let feedback = d["feedback"]["rows"][0]["id"].as_str().unwrap().to_string();
    assert!(d["feedback"]["rows"][0].get("attributes").is_none(), "coordinators read answers, not attributes");
    let r = app
        .call(
            &app.admin,
            "rounds/reply",
            &[
                ("programme_id", &programme),
                ("round_id", &round),
                ("feedback_id", &feedback),
                ("text", "We will fund evening classes."),
            ],
        )
        .await;
    assert!(r.status.is_success(), "{}", r.body);
    // The receipt holder reads it (typed loosely) and answers back.
    let loose = code.to_lowercase().replace('-', " ");
    let res =
        client().post(app.url(&format!("/f/{token}/receipt?lang=ar"))).form(&[("code", loose.as_str())]).send().await;
    let html = res.unwrap().text().await.unwrap();
    assert!(html.contains("We will fund evening classes."), "{html}");
    let form = [("code", code.as_str()), ("message", "Thank you, and childcare please.")];
    let res = client().post(app.url(&format!("/f/{token}/message"))).form(&form).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("childcare please"));
    let d = analysis(&app, &app.admin, &programme, &round).await;
    assert_eq!(d["feedback"]["rows"][0]["thread"].as_array().unwrap().len(), 2);
    // The reply is audited without saying which submission it answered.
    let summaries: Vec<String> = app
        .state
        .db
        .query("SELECT VALUE summary FROM audit WHERE action = 'feedback.reply'")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(summaries, vec![String::new()]);
    // Guessing: wrong codes are refused, then every look-up from that client is, the right code too.
    let mut refused = 0;
    for i in 0..12 {
        let guess = format!("ABCD-EFGH-JKMN-PQ{:02}", i);
        let res = client().post(app.url(&format!("/f/{token}/receipt"))).form(&[("code", guess.as_str())]).send().await;
        if res.unwrap().status() == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    assert!(refused >= 2, "guessing is limited ({refused} refused)");
    let res = client().post(app.url(&format!("/f/{token}/receipt"))).form(&[("code", code.as_str())]).send().await;
    assert_eq!(res.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_figures_wait_for_the_close_and_never_show_a_small_count() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (round, token, choice) = open_round(&app, &programme).await;
    // 14 say "Jobs", 3 "Housing"; 12 women, 5 prefer not to say. Straight into the database (the
    // form's rate limit is per client, and this is one client).
    let rid = round.clone();
    for i in 0..17 {
        let answer = if i < 14 { "0" } else { "1" };
        let gender = if i < 12 { "woman" } else { "prefer_not" };
        app.state
            .db
            .query("CREATE feedback CONTENT { round: type::record('round', $r), day: '2026-05-01', channel: 'online', answers: [{ q: $q, v: [$a] }], attributes: { gender: $g, region: 'prefer_not' } }")
            .bind(("r", rid.clone()))
            .bind(("q", choice.clone()))
            .bind(("a", answer))
            .bind(("g", gender))
            .await
            .unwrap()
            .check()
            .unwrap();
    }
    let _ = token;
    let d = detail(&app, &app.admin, &programme, &round).await;
    assert!(d["counts"].is_null(), "no figures while the round is open");
    let figures = format!("/programmes/{programme}/export/results?round={round}&format=csv");
    assert_eq!(app.get(&app.admin, &figures).await.0, 422, "no figures leave while the round is open");
    assert!(move_to(&app, &programme, &round, "closed").await.status.is_success());
    let (observer, _) = app.actor(app::domain::Role::Observer, &programme).await;
    let d = detail(&app, &observer, &programme, &round).await;
    assert_eq!(d["counts"]["total"]["Count"], 17);
    let r = app.call(&observer, "rounds/analysis", &[("programme_id", &programme), ("id", &round)]).await;
    assert_eq!(r.status, 403, "observers get figures, not submissions");
    let tables = d["counts"]["tables"].as_array().unwrap();
    let choice_table = tables.iter().find(|t| t["title"] == "Which matters most?").unwrap();
    // Jobs 14, Housing 3 → fewer than 10, Language 0, no answer 0; Housing alone could be worked
    // out from the total, so Jobs is hidden too.
    assert_eq!(choice_table["cells"], serde_json::json!(["Hidden", "FewerThanK", { "Count": 0 }, { "Count": 0 }]));
    let gender = tables.iter().find(|t| t["title"] == "Gender").unwrap();
    // Women 12, men 0, another gender 0, prefer not 5: the 5 alone could be worked out, so the 12 is
    // hidden too.
    assert_eq!(gender["cells"], serde_json::json!(["Hidden", { "Count": 0 }, { "Count": 0 }, "FewerThanK"]));
    for cell in tables.iter().flat_map(|t| t["cells"].as_array().unwrap()) {
        if let Some(n) = cell.get("Count").and_then(|n| n.as_u64()) {
            assert!(n == 0 || n >= 10, "a published count of {n}");
        }
    }
    // What leaves the platform: the same figures after disclosure control, never a submission.
    let (status, csv) = app.get(&app.admin, &figures).await;
    assert_eq!(status, 200, "{csv}");
    assert!(csv.contains("Submissions,17"), "{csv}");
    assert!(csv.contains("Which matters most?,Housing,fewer than 10"), "{csv}");
    assert!(csv.contains("Gender,Woman,hidden") || csv.contains("Gender,Woman,Hidden"), "{csv}");
    for small in [",14", ",12", ",3\n", ",5\n"] {
        assert!(!csv.contains(small), "{small} left the platform: {csv}");
    }
    let (observer_status, _) = app.get(&observer, &figures).await;
    assert_eq!(observer_status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answered_question_changes_by_a_new_version() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (round, token, choice) = open_round(&app, &programme).await;
    let (status, html) = submit(&app, &token, &[(&format!("q_{choice}"), "2")], &[]).await;
    assert_eq!(status, 200, "{html}");
    let edit = |text: &'static str| {
        let (programme, round, choice) = (programme.clone(), round.clone(), choice.clone());
        let app = &app;
        async move {
            app.call(
                &app.admin,
                "rounds/question",
                &[
                    ("programme_id", &programme),
                    ("round_id", &round),
                    ("question_id", &choice),
                    ("kind", "single"),
                    ("text_en", text),
                    ("text_ar", "ما الأهم الآن؟"),
                    ("options_en", "Jobs\nHousing\nSchools"),
                    ("options_ar", "العمل\nالسكن\nالمدارس"),
                ],
            )
            .await
        }
    };
    let r = edit("Which matters most now?").await;
    assert!(r.status.is_success(), "{}", r.body);
    let d = detail(&app, &app.admin, &programme, &round).await;
    let now = d["questions"].as_array().unwrap().iter().find(|q| q["kind"] == "single").unwrap();
    assert_eq!(now["version"], 2);
    assert_ne!(now["id"].as_str().unwrap(), choice, "a new version, not the answered one rewritten");
    let kept: Vec<String> = app
        .state
        .db
        .query("SELECT VALUE text.en FROM type::record('question', $q)")
        .bind(("q", choice.clone()))
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert_eq!(kept, vec!["Which matters most?".to_string()], "the answered version is kept as it was");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_programme_page_shows_the_delay_to_results_and_warns_when_migrants_were_not_consulted_lately() {
    async fn overview(app: &TestApp, programme: String) -> serde_json::Value {
        app.call(&app.admin, "programmes/get", &[("id", programme.as_str())]).await.body
    }
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let o = overview(&app, programme.clone()).await;
    assert_eq!(o["consultation_overdue"], true, "never consulted");
    assert!(o["rounds"].as_array().unwrap().is_empty(), "drafts do not count");
    app.ensure_region(&programme).await;
    let today = time::OffsetDateTime::now_utc().date();
    let later = |days: i64| (today + time::Duration::days(days)).to_string();
    let r = app
        .call(
            &app.admin,
            "rounds/save",
            &[
                ("programme_id", &programme),
                ("title", "Spring round"),
                ("languages[]", "en"),
                ("scope[]", "N"),
                ("opens", &today.to_string()),
                ("deadline_local", &later(10)),
                ("deadline_regional", &later(20)),
                ("deadline_national", &later(30)),
                ("closes", &later(30)),
            ],
        )
        .await;
    let round = r.body.as_str().unwrap().to_string();
    for to in ["open", "closed"] {
        assert!(move_to(&app, &programme, &round, to).await.status.is_success());
    }
    let o = overview(&app, programme.clone()).await;
    assert_eq!(o["consultation_overdue"], false);
    assert_eq!(o["last_consultation"], today.to_string());
    let row = &o["rounds"][0];
    assert_eq!(row["closed_on"], today.to_string());
    assert_eq!(row["days_to_results"], 0, "closed today, results not yet published");
    assert!(row["published_on"].is_null());
    // An old round alone leaves the programme warned.
    app.state
        .db
        .query("UPDATE type::record('round', $r) SET opens = '2020-01-01'")
        .bind(("r", round.clone()))
        .await
        .unwrap();
    let o = overview(&app, programme.clone()).await;
    assert_eq!(o["consultation_overdue"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_has_an_open_round_whose_public_form_answers_in_ukrainian() {
    let app = TestApp::spawn().await;
    let report = app::backend::service::demo::seed(&app.state).await.unwrap();
    let p = report.programme_id;
    let list = app.call(&app.admin, "rounds/list", &[("programme_id", &p)]).await;
    let round =
        list.body["rows"].as_array().unwrap().iter().find(|r| r["status"] == "open").expect("an open round").clone();
    let d = detail(&app, &app.admin, &p, round["id"].as_str().unwrap()).await;
    assert_eq!(d["questions"].as_array().unwrap().len(), 3);
    let res = client().get(app.url(&format!("{}?lang=uk", d["public_path"].as_str().unwrap()))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"lang="uk""#) && html.contains("Надіслати мої відповіді"), "{html}");
    // Its hub counts something on a first run: seated public bodies, a meeting, an interactions log.
    let seats = app.call(&app.admin, "hub/seats", &[("programme_id", &p)]).await;
    assert_eq!(seats.body["k1"]["total"], 4, "{}", seats.body);
    let hub = app.call(&app.admin, "hub/get", &[("programme_id", &p)]).await;
    assert_eq!(hub.body["log"]["total"], 6);
    assert!(!hub.body["k3"].as_array().unwrap().is_empty(), "{}", hub.body);
    let meetings = app.call(&app.admin, "meetings/list", &[("programme_id", &p)]).await;
    assert_eq!(meetings.body["page"]["rows"][0]["attendees"], 4, "{}", meetings.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organisations_are_invited_from_the_register_and_coverage_counts_their_answers_by_typology() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    // The round reaches the nation and its region; its audience is migrant organisations.
    let (round, _, _) = open_round(&app, &programme).await;
    let csv = "name,kind,jurisdiction_code\nMig One,migrant_org,R\nMig Two,migrant_org,R\nCivil One,cso,R\nMig Silent,migrant_org,N\n";
    let r = app.import(&app.admin, &programme, "organisations", "o.csv", csv.into()).await;
    assert!(r.status.is_success(), "{}", r.body);
    let id = |name: &'static str| {
        let (app, programme) = (&app, &programme);
        async move { app::backend::repo::organisations::id_by_name(&app.state.db, programme, name).await.unwrap().unwrap() }
    };
    let (one, two) = (id("Mig One").await, id("Mig Two").await);
    // Mig One's contact already works in the programme; Mig Two's has no account; Mig Silent has no
    // e-mail contact.
    let (_member, member_email) = app.actor(Role::Member, &programme).await;
    let newcomer = format!("{}@test.example", unique("newcomer"));
    for (org, email) in [(&one, member_email.as_str()), (&two, newcomer.as_str())] {
        let form = [
            ("programme_id", programme.as_str()),
            ("organisation_id", org.as_str()),
            ("name", "Contact person"),
            ("email", email),
            ("legal_basis", "legitimate_interest"),
        ];
        let r = app.call(&app.admin, "contacts/save", &form).await;
        assert!(r.status.is_success(), "{}", r.body);
    }
    let invite = |kind: &'static str, level: &'static str, jurisdiction: &'static str| {
        let (app, programme, round) = (&app, &programme, &round);
        async move {
            let form = [
                ("programme_id", programme.as_str()),
                ("round_id", round.as_str()),
                ("kind", kind),
                ("level", level),
                ("jurisdiction", jurisdiction),
            ];
            app.call(&app.admin, "rounds/invite", &form).await
        }
    };
    // The round's audiences, in the region only: the two migrant organisations there, not the CSO.
    let r = invite("", "", "R").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        (&r.body["organisations"], &r.body["notified"], &r.body["invited"], &r.body["without_contact"]),
        (&serde_json::json!(2), &serde_json::json!(1), &serde_json::json!(1), &serde_json::json!(0))
    );
    let told = app::backend::repo::outbox::latest_mail_to(&app.state.db, &member_email).await.unwrap().unwrap();
    assert!(told.body.contains(&format!("/rounds/{round}/input")), "{}", told.body);
    let welcomed = app::backend::repo::outbox::latest_mail_to(&app.state.db, &newcomer).await.unwrap().unwrap();
    assert!(welcomed.body.contains("/invitation/"), "{}", welcomed.body);
    let token = welcomed.body.split("/invitation/").nth(1).unwrap().split_whitespace().next().unwrap().to_string();
    let info = app.call(&client(), "auth/invitation", &[("token", &token)]).await;
    assert_eq!((info.body["role"].as_str(), info.body["email"].as_str()), (Some("member"), Some(newcomer.as_str())));
    // The analysis, read now, is read again after every change below (what it keeps in memory
    // goes with the next invitation or input).
    let a = analysis(&app, &app.admin, &programme, &round).await;
    assert_eq!(a["by_typology"], serde_json::json!([{ "kind": "migrant_org", "invited": 2, "answered": 0 }]));
    // Nobody is invited twice; a bad filter is named.
    assert_eq!(invite("", "", "R").await.body["fields"][0]["code"], "nobody_to_invite");
    assert_eq!(invite("", "", "ZZ").await.body["fields"][0]["field"], "jurisdiction");
    // The rest of the scope, then another typology.
    let r = invite("", "", "").await;
    assert_eq!((&r.body["organisations"], &r.body["without_contact"]), (&serde_json::json!(1), &serde_json::json!(1)));
    assert_eq!(invite("cso", "", "").await.body["organisations"], 1);
    let a = analysis(&app, &app.admin, &programme, &round).await;
    assert_eq!(a["waiting"], serde_json::json!(["Civil One", "Mig One", "Mig Silent", "Mig Two"]));
    // Coverage: invited against answered, by typology, and who has not answered yet.
    app.state
        .db
        .query(
            "CREATE input SET round = type::record('round', $r), programme = type::record('programme', $p),
                organisation = type::record('organisation', $o), answerer = 'organisation:' + $o, level = 'regional',
                status = 'submitted', submitted_on = '2026-12-01', updated_on = '2026-12-01',
                updated_by = (SELECT VALUE id FROM user LIMIT 1)[0]",
        )
        .bind(("r", round.clone()))
        .bind(("p", programme.clone()))
        .bind(("o", one.clone()))
        .await
        .unwrap()
        .check()
        .unwrap();
    let a = analysis(&app, &app.admin, &programme, &round).await;
    assert_eq!(
        a["by_typology"],
        serde_json::json!([
            { "kind": "cso", "invited": 1, "answered": 0 },
            { "kind": "migrant_org", "invited": 3, "answered": 1 }
        ])
    );
    assert_eq!(a["waiting"], serde_json::json!(["Civil One", "Mig Silent", "Mig Two"]));
    // Only those who run rounds invite.
    let (official, _) = app.actor(Role::Official, &programme).await;
    let form = [("programme_id", programme.as_str()), ("round_id", round.as_str())];
    assert_eq!(app.call(&official, "rounds/invite", &form).await.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_round_shows_every_change_at_once() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let round = draft(&app, &programme).await;
    // Read once, so the round is cached.
    let d = detail(&app, &app.admin, &programme, &round).await;
    assert_eq!(
        (d["title"].as_str(), d["questions"].as_array().unwrap().len()),
        (Some("Integration priorities 2027"), 3)
    );
    let write = |sql: &'static str| {
        let (app, programme, round) = (&app, programme.clone(), round.clone());
        async move {
            app.state.db.query(sql).bind(("p", programme)).bind(("r", round)).await.unwrap().check().unwrap();
        }
    };
    let list = || async { app.call(&app.admin, "rounds/list", &[("programme_id", &programme)]).await.body };
    assert_eq!(list().await["rows"][0]["title"], "Integration priorities 2027");
    write("UPDATE type::record('round', $r) SET title = 'Renamed round'").await;
    assert_eq!(detail(&app, &app.admin, &programme, &round).await["title"], "Renamed round");
    assert_eq!(list().await["rows"][0]["title"], "Renamed round");
    // A new round is listed at once.
    draft(&app, &programme).await;
    assert_eq!(list().await["rows"].as_array().unwrap().len(), 2);
    write(
        "LET $q = (SELECT VALUE id FROM question WHERE round = type::record('round', $r) ORDER BY position LIMIT 1)[0];
         UPDATE $q SET retired = true",
    )
    .await;
    assert_eq!(detail(&app, &app.admin, &programme, &round).await["questions"].as_array().unwrap().len(), 2);
    write("UPDATE jurisdiction SET name = 'Renamed Region' WHERE programme = type::record('programme', $p) AND code = 'R'")
        .await;
    let d = detail(&app, &app.admin, &programme, &round).await;
    assert!(d["scope"].as_array().unwrap().iter().any(|p| p["name"] == "Renamed Region"), "{d}");
    // A round the programme does not have is not found, and unknown ids or public keys leave
    // nothing in the cache (anyone may ask for any key).
    let kept = app.state.caches.rounds.len();
    let other = app.call(&app.admin, "rounds/get", &[("programme_id", &programme), ("id", "nothing")]).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    for n in 0..5 {
        let (status, _) = app.get(&app.admin, &format!("/f/no-such-key-{n}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    assert_eq!(app.state.caches.rounds.len(), kept);
}
