//! The multilevel hub's arithmetic: interactions disaggregated for WP2.K3 (between levels of
//! administration) and WP2.K4 (between public and private stakeholders), each as a count and a mean
//! quality.
use serde::{Deserialize, Serialize};

pub const INTERACTION_KINDS: [&str; 5] = ["meeting", "exchange", "joint_action", "consultation", "referral"];

/// One line of a KPI breakdown.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KpiLine {
    /// The disaggregation key, e.g. `national–regional` or `public–private`.
    pub key: String,
    pub count: u32,
    /// Mean quality rating (1–5), to one decimal, for indicators that rate (WP2.K3/K4).
    pub mean_quality: Option<f64>,
}

/// The two levels of a pair in a stable order (national, regional, local, unknown).
pub fn level_pair(a: Option<&str>, b: Option<&str>) -> String {
    let rank = |l: Option<&str>| match l {
        Some("national") => 0,
        Some("regional") => 1,
        Some("local") => 2,
        _ => 3,
    };
    let name =
        |l: Option<&str>| l.filter(|l| ["national", "regional", "local"].contains(l)).unwrap_or("unknown").to_string();
    let (x, y) = if rank(a) <= rank(b) { (a, b) } else { (b, a) };
    format!("{}–{}", name(x), name(y))
}

pub fn sector_pair(a_public: bool, b_public: bool) -> &'static str {
    match (a_public, b_public) {
        (true, true) => "public–public",
        (false, false) => "private–private",
        _ => "public–private",
    }
}

/// Counts and mean qualities per key, sorted by key, and the overall line (key `all`).
pub fn breakdown(items: impl IntoIterator<Item = (String, i64)>) -> (Vec<KpiLine>, KpiLine) {
    let mut acc: std::collections::BTreeMap<String, (u32, i64)> = std::collections::BTreeMap::new();
    let (mut n, mut sum) = (0u32, 0i64);
    for (key, q) in items {
        let e = acc.entry(key).or_default();
        e.0 += 1;
        e.1 += q;
        n += 1;
        sum += q;
    }
    let mean = |c: u32, s: i64| if c == 0 { 0.0 } else { (s as f64 / c as f64 * 10.0).round() / 10.0 };
    let lines =
        acc.into_iter().map(|(key, (c, s))| KpiLine { key, count: c, mean_quality: Some(mean(c, s)) }).collect();
    (lines, KpiLine { key: "all".into(), count: n, mean_quality: Some(mean(n, sum)) })
}

/// The columns of an imported interactions log: date, the two organisations (named as in the
/// register), kind, quality (1–5) and an optional note.
pub const COLUMNS: [&str; 6] = ["on", "a", "b", "kind", "quality", "note"];

/// One interaction, checked, its organisations resolved to their ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interaction {
    pub a: String,
    pub b: String,
    pub kind: String,
    pub on: String,
    pub quality: i64,
    pub note: Option<String>,
}

impl Interaction {
    /// What identifies it across imports: the day, the two organisations and the kind.
    pub fn key(&self) -> String {
        format!("{}|{}|{}|{}", self.on, self.a, self.b, self.kind)
    }
}

/// Checks one interaction. `a` and `b` are the organisations' ids as found by name (`None` when the
/// register has no such name); `a_raw` and `b_raw` what was typed, to tell "required" from
/// "unknown". A kind may be written as its code or with spaces (`joint action`).
#[allow(clippy::too_many_arguments)]
pub fn validate(
    a: Option<&str>,
    a_raw: &str,
    b: Option<&str>,
    b_raw: &str,
    kind: &str,
    on: &str,
    quality: &str,
    note: &str,
) -> Result<Interaction, Vec<super::FieldError>> {
    use super::FieldError;
    let mut errors = vec![];
    for (field, raw, id) in [("a", a_raw, a), ("b", b_raw, b)] {
        if id.is_none() {
            errors
                .push(FieldError::new(field, if raw.trim().is_empty() { "required" } else { "unknown_organisation" }));
        }
    }
    if a.is_some() && a == b {
        errors.push(FieldError::new("b", "same_organisation"));
    }
    let kind = super::table::column_key(kind);
    if !INTERACTION_KINDS.contains(&kind.as_str()) {
        errors.push(FieldError::new("kind", "invalid_interaction"));
    }
    let on = on.trim();
    if !super::contact::is_date(on) {
        errors.push(FieldError::new("on", "invalid_date"));
    }
    let quality = match quality.trim().parse::<i64>() {
        Ok(q @ 1..=5) => q,
        _ => {
            errors.push(FieldError::new("quality", "invalid_rating"));
            0
        }
    };
    match (errors.is_empty(), a, b) {
        (true, Some(a), Some(b)) => Ok(Interaction {
            a: a.to_string(),
            b: b.to_string(),
            kind,
            on: on.to_string(),
            quality,
            note: Some(note.trim().to_string()).filter(|n| !n.is_empty()),
        }),
        _ => Err(errors),
    }
}

/// What an import of interactions will do: add, update (id, new values: its quality or note
/// changed), and how many rows are unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InteractionPlan {
    pub add: Vec<Interaction>,
    pub update: Vec<(String, Interaction)>,
    pub unchanged: u32,
    pub surplus: Vec<String>,
}

