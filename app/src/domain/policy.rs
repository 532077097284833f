//! The policy inventory (WP2.2): integration policies, plans and strategies per jurisdiction, what
//! was found lacking in each (gaps, needs, weaknesses) and what was recommended, and the comparison
//! of the levels for each policy area.
use super::contact::is_date;
use super::organisation::is_web_link;
use super::FieldError;
use serde::{Deserialize, Serialize};

pub const POLICY_KINDS: [&str; 5] = ["law", "strategy", "plan", "programme", "regulation"];
pub const POLICY_STATUSES: [&str; 4] = ["draft", "in_force", "expired", "under_review"];
pub const LEVELS: [&str; 3] = ["national", "regional", "local"];

/// A policy as typed in the form.
pub struct PolicyInput<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub jurisdiction_code: &'a str,
    pub areas: &'a [String],
    pub starts: &'a str,
    pub ends: &'a str,
    pub status: &'a str,
    pub link: &'a str,
    pub gaps: &'a str,
    pub needs: &'a str,
    pub weaknesses: &'a str,
    pub recommendations: &'a str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub title: String,
    pub kind: String,
    pub jurisdiction_code: String,
    pub areas: Vec<String>,
    pub starts: Option<String>,
    pub ends: Option<String>,
    pub status: String,
    pub link: Option<String>,
    pub gaps: Vec<String>,
    pub needs: Vec<String>,
    pub weaknesses: Vec<String>,
    pub recommendations: Vec<String>,
}

/// One entry per non-blank line.
pub fn lines(s: &str) -> Vec<String> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// Checks a policy; `areas` must come from the programme's list of sectors (`known_areas`).
pub fn validate(p: &PolicyInput<'_>, known_areas: &[String]) -> Result<Policy, Vec<FieldError>> {
    let mut errors = vec![];
    let title = p.title.trim();
    if title.is_empty() {
        errors.push(FieldError::new("title", "required"));
    } else if title.chars().count() > 300 {
        errors.push(FieldError::new("title", "too_long"));
    }
    if !POLICY_KINDS.contains(&p.kind) {
        errors.push(FieldError::new("kind", "invalid_choice"));
    }
    if p.jurisdiction_code.trim().is_empty() {
        errors.push(FieldError::new("jurisdiction_code", "required"));
    }
    if p.areas.is_empty() {
        errors.push(FieldError::new("areas", "required"));
    } else if p.areas.iter().any(|a| !known_areas.contains(a)) {
        errors.push(FieldError::new("areas", "unknown_sector"));
    }
    let date = |field: &str, raw: &str, errors: &mut Vec<FieldError>| {
        let raw = raw.trim();
        if raw.is_empty() {
            None
        } else if is_date(raw) {
            Some(raw.to_string())
        } else {
            errors.push(FieldError::new(field, "invalid_date"));
            None
        }
    };
    let starts = date("starts", p.starts, &mut errors);
    let ends = date("ends", p.ends, &mut errors);
    if let (Some(s), Some(e)) = (&starts, &ends) {
        if e < s {
            errors.push(FieldError::new("ends", "before_start"));
        }
    }
    if !POLICY_STATUSES.contains(&p.status) {
        errors.push(FieldError::new("status", "invalid_choice"));
    }
    let link = Some(p.link.trim().to_string()).filter(|l| !l.is_empty());
    if link.as_deref().is_some_and(|l| !is_web_link(l)) {
        errors.push(FieldError::new("link", "invalid_url"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut areas = p.areas.to_vec();
    areas.sort();
    areas.dedup();
    Ok(Policy {
        title: title.to_string(),
        kind: p.kind.to_string(),
        jurisdiction_code: p.jurisdiction_code.trim().to_uppercase(),
        areas,
        starts,
        ends,
        status: p.status.to_string(),
        link,
        gaps: lines(p.gaps),
        needs: lines(p.needs),
        weaknesses: lines(p.weaknesses),
        recommendations: lines(p.recommendations),
    })
}

/// A policy as the comparison needs it.
pub struct Compared<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub level: Option<&'a str>,
    pub areas: &'a [String],
    pub findings: u32,
}

/// One policy in a comparison cell: id, title and how many gaps, needs and weaknesses were found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellPolicy {
    pub id: String,
    pub title: String,
    pub findings: u32,
}

/// One policy area across the three levels (national, regional, local).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaRow {
    pub area: String,
    pub levels: [Vec<CellPolicy>; 3],
}

