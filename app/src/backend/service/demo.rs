//! Demo data: a fictional country (Arcadia, code XA) with 5 regions and 30 municipalities, a few
//! organisations, and one account per role. Running it twice changes nothing.
use super::accounts;
use crate::backend::auth::Ctx;
use crate::backend::repo::{
    jurisdictions as repo_jur, memberships as repo_memberships, organisations as repo_org, users as repo_users,
};
use crate::backend::AppState;
use crate::error::AppError;

/// (e-mail, name, role in the demo programme or "admin", password). Documented in the README.
pub const DEMO_USERS: &[(&str, &str, &str, &str)] = &[
    ("admin@demo.tessera.eu", "Ada Admin", "admin", "demo-admin-2026"),
    ("coordinator@demo.tessera.eu", "Camille Coordinator", "coordinator", "demo-coordinator-2026"),
    ("official@demo.tessera.eu", "Omar Official", "official", "demo-official-2026"),
    ("municipal@demo.tessera.eu", "Lina Local", "official", "demo-municipal-2026"),
    ("member@demo.tessera.eu", "Mina Member", "member", "demo-member-2026"),
    ("observer@demo.tessera.eu", "Oskar Observer", "observer", "demo-observer-2026"),
];

const REGIONS: &[(&str, &str, &[&str])] = &[
    ("XA-NO", "Nordmark", &["Aldenburg", "Birkholm", "Corvin", "Dalby", "Eskeby", "Fjordhavn"]),
    ("XA-EA", "Ostvale", &["Greifen", "Hollin", "Ilmsee", "Jarnwick", "Kestrel", "Lindau"]),
    ("XA-CE", "Mittland", &["Marburg-am-See", "Nesselrode", "Oberfeld", "Pellworm", "Quedlin", "Rastede"]),
    ("XA-WE", "Westerhoven", &["Salten", "Tamsweg", "Ulmenau", "Varel", "Wendhausen", "Xanten-Nord"]),
    ("XA-SO", "Suderland", &["Ybbsitz", "Zell", "Altmoor", "Brunnwald", "Cellen", "Dornbach"]),
];

/// The demo register, imported through the register's own import path.
const ORGANISATIONS_CSV: &str = "name,kind,jurisdiction_code,level,sectors,women,men,migrant_led,influence,interest,position,website
Ministry of the Interior and Integration,ministry,XA,national,\"reception, language, employment\",140,120,no,5,4,champion,https://interior.arcadia.example
Arcadian Integration Observatory,national_agency,XA,national,\"participation, anti_discrimination\",14,9,no,3,5,supportive,
Nordmark Regional Council,regional_authority,XA-NO,regional,\"housing, education\",31,35,no,4,3,supportive,
City of Aldenburg,local_authority,XA-NO-01,local,\"reception, housing, culture\",210,190,no,3,4,supportive,
Welcome Network Arcadia,cso,XA,national,\"reception, language\",22,11,no,2,5,champion,
Arcadian Federation of Migrant Associations,migrant_org,XA,national,\"participation, culture, language\",18,16,yes,2,5,supportive,
\"University of Mittland, Migration Lab\",research,XA-CE,regional,\"education, participation\",9,7,no,2,3,neutral,
Arcadian Chamber of Employers,private_sector,XA,national,employment,6,14,no,4,2,sceptical,
";

pub const PROGRAMME_NAME: &str = "Arcadia — Intercultural Integration Programme 2026–2028";

pub fn jurisdictions_csv() -> String {
    let mut csv = String::from("code,name,level,parent_code\nXA,Arcadia,national,\n");
    for (code, name, towns) in REGIONS {
        csv += &format!("{code},{name},regional,XA\n");
        for (i, town) in towns.iter().enumerate() {
            csv += &format!("{code}-{:02},{town},local,{code}\n", i + 1);
        }
    }
    csv
}

pub struct DemoReport {
    pub created: bool,
    pub programme_id: String,
}

pub async fn seed(state: &AppState) -> Result<DemoReport, AppError> {
    let (admin_email, admin_name, _, admin_pw) = DEMO_USERS[0];
    if let Some(existing) = repo_users::user_by_email(&state.db, admin_email).await? {
        let ctx = accounts_ctx(state, &existing.id).await?;
        let id = super::programmes::list(state, &ctx)
            .await?
            .into_iter()
            .find(|p| p.name == PROGRAMME_NAME)
            .map(|p| p.id)
            .unwrap_or_default();
        return Ok(DemoReport { created: false, programme_id: id });
    }
    let admin_id = accounts::create_admin(state, admin_email, admin_name, admin_pw).await?;
    let admin = accounts_ctx(state, &admin_id).await?;
    let programme_id = super::programmes::create(
        state,
        &admin,
        PROGRAMME_NAME,
        "XA",
        "en, fr, ar, uk",
        "2026-H1, 2026-H2, 2027-H1, 2027-H2, 2028-H1",
    )
    .await?;
    super::jurisdictions::import(state, &admin, &programme_id, jurisdictions_csv().as_bytes()).await?;
    super::stakeholders::import(state, &admin, &programme_id, ORGANISATIONS_CSV.as_bytes()).await?;
    let migrant_org =
        repo_org::id_by_name(&state.db, &programme_id, "Arcadian Federation of Migrant Associations").await?;
    let hasher = state.hasher.clone();
    for (email, name, role, pw) in &DEMO_USERS[1..] {
        let hash = hasher.hash(pw)?;
        let id = repo_users::create_user(&state.db, email, name, &hash, false).await?;
        let jurisdiction = if *role == "official" {
            // The regional official of Nordmark, and a municipal one in Aldenburg below it.
            let code = if email.starts_with("municipal") { "XA-NO-01" } else { "XA-NO" };
            repo_jur::by_code(&state.db, &programme_id, code).await?.map(|j| j.id)
        } else {
            None
        };
        let organisation = if *role == "member" { migrant_org.clone() } else { None };
        repo_memberships::add_membership(&state.db, &id, &programme_id, role, jurisdiction, organisation).await?;
    }
    seed_hub(state, &admin, &programme_id).await?;
    seed_round(state, &admin, &programme_id).await?;
    Ok(DemoReport { created: true, programme_id })
}

