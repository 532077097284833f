//! Consultation activities of a round: the meetings, working groups, focus groups, interviews and
//! workshops where people spoke rather than wrote. Each records who took part (counted by type), what
//! was said (one contribution per line, each coded into themes like any other channel), and the
//! provisions made so that people could take part, each with its cost.
use super::contact::is_date;
use super::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The formats of a consultation activity (`consultation_formats` of the programme model, less the
/// online questionnaire, which is the round's own form).
pub const FORMATS: [&str; 5] = ["meeting", "working_group", "focus_group", "interview", "workshop"];
/// Who took part, counted by type.
pub const PARTICIPANT_TYPES: [&str; 8] =
    ["migrant", "migrant_org", "cso", "public_authority", "research", "private", "media", "other"];
/// What was done so that people could take part (UNHCR / MPG participation guide).
pub const PROVISIONS: [&str; 7] =
    ["interpretation", "childcare", "travel", "evening_weekend", "accessible_venue", "online_option", "safe_session"];
/// The most contributions one activity records.
pub const MAX_CONTRIBUTIONS: usize = 200;
/// The most participants of one type (a large public meeting at most).
pub const MAX_PARTICIPANTS: u32 = 100_000;
/// The highest cost of one provision, in cents (ten million).
pub const MAX_COST_CENTS: i64 = 1_000_000_000;

/// A provision made, and what it cost in cents (0 when it cost nothing, or was not costed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provision {
    pub kind: String,
    pub cost_cents: i64,
}

/// An activity as typed into its form.
#[derive(Clone, Debug)]
pub struct ActivityInput<'a> {
    pub title: &'a str,
    pub format: &'a str,
    pub held_on: &'a str,
    /// Participant type → count as typed (empty is 0).
    pub participants: &'a BTreeMap<String, String>,
    /// Of all participants, how many are women (empty: not recorded).
    pub women: &'a str,
    /// The provisions ticked.
    pub provisions: &'a [String],
    /// Provision → cost as typed (`120`, `120.50`, `120,50`); a cost alone counts as the tick.
    pub costs: &'a BTreeMap<String, String>,
    /// One contribution per line.
    pub contributions: &'a str,
    pub notes: &'a str,
}

/// A valid activity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    pub title: String,
    pub format: String,
    pub held_on: String,
    /// Every participant type with a count above 0, in the order of `PARTICIPANT_TYPES`.
    pub participants: BTreeMap<String, u32>,
    pub women: Option<u32>,
    pub provisions: Vec<Provision>,
    pub contributions: Vec<String>,
    pub notes: Option<String>,
}

impl Activity {
    pub fn participant_total(&self) -> u32 {
        self.participants.values().sum()
    }
}

/// A cost in cents from `120`, `120.5`, `120.50`, `1 200,50` (a comma or a point before at most two
/// decimals; spaces ignored). None when it is not a non-negative amount.
pub fn parse_cost(typed: &str) -> Option<i64> {
    let s: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    let s = s.replace(',', ".");
    let (units, cents) = match s.split_once('.') {
        Some((u, c)) if !c.is_empty() && c.len() <= 2 => (u, format!("{c:0<2}")),
        Some(_) => return None,
        None => (s.as_str(), "00".to_string()),
    };
    if units.is_empty() || !units.chars().all(|c| c.is_ascii_digit()) || !cents.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let value = units.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents.parse::<i64>().ok()?)?;
    (value <= MAX_COST_CENTS).then_some(value)
}

