//! The bodies of WP2: the multilevel hub (WP2.1, public stakeholders) and the consultative platforms
//! (WP2.3, private stakeholders), their membership over time, their meetings and the action items
//! that come out of them, and the indicators WP2.K1/K2 computed from the membership.
use super::contact::is_date;
use super::hub::KpiLine;
use super::organisation::{is_public, PRIVATE_TYPES};
use super::FieldError;
use serde::{Deserialize, Serialize};

pub const ROLES: [&str; 3] = ["chair", "member", "observer"];
pub const MEETING_KINDS: [&str; 4] = ["kickoff", "coordination", "formal", "working_group"];
pub const MEETING_FORMATS: [&str; 3] = ["in_person", "online", "hybrid"];
pub const ACTION_STATUSES: [&str; 3] = ["open", "done", "dropped"];
pub const PLATFORM_LEVELS: [&str; 2] = ["national", "regional"];
/// Below this share of either women or men among the members' people, a platform is unbalanced.
pub const BALANCE_FLOOR_PERCENT: u32 = 40;

/// Which body: the programme's hub, or one of its platforms (by id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Body {
    Hub,
    Platform(String),
}

impl Body {
    /// `hub`, or the platform's id, as forms and URLs carry it.
    pub fn parse(raw: &str) -> Option<Body> {
        let raw = raw.trim();
        match raw {
            "" => None,
            "hub" => Some(Body::Hub),
            id if id.chars().all(|c| c.is_ascii_alphanumeric()) => Some(Body::Platform(id.to_string())),
            _ => None,
        }
    }
    pub fn key(&self) -> &str {
        match self {
            Body::Hub => "hub",
            Body::Platform(id) => id,
        }
    }
    /// Hub members are public bodies, platform members private stakeholders.
    pub fn admits(&self, organisation_kind: &str) -> bool {
        match self {
            Body::Hub => is_public(organisation_kind),
            Body::Platform(_) => !is_public(organisation_kind),
        }
    }
}

/// A membership as typed: role and dates.
pub struct MembershipInput<'a> {
    pub role: &'a str,
    pub since: &'a str,
    pub until: &'a str,
}

/// Checks a membership's role and dates; `until`, when given, is not before `since`.
pub fn validate_membership(m: &MembershipInput<'_>) -> Result<(String, String, Option<String>), Vec<FieldError>> {
    let mut errors = vec![];
    if !ROLES.contains(&m.role) {
        errors.push(FieldError::new("role", "invalid_choice"));
    }
    let since = m.since.trim();
    if !is_date(since) {
        errors.push(FieldError::new("since", "invalid_date"));
    }
    let until = Some(m.until.trim()).filter(|u| !u.is_empty());
    match until {
        Some(u) if !is_date(u) => errors.push(FieldError::new("until", "invalid_date")),
        Some(u) if is_date(since) && u < since => errors.push(FieldError::new("until", "before_start")),
        _ => {}
    }
    if errors.is_empty() {
        Ok((m.role.to_string(), since.to_string(), until.map(str::to_string)))
    } else {
        Err(errors)
    }
}

/// Whether a membership runs on `today` (ISO dates compare as strings).
pub fn is_current(since: &str, until: Option<&str>, today: &str) -> bool {
    since <= today && until.is_none_or(|u| u >= today)
}

/// A meeting as typed.
pub struct MeetingInput<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub format: &'a str,
    pub on: &'a str,
    pub agenda: &'a str,
    pub minutes: &'a str,
    pub decisions: &'a str,
}

/// A checked meeting: decisions one per line, blank lines dropped.
#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    pub title: String,
    pub kind: String,
    pub format: String,
    pub on: String,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    pub decisions: Vec<String>,
}

pub fn validate_meeting(m: &MeetingInput<'_>) -> Result<Meeting, Vec<FieldError>> {
    let mut errors = vec![];
    let title = m.title.trim();
    if title.is_empty() {
        errors.push(FieldError::new("title", "required"));
    } else if title.chars().count() > 200 {
        errors.push(FieldError::new("title", "too_long"));
    }
    if !MEETING_KINDS.contains(&m.kind) {
        errors.push(FieldError::new("kind", "invalid_choice"));
    }
    if !MEETING_FORMATS.contains(&m.format) {
        errors.push(FieldError::new("format", "invalid_choice"));
    }
    if !is_date(m.on.trim()) {
        errors.push(FieldError::new("on", "invalid_date"));
    }
    let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Meeting {
        title: title.to_string(),
        kind: m.kind.to_string(),
        format: m.format.to_string(),
        on: m.on.trim().to_string(),
        agenda: text(m.agenda),
        minutes: text(m.minutes),
        decisions: m.decisions.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect(),
    })
}