/// The hub's interactions log, imported through the log's own import path.
const HUB_LOG_CSV: &str = "on,a,b,kind,quality,note
2026-01-20,Ministry of the Interior and Integration,Nordmark Regional Council,meeting,4,Kick-off of the multilevel hub
2026-02-03,Nordmark Regional Council,City of Aldenburg,joint_action,5,A joint reception desk for newcomers
2026-02-17,City of Aldenburg,Welcome Network Arcadia,referral,4,Referrals to evening language classes
2026-03-05,Ministry of the Interior and Integration,Arcadian Chamber of Employers,consultation,3,Recognition of qualifications
2026-03-12,Arcadian Federation of Migrant Associations,City of Aldenburg,exchange,4,
2026-03-19,Arcadian Integration Observatory,Nordmark Regional Council,exchange,3,Indicators for the regional plan
";

/// The multilevel hub: four public bodies seated, its kick-off meeting, and a few interactions
/// between the register's organisations, so that WP2.K1, K3 and K4 have something to count.
async fn seed_hub(state: &AppState, admin: &Ctx, programme_id: &str) -> Result<(), AppError> {
    let mut seated = vec![];
    for (name, role) in [
        ("Ministry of the Interior and Integration", "chair"),
        ("Arcadian Integration Observatory", "observer"),
        ("Nordmark Regional Council", "member"),
        ("City of Aldenburg", "member"),
    ] {
        super::bodies::add_seat(state, admin, programme_id, "hub", name, role, "2026-01-15", "").await?;
        seated.push(repo_org::id_by_name(&state.db, programme_id, name).await?.ok_or(AppError::NotFound)?);
    }
    let kickoff = crate::domain::body::MeetingInput {
        title: "Kick-off of the multilevel hub",
        kind: "kickoff",
        format: "hybrid",
        on: "2026-01-20",
        agenda: "Terms of reference; the work plan for 2026; how the regions and municipalities take part",
        minutes: "The hub met for the first time, with the ministry in the chair. The regions asked for a shared calendar of consultations.",
        decisions: "Adopt the terms of reference\nMeet every quarter",
    };
    super::bodies::record_meeting(state, admin, programme_id, "hub", &kickoff, &seated).await?;
    super::hub::import(state, admin, programme_id, HUB_LOG_CSV.as_bytes()).await?;
    Ok(())
}

/// An open consultation round in the programme's four languages, with the default questionnaire,
/// cascading from today: its public link works at once.
async fn seed_round(state: &AppState, admin: &Ctx, programme_id: &str) -> Result<(), AppError> {
    let today = time::OffsetDateTime::now_utc().date();
    let day = |n: i64| (today + time::Duration::days(n)).to_string();
    let (opens, local, regional, national, closes) = (day(0), day(21), day(42), day(56), day(60));
    let languages: Vec<String> = ["en", "fr", "ar", "uk"].iter().map(|l| l.to_string()).collect();
    let scope = vec!["XA".to_string()];
    let audiences: Vec<String> =
        ["local_authority", "regional_authority", "migrant_org", "cso"].iter().map(|a| a.to_string()).collect();
    let attributes: Vec<String> = crate::domain::round::ATTRIBUTES.iter().map(|a| a.to_string()).collect();
    let input = crate::domain::round::RoundInput {
        title: "Integration priorities 2027",
        purpose: "Tell us what should come first for the integration of migrants in Arcadia, which actions would help, and what could go wrong.",
        languages: &languages,
        scope: &scope,
        audiences: &audiences,
        attributes: &attributes,
        opens: &opens,
        closes: &closes,
        deadline_local: &local,
        deadline_regional: &regional,
        deadline_national: &national,
    };
    let id = super::rounds::create(state, admin, programme_id, &input).await?;
    super::rounds::move_to(state, admin, programme_id, &id, "open").await?;
    // A focus group held as the round opened, with what made it possible and what was said.
    let participants: std::collections::BTreeMap<String, String> =
        [("migrant", "11"), ("migrant_org", "2"), ("cso", "1")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    let costs: std::collections::BTreeMap<String, String> =
        [("interpretation", "320"), ("childcare", "90")].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let provisions = vec!["evening_weekend".to_string(), "safe_session".to_string()];
    let focus_group = crate::domain::activity::ActivityInput {
        title: "Women's focus group, Aldenburg",
        format: "focus_group",
        held_on: &opens,
        participants: &participants,
        women: "14",
        provisions: &provisions,
        costs: &costs,
        contributions: "Language classes in the evening, with childcare on site\n\
                        Information about rights in Arabic and Tigrinya, not only online\n\
                        Fear of losing benefits when taking a first job",
        notes: "Held in the community centre, with two interpreters.",
    };
    super::activities::record(state, admin, programme_id, &id, &focus_group, "XA-NO-01").await
}

async fn accounts_ctx(state: &AppState, user_id: &str) -> Result<Ctx, AppError> {
    let user = repo_users::user_by_id(&state.db, user_id).await?.ok_or(AppError::NotFound)?;
    Ok(Ctx { user_id: user.id, email: user.email, name: user.name, is_admin: user.is_admin, memberships: vec![] })
}