/// Cents as an amount with two decimals (`1200.50`).
pub fn format_cost(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn count(typed: &str) -> Result<u32, ()> {
    match typed.trim() {
        "" => Ok(0),
        t => t.parse::<u32>().ok().filter(|n| *n <= MAX_PARTICIPANTS).ok_or(()),
    }
}

pub fn validate(input: &ActivityInput<'_>) -> Result<Activity, Vec<FieldError>> {
    let mut errors = vec![];
    let title = input.title.trim();
    if title.is_empty() {
        errors.push(FieldError::new("title", "required"));
    } else if title.chars().count() > 200 {
        errors.push(FieldError::new("title", "too_long"));
    }
    if !FORMATS.contains(&input.format) {
        errors.push(FieldError::new("format", "invalid_choice"));
    }
    let held_on = input.held_on.trim();
    if held_on.is_empty() {
        errors.push(FieldError::new("held_on", "required"));
    } else if !is_date(held_on) {
        errors.push(FieldError::new("held_on", "invalid_date"));
    }
    let mut participants = BTreeMap::new();
    for (kind, typed) in input.participants {
        if !PARTICIPANT_TYPES.contains(&kind.as_str()) {
            errors.push(FieldError::new("participants", "invalid_choice"));
            continue;
        }
        match count(typed) {
            Ok(0) => {}
            Ok(n) => {
                participants.insert(kind.clone(), n);
            }
            Err(()) => errors.push(FieldError::new(&format!("participants.{kind}"), "invalid_count")),
        }
    }
    let total: u32 = participants.values().sum();
    if total == 0 && errors.iter().all(|e| !e.field.starts_with("participants")) {
        errors.push(FieldError::new("participants", "no_participants"));
    }
    let women = match input.women.trim() {
        "" => None,
        t => match count(t) {
            Ok(n) if n <= total => Some(n),
            Ok(_) => {
                errors.push(FieldError::new("women", "more_than_total"));
                None
            }
            Err(()) => {
                errors.push(FieldError::new("women", "invalid_count"));
                None
            }
        },
    };
    let mut provisions = vec![];
    if input.provisions.iter().chain(input.costs.keys()).any(|p| !PROVISIONS.contains(&p.as_str())) {
        errors.push(FieldError::new("provisions", "invalid_choice"));
    }
    for kind in PROVISIONS {
        let typed = input.costs.get(kind).map(|c| c.trim()).unwrap_or("");
        let ticked = input.provisions.iter().any(|p| p == kind);
        if typed.is_empty() {
            if ticked {
                provisions.push(Provision { kind: kind.to_string(), cost_cents: 0 });
            }
            continue;
        }
        match parse_cost(typed) {
            Some(cost_cents) => provisions.push(Provision { kind: kind.to_string(), cost_cents }),
            None => errors.push(FieldError::new(&format!("costs.{kind}"), "invalid_cost")),
        }
    }
    let contributions: Vec<String> =
        input.contributions.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    if contributions.is_empty() {
        errors.push(FieldError::new("contributions", "required"));
    } else if contributions.len() > MAX_CONTRIBUTIONS {
        errors.push(FieldError::new("contributions", "too_many"));
    } else if contributions.iter().any(|c| c.chars().count() > super::round::MAX_TEXT) {
        errors.push(FieldError::new("contributions", "too_long"));
    }
    let notes = input.notes.trim();
    if notes.chars().count() > super::round::MAX_TEXT {
        errors.push(FieldError::new("notes", "too_long"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Activity {
        title: title.to_string(),
        format: input.format.to_string(),
        held_on: held_on.to_string(),
        participants,
        women,
        provisions,
        contributions,
        notes: Some(notes.to_string()).filter(|n| !n.is_empty()),
    })
}

/// What the provisions of several activities cost together, per kind (in the order of
/// `PROVISIONS`), with how many activities made each: (kind, activities, cents).
pub fn provision_totals<'a>(all: impl IntoIterator<Item = &'a [Provision]>) -> Vec<(String, u32, i64)> {
    let mut totals: Vec<(String, u32, i64)> = PROVISIONS.iter().map(|k| (k.to_string(), 0, 0)).collect();
    for provisions in all {
        for p in provisions {
            if let Some(t) = totals.iter_mut().find(|t| t.0 == p.kind) {
                t.1 += 1;
                t.2 += p.cost_cents;
            }
        }
    }
    totals.retain(|t| t.1 > 0);
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    static EMPTY: BTreeMap<String, String> = BTreeMap::new();

    fn blank() -> ActivityInput<'static> {
        ActivityInput {
            title: "",
            format: "",
            held_on: "",
            participants: &EMPTY,
            women: "",
            provisions: &[],
            costs: &EMPTY,
            contributions: "",
            notes: "",
        }
    }

    #[test]
    fn costs_read_points_commas_and_spaces() {
        assert_eq!(parse_cost("120"), Some(12_000));
        assert_eq!(parse_cost("120.5"), Some(12_050));
        assert_eq!(parse_cost("1 200,05"), Some(120_005));
        assert_eq!(parse_cost("0"), Some(0));
        for bad in ["", "-5", "12.345", "12.", "abc", "1e3", "99999999999999999999"] {
            assert_eq!(parse_cost(bad), None, "{bad}");
        }
        assert_eq!(format_cost(120_005), "1200.05");
    }

    #[test]
    fn a_focus_group_is_recorded_with_its_provisions() {
        let participants = map(&[("migrant", "9"), ("cso", "2"), ("media", "")]);
        let costs = map(&[("interpretation", "240,00"), ("childcare", "")]);
        let provisions = vec!["childcare".to_string(), "safe_session".to_string()];
        let a = validate(&ActivityInput {
            title: " Women's focus group ",
            format: "focus_group",
            held_on: "2026-03-02",
            participants: &participants,
            women: "11",
            provisions: &provisions,
            costs: &costs,
            contributions: "Evening classes\n\n  Childcare during courses  \n",
            notes: "",
        })
        .unwrap();
        assert_eq!(a.title, "Women's focus group");
        assert_eq!(a.participant_total(), 11);
        assert_eq!(a.women, Some(11));
        assert_eq!(a.contributions, vec!["Evening classes", "Childcare during courses"]);
        let kinds: Vec<(&str, i64)> = a.provisions.iter().map(|p| (p.kind.as_str(), p.cost_cents)).collect();
        assert_eq!(kinds, vec![("interpretation", 24_000), ("childcare", 0), ("safe_session", 0)]);
        assert_eq!(a.notes, None);
    }

    #[test]
    fn every_mistake_is_named_by_its_field() {
        let participants = map(&[("migrant", "-1"), ("alien", "3")]);
        let costs = map(&[("travel", "12.345")]);
        let e = validate(&ActivityInput {
            format: "party",
            held_on: "2026-13-01",
            participants: &participants,
            women: "4",
            costs: &costs,
            ..blank()
        })
        .unwrap_err();
        let got: Vec<(String, String)> = e.into_iter().map(|e| (e.field, e.code)).collect();
        for (field, code) in [
            ("title", "required"),
            ("format", "invalid_choice"),
            ("held_on", "invalid_date"),
            ("participants", "invalid_choice"),
            ("participants.migrant", "invalid_count"),
            ("women", "more_than_total"),
            ("costs.travel", "invalid_cost"),
            ("contributions", "required"),
        ] {
            assert!(got.contains(&(field.to_string(), code.to_string())), "{field} {code} in {got:?}");
        }
    }

    #[test]
    fn nobody_taking_part_is_an_error() {
        let e = validate(&ActivityInput {
            title: "t",
            format: "interview",
            held_on: "2026-01-01",
            contributions: "x",
            ..blank()
        })
        .unwrap_err();
        assert_eq!(e, vec![FieldError::new("participants", "no_participants")]);
    }

    #[test]
    fn provisions_add_up_by_kind() {
        let a = vec![Provision { kind: "childcare".into(), cost_cents: 100 }];
        let b = vec![
            Provision { kind: "childcare".into(), cost_cents: 250 },
            Provision { kind: "interpretation".into(), cost_cents: 0 },
        ];
        let totals = provision_totals([a.as_slice(), b.as_slice()]);
        assert_eq!(totals, vec![("interpretation".into(), 1, 0), ("childcare".into(), 2, 350)]);
    }
}