/// An action item as typed: what, who (an organisation id), by when.
pub fn validate_action(title: &str, owner: &str, due: &str) -> Result<(String, String, String), Vec<FieldError>> {
    let mut errors = vec![];
    let title = title.trim();
    if title.is_empty() {
        errors.push(FieldError::new("title", "required"));
    }
    if owner.trim().is_empty() {
        errors.push(FieldError::new("owner", "required"));
    }
    if !is_date(due.trim()) {
        errors.push(FieldError::new("due", "invalid_date"));
    }
    if errors.is_empty() {
        Ok((title.to_string(), owner.trim().to_string(), due.trim().to_string()))
    } else {
        Err(errors)
    }
}

/// An open item past its due date.
pub fn is_overdue(status: &str, due: &str, today: &str) -> bool {
    status == "open" && due < today
}

/// What a platform's current composition lacks, as i18n keys with their arguments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompositionWarning {
    /// Women or men below BALANCE_FLOOR_PERCENT of the people counted (women, men), or no counts.
    GenderUnbalanced {
        women: u32,
        men: u32,
    },
    GenderUnknown,
    /// Typologies of the five with no current member.
    MissingTypologies(Vec<String>),
}

/// One current member of a platform, as far as its composition goes.
pub struct Composition<'a> {
    pub kind: &'a str,
    pub women: Option<u32>,
    pub men: Option<u32>,
}

