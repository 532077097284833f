//! A stakeholder in the register: its kind (a public kind or the source's five private types), where
//! it acts, its sectors, the gender balance of its composition, influence and interest for the
//! power/interest grid, its position towards the strategy. One parser for the form and for every
//! imported row, so both give the same errors.
use super::table::Table;
use super::{FieldError, Name};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Public kinds, then the private typology of the source (CDADI(2022)30).
pub const PUBLIC_KINDS: [&str; 5] =
    ["ministry", "national_agency", "regional_authority", "local_authority", "public_service"];
pub const PRIVATE_TYPES: [&str; 5] = ["cso", "migrant_org", "research", "private_sector", "media"];
pub const LEVELS: [&str; 3] = ["national", "regional", "local"];
pub const POSITIONS: [&str; 5] = ["champion", "supportive", "neutral", "sceptical", "opposed"];
/// Sectors every programme starts with; a coordinator can add more.
pub const DEFAULT_SECTORS: [&str; 12] = [
    "reception",
    "language",
    "education",
    "employment",
    "health",
    "housing",
    "social_protection",
    "anti_discrimination",
    "participation",
    "culture",
    "justice",
    "media",
];

/// The kinds of relationship the map draws, each read "A <kind> B".
pub const RELATION_KINDS: [&str; 5] = ["partners_with", "member_of", "funds", "coordinates", "refers_to"];

pub fn is_kind(k: &str) -> bool {
    PUBLIC_KINDS.contains(&k) || PRIVATE_TYPES.contains(&k)
}

/// An `http(s)://` address of at most 500 characters, without spaces or control characters.
pub fn is_web_link(w: &str) -> bool {
    (w.starts_with("https://") || w.starts_with("http://"))
        && w.len() <= 500
        && !w.chars().any(|c| c.is_whitespace() || c.is_control())
}

pub fn is_public(k: &str) -> bool {
    PUBLIC_KINDS.contains(&k)
}

/// An organisation as entered, validated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationInput {
    pub name: String,
    pub kind: String,
    /// Code of the jurisdiction it acts in, if any.
    pub jurisdiction_code: Option<String>,
    pub level: Option<String>,
    pub sectors: Vec<String>,
    pub women: Option<u32>,
    pub men: Option<u32>,
    pub other_gender: Option<u32>,
    pub migrant_led: bool,
    pub influence: Option<u8>,
    pub interest: Option<u8>,
    pub position: Option<String>,
    pub website: Option<String>,
    pub notes: Option<String>,
}

/// The raw fields of one organisation (a form or an imported row); empty means not given.
#[derive(Clone, Debug, Default)]
pub struct RawOrganisation<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub jurisdiction_code: &'a str,
    pub level: &'a str,
    pub sectors: &'a str,
    pub women: &'a str,
    pub men: &'a str,
    pub other_gender: &'a str,
    pub migrant_led: &'a str,
    pub influence: &'a str,
    pub interest: &'a str,
    pub position: &'a str,
    pub website: &'a str,
    pub notes: &'a str,
}

/// The columns an import reads; `name` is the stable key (case and spaces do not matter).
pub const COLUMNS: [&str; 14] = [
    "name",
    "kind",
    "jurisdiction_code",
    "level",
    "sectors",
    "women",
    "men",
    "other_gender",
    "migrant_led",
    "influence",
    "interest",
    "position",
    "website",
    "notes",
];

/// The key two rows are the same organisation by.
pub fn name_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

