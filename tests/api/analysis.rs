//! Analysis and publication of a round: a two-level codebook, coding, moderation that flags what
//! may identify someone, and the public results page with "you said, we did" — its figures through
//! disclosure control, its quotes only as approved.
use crate::helpers::*;
use crate::rounds::{analysis, detail, move_to, open_round};

async fn theme(app: &TestApp, programme: &str, round: &str, fields: &[(&str, &str)]) -> Reply {
    let mut form = vec![("programme_id", programme), ("round_id", round)];
    form.extend_from_slice(fields);
    app.call(&app.admin, "rounds/theme", &form).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_is_coded_moderated_and_published_with_what_was_decided() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (round, token, choice) = open_round(&app, &programme).await;
    let text = detail(&app, &app.admin, &programme, &round).await["questions"][0]["id"].as_str().unwrap().to_string();
    // An organisation of the register, whose name a respondent will write.
    let name = app::backend::repo::organisations::NewOrganisation {
        name: "Nordmark Refugee Council",
        kind: "cso",
        jurisdiction_id: None,
        migrant_led: false,
    };
    app::backend::repo::organisations::create(&app.state.db, &programme, name).await.unwrap();
    // Twelve anonymous answers; one leaves a phone number and names the council.
    for i in 0..12 {
        let said = if i == 0 {
            "Call me on +33 6 12 34 56 78 about classes at the Nordmark Refugee Council".to_string()
        } else {
            format!("Evening classes please ({i})")
        };
        app.state
            .db
            .query("CREATE feedback CONTENT { round: type::record('round', $r), day: '2026-05-01', channel: 'online', answers: [{ q: $t, v: [$s] }, { q: $c, v: ['0'] }] }")
            .bind(("r", round.clone()))
            .bind(("t", text.clone()))
            .bind(("s", said))
            .bind(("c", choice.clone()))
            .await
            .unwrap()
            .check()
            .unwrap();
    }
    // The codebook: two levels, a label in at least one language of the round.
    let r = theme(&app, &programme, &round, &[("label_en", "Language"), ("label_ar", "اللغة")]).await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!(theme(&app, &programme, &round, &[("label_en", " ")]).await.body["fields"][0]["code"], "required");
    let a = analysis(&app, &app.admin, &programme, &round).await;
    assert!(a["feedback"]["rows"].as_array().unwrap().is_empty(), "no submission is read while the round is open");
    let language = a["themes"][0]["id"].as_str().unwrap().to_string();
    let r = theme(&app, &programme, &round, &[("label_en", "Evening classes"), ("parent", &language)]).await;
    assert!(r.status.is_success(), "{}", r.body);
    let evening = analysis(&app, &app.admin, &programme, &round).await["themes"][1]["id"].as_str().unwrap().to_string();
    let r = theme(&app, &programme, &round, &[("label_en", "Too deep"), ("parent", &evening)]).await;
    assert_eq!(r.body["fields"][0]["code"], "invalid_parent");
    assert!(move_to(&app, &programme, &round, "closed").await.status.is_success());

    // Moderation: the phone number is flagged; a quote is approved redacted, the other hidden.
    let a = analysis(&app, &app.admin, &programme, &round).await;
    let feedback = a["feedback"]["rows"].as_array().unwrap().clone();
    assert_eq!(feedback.len(), 12);
    let phone = feedback.iter().find(|f| f["quote"].as_str().unwrap().contains("+33")).unwrap();
    assert_eq!(phone["flags"][0]["Phone"], "+33 6 12 34 56 78");
    assert_eq!(phone["flags"][1]["Name"], "Nordmark Refugee Council");
    let moderate = |id: String, fields: Vec<(&'static str, String)>| {
        let (programme, round) = (programme.clone(), round.clone());
        let app = &app;
        async move {
            let mut form: Vec<(&str, String)> =
                vec![("programme_id", programme), ("round_id", round), ("feedback_id", id)];
            form.extend(fields);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(&app.admin, "rounds/moderate", &form).await
        }
    };
    let phone_id = phone["id"].as_str().unwrap().to_string();
    let r = moderate(phone_id.clone(), vec![("moderation", "hidden".into())]).await;
    assert_eq!(r.body["fields"][0]["field"], "hidden_because", "hiding needs a reason");
    let r = moderate(phone_id.clone(), vec![("moderation", "approved".into()), ("quote", " ".into())]).await;
    assert_eq!(r.body["fields"][0]["field"], "quote");
    let r = moderate(
        phone_id.clone(),
        vec![
            ("themes[]", language.clone()),
            ("moderation", "hidden".into()),
            ("hidden_because", "identifying".into()),
            ("safeguarding", "yes".into()),
            ("referral", "Passed to the regional social service".into()),
        ],
    )
    .await;
    assert!(r.status.is_success(), "{}", r.body);
    for (i, f) in feedback.iter().filter(|f| f["id"] != phone["id"]).enumerate() {
        let quote = if i == 0 {
            "Evening classes please, near the station".to_string()
        } else {
            f["quote"].as_str().unwrap().to_string()
        };
        let moderation = if i == 0 { "approved" } else { "pending" };
        let r = moderate(
            f["id"].as_str().unwrap().to_string(),
            vec![
                ("themes[]", language.clone()),
                ("themes[]", evening.clone()),
                ("moderation", moderation.into()),
                ("quote", quote),
            ],
        )
        .await;
        assert!(r.status.is_success(), "{}", r.body);
    }
    let r =
        moderate(phone_id.clone(), vec![("themes[]", "nosuchtheme".into()), ("moderation", "pending".into())]).await;
    assert_eq!(r.body["fields"][0]["code"], "unknown_theme");
    let a = analysis(&app, &app.admin, &programme, &round).await;
    // Twelve coded into Language (shown), eleven into its sub-theme (shown: 11 ≥ 10).
    assert_eq!(a["themes"][0]["anonymous"]["Count"], 12);
    assert_eq!(a["themes"][1]["anonymous"]["Count"], 11);
    let flagged =
        a["feedback"]["rows"].as_array().unwrap().iter().find(|f| f["id"] == phone_id.as_str()).unwrap().clone();
    // The list pattern: filters on moderation, theme, safeguarding and the answers' text; pages by
    // the random id (never by arrival).
    let filtered = |pairs: Vec<(&'static str, String)>| {
        let (programme, round) = (programme.clone(), round.clone());
        let app = &app;
        async move {
            let mut form: Vec<(&str, String)> = vec![("programme_id", programme), ("id", round)];
            form.extend(pairs);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.call(&app.admin, "rounds/analysis", &form).await.body["feedback"].clone()
        }
    };
    assert_eq!(filtered(vec![("query[filters][moderation]", "approved".into())]).await["total"], 1);
    assert_eq!(filtered(vec![("query[filters][moderation]", "hidden".into())]).await["total"], 1);
    assert_eq!(filtered(vec![("query[filters][theme]", evening.clone())]).await["total"], 11);
    assert_eq!(filtered(vec![("query[filters][safeguarding]", "yes".into())]).await["total"], 1);
    assert_eq!(filtered(vec![("query[q]", "please (2)".into())]).await["total"], 1);
    let ids: Vec<String> = feedback.iter().map(|f| f["id"].as_str().unwrap().to_string()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "in the order of their random ids");
    assert_eq!(flagged["safeguarding"], true);
    assert_eq!(flagged["referral"], "Passed to the regional social service");
    // The audit says that moderation happened in this round, not what or on which submission.
    let summaries: Vec<String> = app
        .state
        .db
        .query("SELECT VALUE summary FROM audit WHERE action = 'feedback.moderate'")
        .await
        .unwrap()
        .take(0)
        .unwrap();
    assert!(summaries.iter().all(String::is_empty) && summaries.len() == 12);

    // Before publication the results page says so; after it, it shows what was said and decided.
    let page = |lang: &'static str| {
        let url = app.url(&format!("/f/{token}/results?lang={lang}"));
        async move {
            let res = client().get(url).send().await.unwrap();
            assert_eq!(res.status(), 200);
            res.text().await.unwrap()
        }
    };
    assert!(page("en").await.contains("not been published yet"));
    let r = theme(
        &app,
        &programme,
        &round,
        &[
            ("id", &language),
            ("label_en", "Language"),
            ("label_ar", "اللغة"),
            ("decision_en", "Evening classes open in March."),
            ("decision_ar", "تبدأ الدروس المسائية في مارس."),
            ("link", "https://example.org/pilot/evening-classes"),
        ],
    )
    .await;
    assert!(r.status.is_success(), "{}", r.body);
    assert_eq!(
        theme(&app, &programme, &round, &[("id", &language), ("label_en", "Language"), ("link", "nope")]).await.body
            ["fields"][0]["code"],
        "invalid_url"
    );
    for to in ["analysed", "published"] {
        assert!(move_to(&app, &programme, &round, to).await.status.is_success());
    }
    let ar = page("ar").await;
    assert!(!ar.contains("<script"));
    assert!(
        ar.contains("اللغة")
            && ar.contains("تبدأ الدروس المسائية في مارس.")
            && ar.contains("https://example.org/pilot/evening-classes"),
        "{ar}"
    );
    assert!(ar.contains("Evening classes please, near the station"), "the approved quote, as redacted");
    assert!(!ar.contains("+33") && !ar.contains("Evening classes please (2)"), "nothing unapproved is quoted");
    assert!(ar.contains(">12<"), "twelve anonymous answers on Language");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn theme_counts_by_region_pass_disclosure_control_and_inputs_count_by_level() {
    let app = TestApp::spawn().await;
    let programme = app.programme().await;
    let (round, _, choice) = open_round(&app, &programme).await;
    assert!(theme(&app, &programme, &round, &[("label_en", "Language")]).await.status.is_success());
    let language =
        analysis(&app, &app.admin, &programme, &round).await["themes"][0]["id"].as_str().unwrap().to_string();
    // 23 answers on language from the region, 2 that prefer not to say where they live.
    for i in 0..25 {
        let region = if i < 23 { "R" } else { "prefer_not" };
        app.state
            .db
            .query("CREATE feedback CONTENT { round: type::record('round', $r), day: '2026-05-01', channel: 'online', answers: [{ q: $c, v: ['0'] }], attributes: { gender: 'prefer_not', region: $g }, themes: [type::record('theme', $t)] }")
            .bind(("r", round.clone()))
            .bind(("c", choice.clone()))
            .bind(("g", region))
            .bind(("t", language.clone()))
            .await
            .unwrap()
            .check()
            .unwrap();
    }
    let a = analysis(&app, &app.admin, &programme, &round).await;
    let titles: Vec<&str> = a["breakdowns"].as_array().unwrap().iter().map(|b| b["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Themes by level (inputs)"], "no anonymous figure while the round is open");
    assert!(move_to(&app, &programme, &round, "closed").await.status.is_success());
    let a = analysis(&app, &app.admin, &programme, &round).await;
    let by_region = &a["breakdowns"][0];
    assert_eq!(by_region["title"], "Themes by region (anonymous feedback)");
    assert_eq!(by_region["columns"], serde_json::json!(["Region", "Prefer not to say"]));
    // The 2 is fewer than 10, and the 23 would give it away against the theme's 25: both withheld.
    assert_eq!(by_region["rows"][0], serde_json::json!([language, ["Hidden", "FewerThanK"]]));
    let by_level = &a["breakdowns"][1];
    assert_eq!(by_level["rows"][0][1], serde_json::json!([{ "Count": 0 }, { "Count": 0 }, { "Count": 0 }]));
}