pub fn composition_warnings(members: &[Composition<'_>]) -> Vec<CompositionWarning> {
    let mut warnings = vec![];
    let counted: Vec<_> = members.iter().filter(|m| m.women.is_some() || m.men.is_some()).collect();
    let women: u32 = counted.iter().map(|m| m.women.unwrap_or(0)).sum();
    let men: u32 = counted.iter().map(|m| m.men.unwrap_or(0)).sum();
    if women + men == 0 {
        warnings.push(CompositionWarning::GenderUnknown);
    } else if women.min(men) * 100 < BALANCE_FLOOR_PERCENT * (women + men) {
        warnings.push(CompositionWarning::GenderUnbalanced { women, men });
    }
    let missing: Vec<String> =
        PRIVATE_TYPES.iter().filter(|t| !members.iter().any(|m| m.kind == **t)).map(|t| t.to_string()).collect();
    if !missing.is_empty() {
        warnings.push(CompositionWarning::MissingTypologies(missing));
    }
    warnings
}

/// Count lines per key, sorted by key, and the total of distinct items (an item may count under
/// several keys, e.g. an organisation in two sectors).
pub fn count_lines(items: impl IntoIterator<Item = (String, Vec<String>)>) -> (Vec<KpiLine>, u32) {
    let mut acc: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for (item, keys) in items {
        if !seen.insert(item) {
            continue;
        }
        for key in keys {
            *acc.entry(key).or_default() += 1;
        }
    }
    let lines = acc.into_iter().map(|(key, count)| KpiLine { key, count, mean_quality: None }).collect();
    (lines, seen.len() as u32)
}

/// WP2.K1's key: the level a public body acts at.
pub fn k1_key(level: Option<&str>) -> String {
    level.filter(|l| ["national", "regional", "local"].contains(l)).unwrap_or("unknown").to_string()
}

/// WP2.K2's keys: typology × each sector (or `none`).
pub fn k2_keys(kind: &str, sectors: &[String]) -> Vec<String> {
    if sectors.is_empty() {
        vec![format!("{kind}×none")]
    } else {
        sectors.iter().map(|s| format!("{kind}×{s}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memberships_need_a_role_and_ordered_dates() {
        let ok = validate_membership(&MembershipInput { role: "chair", since: "2026-01-01", until: "" }).unwrap();
        assert_eq!(ok, ("chair".into(), "2026-01-01".into(), None));
        let e = validate_membership(&MembershipInput { role: "boss", since: "2026-02-01", until: "2026-01-01" })
            .unwrap_err();
        assert_eq!(e.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(), ["invalid_choice", "before_start"]);
        assert!(is_current("2026-01-01", None, "2026-06-01"));
        assert!(is_current("2026-01-01", Some("2026-06-01"), "2026-06-01"));
        assert!(!is_current("2026-01-01", Some("2026-05-31"), "2026-06-01"));
        assert!(!is_current("2026-07-01", None, "2026-06-01"));
    }

    #[test]
    fn the_hub_admits_public_bodies_and_platforms_private_stakeholders() {
        assert!(Body::Hub.admits("ministry"));
        assert!(!Body::Hub.admits("cso"));
        assert!(Body::Platform("p1".into()).admits("migrant_org"));
        assert!(!Body::Platform("p1".into()).admits("ministry"));
        assert_eq!(Body::parse("hub"), Some(Body::Hub));
        assert_eq!(Body::parse("a'b"), None);
    }

    #[test]
    fn meetings_keep_decisions_one_per_line_and_items_fall_overdue() {
        let m = validate_meeting(&MeetingInput {
            title: " Kick-off ",
            kind: "kickoff",
            format: "hybrid",
            on: "2026-03-02",
            agenda: "",
            minutes: "Met.",
            decisions: "Adopt the terms\n\n  Meet quarterly ",
        })
        .unwrap();
        assert_eq!(m.decisions, ["Adopt the terms", "Meet quarterly"]);
        assert_eq!((m.title.as_str(), m.agenda, m.minutes.as_deref()), ("Kick-off", None, Some("Met.")));
        let e = validate_meeting(&MeetingInput {
            title: "",
            kind: "party",
            format: "x",
            on: "soon",
            agenda: "",
            minutes: "",
            decisions: "",
        })
        .unwrap_err();
        assert_eq!(e.len(), 4);
        assert!(is_overdue("open", "2026-05-31", "2026-06-01"));
        assert!(!is_overdue("done", "2026-05-31", "2026-06-01"));
        assert!(!is_overdue("open", "2026-06-01", "2026-06-01"));
        assert_eq!(validate_action("", "", "x").unwrap_err().len(), 3);
    }

    #[test]
    fn composition_warns_of_gender_imbalance_and_missing_typologies() {
        let members = [
            Composition { kind: "cso", women: Some(3), men: Some(7) },
            Composition { kind: "media", women: None, men: None },
        ];
        let w = composition_warnings(&members);
        assert_eq!(w[0], CompositionWarning::GenderUnbalanced { women: 3, men: 7 });
        assert_eq!(
            w[1],
            CompositionWarning::MissingTypologies(vec![
                "migrant_org".into(),
                "research".into(),
                "private_sector".into()
            ])
        );
        let balanced: Vec<Composition> =
            PRIVATE_TYPES.iter().map(|k| Composition { kind: k, women: Some(4), men: Some(6) }).collect();
        assert!(composition_warnings(&balanced).is_empty(), "exactly 40 % is balanced");
        assert_eq!(
            composition_warnings(&[]),
            [
                CompositionWarning::GenderUnknown,
                CompositionWarning::MissingTypologies(PRIVATE_TYPES.iter().map(|t| t.to_string()).collect())
            ]
        );
    }

    #[test]
    fn counts_count_each_item_once_in_total_and_once_per_key() {
        let (lines, total) = count_lines([
            ("a".to_string(), k2_keys("cso", &["health".into(), "housing".into()])),
            ("b".to_string(), k2_keys("cso", &["health".into()])),
            ("a".to_string(), k2_keys("cso", &["health".into()])),
            ("c".to_string(), k2_keys("media", &[])),
        ]);
        assert_eq!(total, 3);
        let got: Vec<(String, u32)> = lines.into_iter().map(|l| (l.key, l.count)).collect();
        assert_eq!(got, [("cso×health".into(), 2), ("cso×housing".into(), 1), ("media×none".into(), 1)]);
        assert_eq!(k1_key(Some("regional")), "regional");
        assert_eq!(k1_key(None), "unknown");
    }
}