fn opt(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

fn count(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> Option<u32> {
    let t = opt(raw)?;
    match t.parse::<u32>() {
        Ok(n) if n <= 10_000_000 => Some(n),
        _ => {
            errors.push(FieldError::new(field, "invalid_count"));
            None
        }
    }
}

fn rating(field: &str, raw: &str, errors: &mut Vec<FieldError>) -> Option<u8> {
    let t = opt(raw)?;
    match t.parse::<u8>() {
        Ok(n @ 1..=5) => Some(n),
        _ => {
            errors.push(FieldError::new(field, "invalid_rating"));
            None
        }
    }
}

fn flag(raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "" | "no" | "false" | "0" | "non" | "off" => Some(false),
        "yes" | "true" | "1" | "oui" | "on" => Some(true),
        _ => None,
    }
}

/// Validates one organisation. `sectors` is the programme's list; `jurisdictions` its codes.
pub fn validate(
    raw: &RawOrganisation<'_>,
    sectors: &[String],
    jurisdictions: &HashMap<String, String>,
) -> Result<OrganisationInput, Vec<FieldError>> {
    let mut errors = vec![];
    let name = Name::parse("name", raw.name).map_err(|e| errors.push(e)).ok();
    let kind = raw.kind.trim().to_lowercase();
    if kind.is_empty() {
        errors.push(FieldError::new("kind", "required"));
    } else if !is_kind(&kind) {
        errors.push(FieldError::new("kind", "invalid_kind"));
    }
    let jurisdiction_code = opt(raw.jurisdiction_code).map(str::to_uppercase);
    if let Some(code) = &jurisdiction_code {
        if !jurisdictions.contains_key(code) {
            errors.push(FieldError::new("jurisdiction_code", "unknown_jurisdiction"));
        }
    }
    let level = opt(raw.level).map(str::to_lowercase);
    if level.as_deref().is_some_and(|l| !LEVELS.contains(&l)) {
        errors.push(FieldError::new("level", "invalid_level"));
    }
    let mut chosen = vec![];
    for s in raw.sectors.split([',', ';', '|']).map(str::trim).filter(|s| !s.is_empty()) {
        let s = s.to_lowercase().replace(' ', "_");
        if !sectors.contains(&s) {
            errors.push(FieldError::new("sectors", "unknown_sector"));
            break;
        }
        if !chosen.contains(&s) {
            chosen.push(s);
        }
    }
    let women = count("women", raw.women, &mut errors);
    let men = count("men", raw.men, &mut errors);
    let other_gender = count("other_gender", raw.other_gender, &mut errors);
    let migrant_led = flag(raw.migrant_led).unwrap_or_else(|| {
        errors.push(FieldError::new("migrant_led", "invalid_flag"));
        false
    });
    let influence = rating("influence", raw.influence, &mut errors);
    let interest = rating("interest", raw.interest, &mut errors);
    let position = opt(raw.position).map(str::to_lowercase);
    if position.as_deref().is_some_and(|p| !POSITIONS.contains(&p)) {
        errors.push(FieldError::new("position", "invalid_position"));
    }
    let website = opt(raw.website).map(str::to_string);
    if let Some(w) = &website {
        if !is_web_link(w) {
            errors.push(FieldError::new("website", "invalid_url"));
        }
    }
    let notes = opt(raw.notes).map(str::to_string);
    if notes.as_deref().is_some_and(|n| n.chars().count() > 4000) {
        errors.push(FieldError::new("notes", "too_long"));
    }
    match name {
        Some(name) if errors.is_empty() => Ok(OrganisationInput {
            name: name.into_string(),
            kind,
            jurisdiction_code,
            level,
            sectors: chosen,
            women,
            men,
            other_gender,
            migrant_led,
            influence,
            interest,
            position,
            website,
            notes,
        }),
        _ => Err(errors),
    }
}

/// What an import of organisations will do.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub add: Vec<OrganisationInput>,
    /// (existing id, new values)
    pub update: Vec<(String, OrganisationInput)>,
    pub unchanged: u32,
    pub surplus: Vec<String>,
}