/// Validates every row of an imported interactions log. `organisations` maps a name key
/// ([`super::organisation::name_key`]) to the organisation's id; `existing` maps an
/// [`Interaction::key`] to (id, current values). The same interaction twice in the file is an error
/// of the second row. All or nothing: the plan, or every problem by row and column.
pub fn validate_table(
    table: &super::table::Table,
    organisations: &std::collections::HashMap<String, String>,
    existing: &std::collections::HashMap<String, (String, Interaction)>,
) -> Result<InteractionPlan, Vec<super::FieldError>> {
    use super::organisation::name_key;
    let cols = table.columns(&COLUMNS[..5], &COLUMNS[5..])?;
    let mut plan = InteractionPlan { surplus: cols.surplus.clone(), ..InteractionPlan::default() };
    let mut errors = vec![];
    let mut seen = std::collections::HashSet::new();
    for (line, row) in &table.rows {
        let get = |c: &str| cols.get(row, c);
        let a = organisations.get(&name_key(get("a"))).map(String::as_str);
        let b = organisations.get(&name_key(get("b"))).map(String::as_str);
        let i = match validate(a, get("a"), b, get("b"), get("kind"), get("on"), get("quality"), get("note")) {
            Ok(i) => i,
            Err(es) => {
                errors.extend(es.into_iter().map(|e| e.at_row(*line)));
                continue;
            }
        };
        let key = i.key();
        if !seen.insert(key.clone()) {
            errors.push(super::FieldError::new("on", "duplicate_row").at_row(*line));
            continue;
        }
        match existing.get(&key) {
            Some((_, old)) if *old == i => plan.unchanged += 1,
            Some((id, _)) => plan.update.push((id.clone(), i)),
            None => plan.add.push(i),
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

    #[test]
    fn pairs_are_ordered_and_means_rounded() {
        assert_eq!(level_pair(Some("local"), Some("national")), "national–local");
        assert_eq!(level_pair(None, Some("regional")), "regional–unknown");
        assert_eq!(sector_pair(false, true), "public–private");
        let (lines, all) = breakdown([("a".to_string(), 5), ("b".to_string(), 2), ("a".to_string(), 4)]);
        assert_eq!(
            lines,
            [
                KpiLine { key: "a".into(), count: 2, mean_quality: Some(4.5) },
                KpiLine { key: "b".into(), count: 1, mean_quality: Some(2.0) }
            ]
        );
        assert_eq!((all.count, all.mean_quality), (3, Some(3.7)));
        assert_eq!(breakdown(Vec::<(String, i64)>::new()).1.count, 0);
    }

    #[test]
    fn an_imported_log_is_checked_row_by_row_and_planned_on_its_key() {
        use crate::domain::table::Table;
        let orgs: std::collections::HashMap<String, String> =
            [("ministry".to_string(), "m".to_string()), ("city of x".to_string(), "c".to_string())].into();
        let table = Table::from_csv(
            "on,a,b,kind,quality,note\n\
             2026-03-01,Ministry,City of  X,meeting,4,kick-off\n\
             2026-03-02,Ministry,City of X,Joint Action,5,\n\
             2026-03-03,Ministry,Nobody,talk,9,\n\
             2026-03-01,ministry,city of x,meeting,3,again\n\
             2026-13-01,Ministry,Ministry,meeting,3,\n",
        )
        .unwrap();
        let errors = validate_table(&table, &orgs, &Default::default()).unwrap_err();
        let at = |line: u32| {
            let mut v: Vec<(&str, &str)> =
                errors.iter().filter(|e| e.row == Some(line)).map(|e| (e.field.as_str(), e.code.as_str())).collect();
            v.sort();
            v
        };
        assert_eq!(
            at(4),
            [("b", "unknown_organisation"), ("kind", "invalid_interaction"), ("quality", "invalid_rating")]
        );
        assert_eq!(at(5), [("on", "duplicate_row")]);
        assert_eq!(at(6), [("b", "same_organisation"), ("on", "invalid_date")]);
        assert!(at(2).is_empty() && at(3).is_empty());

        let table = Table::from_csv(
            "on,a,b,kind,quality,note,extra\n2026-03-01,Ministry,City of X,meeting,4,kick-off,x\n\
             2026-03-02,Ministry,City of X,joint action,5,,x\n2026-03-04,City of X,Ministry,referral,2,,x\n",
        )
        .unwrap();
        let first = validate_table(&table, &orgs, &Default::default()).unwrap();
        assert_eq!(first.add.len(), 3);
        assert_eq!(first.add[1].kind, "joint_action");
        assert_eq!(first.surplus, ["extra"]);
        // Imported again: the same rows are unchanged; a changed quality is an update.
        let mut existing: std::collections::HashMap<String, (String, Interaction)> =
            first.add.iter().enumerate().map(|(n, i)| (i.key(), (format!("i{n}"), i.clone()))).collect();
        existing.get_mut(&first.add[2].key()).unwrap().1.quality = 5;
        let again = validate_table(&table, &orgs, &existing).unwrap();
        assert_eq!((again.add.len(), again.update.len(), again.unchanged), (0, 1, 2));
        assert_eq!(again.update[0].0, "i2");
    }
}