/// The levels side by side for each policy area: areas in order, each policy under every area it
/// covers and at its jurisdiction's level; titles in order within a cell.
pub fn compare(policies: &[Compared<'_>]) -> Vec<AreaRow> {
    let mut rows: std::collections::BTreeMap<&str, [Vec<CellPolicy>; 3]> = std::collections::BTreeMap::new();
    for p in policies {
        let Some(l) = p.level.and_then(|l| LEVELS.iter().position(|x| *x == l)) else { continue };
        for area in p.areas {
            rows.entry(area.as_str()).or_default()[l].push(CellPolicy {
                id: p.id.to_string(),
                title: p.title.to_string(),
                findings: p.findings,
            });
        }
    }
    rows.into_iter()
        .map(|(area, mut levels)| {
            for cell in levels.iter_mut() {
                cell.sort_by(|a, b| a.title.cmp(&b.title).then(a.id.cmp(&b.id)));
            }
            AreaRow { area: area.to_string(), levels }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(areas: &'a [String]) -> PolicyInput<'a> {
        PolicyInput {
            title: " Integration strategy ",
            kind: "strategy",
            jurisdiction_code: "xa",
            areas,
            starts: "2026-01-01",
            ends: "2030-12-31",
            status: "in_force",
            link: "https://example.org/strategy",
            gaps: "No housing measures\n\nNo data",
            needs: "",
            weaknesses: "Unfunded",
            recommendations: "Fund it",
        }
    }

    #[test]
    fn a_policy_keeps_its_findings_one_per_line() {
        let known = vec!["housing".to_string(), "health".to_string()];
        let areas = vec!["housing".to_string(), "housing".to_string()];
        let p = validate(&input(&areas), &known).unwrap();
        assert_eq!((p.title.as_str(), p.jurisdiction_code.as_str()), ("Integration strategy", "XA"));
        assert_eq!(p.areas, ["housing"]);
        assert_eq!(p.gaps, ["No housing measures", "No data"]);
        assert!(p.needs.is_empty());
        let bad_areas = vec!["space".to_string()];
        let mut bad = input(&bad_areas);
        bad.kind = "edict";
        bad.ends = "2025-01-01";
        bad.link = "ftp://x";
        let codes: Vec<String> = validate(&bad, &known).unwrap_err().into_iter().map(|e| e.code).collect();
        assert_eq!(codes, ["invalid_choice", "unknown_sector", "before_start", "invalid_url"]);
    }

    #[test]
    fn the_comparison_puts_each_policy_under_its_areas_and_level() {
        let (a, b) = (vec!["housing".to_string(), "health".to_string()], vec!["housing".to_string()]);
        let rows = compare(&[
            Compared { id: "1", title: "National plan", level: Some("national"), areas: &a, findings: 2 },
            Compared { id: "2", title: "City plan", level: Some("local"), areas: &b, findings: 0 },
            Compared { id: "3", title: "Unplaced", level: None, areas: &b, findings: 0 },
        ]);
        assert_eq!(rows.iter().map(|r| r.area.as_str()).collect::<Vec<_>>(), ["health", "housing"]);
        assert_eq!(rows[1].levels[0][0].title, "National plan");
        assert!(rows[1].levels[1].is_empty());
        assert_eq!(rows[1].levels[2][0].id, "2");
        assert_eq!(rows[0].levels[2].len(), 0);
    }
}