/// Validates every row of an imported table, matching rows on the organisation's name (case and
/// spacing aside) against `existing` (name key → (id, current values)). A name twice in the file is
/// an error of the second row. All or nothing: the plan, or every problem by row and column.
pub fn validate_table(
    table: &Table,
    sectors: &[String],
    jurisdictions: &HashMap<String, String>,
    existing: &HashMap<String, (String, OrganisationInput)>,
) -> Result<Plan, Vec<FieldError>> {
    let cols = table.columns(&["name", "kind"], &COLUMNS[2..])?;
    let mut plan = Plan { surplus: cols.surplus.clone(), ..Plan::default() };
    let mut errors = vec![];
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (line, row) in &table.rows {
        let get = |c: &str| cols.get(row, c);
        let raw = RawOrganisation {
            name: get("name"),
            kind: get("kind"),
            jurisdiction_code: get("jurisdiction_code"),
            level: get("level"),
            sectors: get("sectors"),
            women: get("women"),
            men: get("men"),
            other_gender: get("other_gender"),
            migrant_led: get("migrant_led"),
            influence: get("influence"),
            interest: get("interest"),
            position: get("position"),
            website: get("website"),
            notes: get("notes"),
        };
        let key = name_key(raw.name);
        if !key.is_empty() {
            if let Some(first) = seen.insert(key.clone(), *line) {
                seen.insert(key, first);
                errors.push(FieldError::new("name", "duplicate_name").at_row(*line));
                continue;
            }
        }
        match validate(&raw, sectors, jurisdictions) {
            Ok(o) => match existing.get(&key) {
                Some((_, current)) if *current == o => plan.unchanged += 1,
                Some((id, _)) => plan.update.push((id.clone(), o)),
                None => plan.add.push(o),
            },
            Err(es) => errors.extend(es.into_iter().map(|e| e.at_row(*line))),
        }
    }
    if errors.is_empty() {
        Ok(plan)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sectors() -> Vec<String> {
        DEFAULT_SECTORS.iter().map(|s| s.to_string()).collect()
    }

    fn places() -> HashMap<String, String> {
        HashMap::from([("XA".to_string(), "/XA/".to_string()), ("XA-N".to_string(), "/XA/XA-N/".to_string())])
    }

    #[test]
    fn a_full_organisation_parses_and_every_bad_field_is_named() {
        let raw = RawOrganisation {
            name: "  Maison des Migrants ",
            kind: "migrant_org",
            jurisdiction_code: "xa-n",
            level: "Regional",
            sectors: "employment; Language , employment",
            women: "12",
            men: "8",
            migrant_led: "yes",
            influence: "4",
            interest: "5",
            position: "supportive",
            website: "https://maison.example",
            ..Default::default()
        };
        let o = validate(&raw, &sectors(), &places()).unwrap();
        assert_eq!(o.name, "Maison des Migrants");
        assert_eq!(o.jurisdiction_code.as_deref(), Some("XA-N"));
        assert_eq!(o.sectors, ["employment", "language"]);
        assert_eq!((o.women, o.men, o.other_gender), (Some(12), Some(8), None));
        assert!(o.migrant_led);
        let bad = RawOrganisation {
            name: "",
            kind: "club",
            jurisdiction_code: "ZZ",
            level: "planet",
            sectors: "knitting",
            women: "-3",
            men: "many",
            migrant_led: "perhaps",
            influence: "9",
            interest: "0",
            position: "hostile",
            website: "javascript:alert(1)",
            ..Default::default()
        };
        let fields: Vec<String> = validate(&bad, &sectors(), &places())
            .unwrap_err()
            .into_iter()
            .map(|e| format!("{}:{}", e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                "name:required",
                "kind:invalid_kind",
                "jurisdiction_code:unknown_jurisdiction",
                "level:invalid_level",
                "sectors:unknown_sector",
                "women:invalid_count",
                "men:invalid_count",
                "migrant_led:invalid_flag",
                "influence:invalid_rating",
                "interest:invalid_rating",
                "position:invalid_position",
                "website:invalid_url",
            ]
        );
    }

    #[test]
    fn an_import_matches_names_finds_duplicates_and_plans_the_upsert() {
        let text =
            "Name,Kind,women,men,Comment\nAlpha,cso,1,1,x\n  alpha ,cso,2,2,y\nBeta,media,,,\nGamma,research,,,\n";
        let table = Table::from_csv(text).unwrap();
        let e = validate_table(&table, &sectors(), &places(), &HashMap::new()).unwrap_err();
        assert_eq!((e[0].row, e[0].field.as_str(), e[0].code.as_str()), (Some(3), "name", "duplicate_name"));
        let text = "Name,Kind,women,men,Comment\nAlpha,cso,1,1,x\nBeta,media,,,\nGamma,research,,,\n";
        let table = Table::from_csv(text).unwrap();
        let beta = validate(
            &RawOrganisation { name: "Beta", kind: "media", migrant_led: "", ..Default::default() },
            &sectors(),
            &places(),
        )
        .unwrap();
        let gamma_old =
            validate(&RawOrganisation { name: "gamma", kind: "cso", ..Default::default() }, &sectors(), &places())
                .unwrap();
        let existing = HashMap::from([
            ("beta".to_string(), ("b1".to_string(), beta)),
            ("gamma".to_string(), ("g1".to_string(), gamma_old)),
        ]);
        let plan = validate_table(&table, &sectors(), &places(), &existing).unwrap();
        assert_eq!(plan.add.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["Alpha"]);
        assert_eq!(
            plan.update.iter().map(|(id, o)| (id.as_str(), o.kind.as_str())).collect::<Vec<_>>(),
            [("g1", "research")]
        );
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.surplus, ["Comment"]);
    }
}
