use super::table::Table;
use super::{FieldError, Name};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A jurisdiction's code, unique within a programme (NUTS / LAU codes fit): 1 to 32 characters from
/// letters, digits, `-`, `_` and `.`, kept as typed but compared case-insensitively (upper-cased).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct JurisdictionCode(String);

impl JurisdictionCode {
    pub fn parse(field: &str, raw: &str) -> Result<JurisdictionCode, FieldError> {
        let s = raw.trim().to_uppercase();
        if s.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        if s.len() > 32 || !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            return Err(FieldError::new(field, "invalid_code"));
        }
        Ok(JurisdictionCode(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Level of government. A child is always at a lower level than its parent; only the national level
/// is a root, and a programme has one national root.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    National,
    Regional,
    Local,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::National, Level::Regional, Level::Local];
    pub fn as_str(self) -> &'static str {
        match self {
            Level::National => "national",
            Level::Regional => "regional",
            Level::Local => "local",
        }
    }
    pub fn parse(field: &str, raw: &str) -> Result<Level, FieldError> {
        let s = raw.trim().to_lowercase();
        Level::ALL.into_iter().find(|l| l.as_str() == s).ok_or_else(|| FieldError::new(field, "invalid_level"))
    }
    /// Whether a jurisdiction of this level may sit under one of `parent` (None: be a root).
    pub fn may_have_parent(self, parent: Option<Level>) -> bool {
        match parent {
            None => self == Level::National,
            Some(p) => p < self,
        }
    }
}

/// A validated new jurisdiction, ready to be written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewJurisdiction {
    pub code: JurisdictionCode,
    pub name: String,
    pub level: Level,
    pub parent_code: Option<JurisdictionCode>,
}

/// Validates one jurisdiction against the tree it joins (`existing`: code → level).
pub fn validate_one(
    code: &str,
    name: &str,
    level: &str,
    parent_code: &str,
    existing: &HashMap<String, Level>,
) -> Result<NewJurisdiction, Vec<FieldError>> {
    let mut errors = vec![];
    let code = JurisdictionCode::parse("code", code).map_err(|e| errors.push(e)).ok();
    let name = Name::parse("name", name).map_err(|e| errors.push(e)).ok();
    let level = Level::parse("level", level).map_err(|e| errors.push(e)).ok();
    let parent = if parent_code.trim().is_empty() {
        Some(None)
    } else {
        JurisdictionCode::parse("parent_code", parent_code).map_err(|e| errors.push(e)).ok().map(Some)
    };
    if let Some(c) = &code {
        if existing.contains_key(c.as_str()) {
            errors.push(FieldError::new("code", "duplicate_code"));
        }
    }
    if let (Some(level), Some(parent)) = (level, &parent) {
        match parent {
            Some(p) => match existing.get(p.as_str()) {
                None => errors.push(FieldError::new("parent_code", "unknown_parent")),
                Some(pl) if !level.may_have_parent(Some(*pl)) => {
                    errors.push(FieldError::new("level", "level_below_parent"))
                }
                Some(_) => {}
            },
            None if level != Level::National => errors.push(FieldError::new("parent_code", "parent_required")),
            None if existing.values().any(|l| *l == Level::National) => {
                errors.push(FieldError::new("level", "national_exists"))
            }
            None => {}
        }
    }
    match (code, name, level, parent) {
        (Some(code), Some(name), Some(level), Some(parent_code)) if errors.is_empty() => {
            Ok(NewJurisdiction { code, name: name.into_string(), level, parent_code })
        }
        _ => Err(errors),
    }
}

pub const CSV_COLUMNS: [&str; 4] = ["code", "name", "level", "parent_code"];

/// A jurisdiction already in the tree, as an import compares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Existing {
    pub level: Level,
    pub parent_code: Option<String>,
    pub name: String,
}

/// What an import will do, decided before anything is written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    /// New jurisdictions, parents first.
    pub add: Vec<NewJurisdiction>,
    /// Existing codes whose name changes: (code, new name).
    pub rename: Vec<(String, String)>,
    pub unchanged: u32,
    /// Columns of the file that were not imported.
    pub surplus: Vec<String>,
}

/// Validates a whole table (columns `code,name,level,parent_code` in any order) against the tree it
/// joins, matching rows on their code: a new code is added, a known one with another name is
/// renamed, one that is the same is left unchanged, and one whose level or parent differs is an
/// error (moving a subtree is not an import's job). All or nothing: either every row is valid and
/// the plan comes back, or every problem comes back with its line and column.
pub fn validate_table(table: &Table, existing: &HashMap<String, Existing>) -> Result<Plan, Vec<FieldError>> {
    let cols = table.columns(&CSV_COLUMNS, &[])?;
    // Known levels: the existing tree plus the first row of the file for each valid new code and
    // level, so rows may come in any order and refer to each other; a later row with the same code
    // is a duplicate.
    let mut known: HashMap<String, Level> = existing.iter().map(|(k, e)| (k.clone(), e.level)).collect();
    let mut first_line: HashMap<String, u32> = HashMap::new();
    for (line, row) in &table.rows {
        let Ok(c) = JurisdictionCode::parse("code", cols.get(row, "code")) else { continue };
        let first = *first_line.entry(c.as_str().to_string()).or_insert(*line);
        if let Ok(l) = Level::parse("level", cols.get(row, "level")) {
            if first == *line && !existing.contains_key(c.as_str()) {
                known.insert(c.as_str().to_string(), l);
            }
        }
    }
    let mut plan = Plan { surplus: cols.surplus.clone(), ..Plan::default() };
    let mut errors = vec![];
    for (line, row) in &table.rows {
        let get = |col: &str| cols.get(row, col);
        let code = JurisdictionCode::parse("code", get("code"));
        if let Ok(c) = &code {
            if first_line.get(c.as_str()) != Some(line) {
                errors.push(FieldError::new("code", "duplicate_code").at_row(*line));
                continue;
            }
            if let Some(old) = existing.get(c.as_str()) {
                match update_of(c, old, get("name"), get("level"), get("parent_code")) {
                    Ok(Some(name)) => plan.rename.push((c.as_str().to_string(), name)),
                    Ok(None) => plan.unchanged += 1,
                    Err(es) => errors.extend(es.into_iter().map(|e| e.at_row(*line))),
                }
                continue;
            }
        }
        // Validate against everything known except the row itself.
        let mut others = known.clone();
        if let Ok(c) = &code {
            others.remove(c.as_str());
        }
        match validate_one(get("code"), get("name"), get("level"), get("parent_code"), &others) {
            Ok(j) => plan.add.push(j),
            Err(es) => errors.extend(es.into_iter().map(|e| e.at_row(*line))),
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        errors.dedup();
        return Err(errors);
    }
    plan.add.sort_by_key(|j| j.level);
    Ok(plan)
}

/// A row for a code the tree has: the new name if it changes, `None` if nothing does.
fn update_of(
    code: &JurisdictionCode,
    old: &Existing,
    name: &str,
    level: &str,
    parent_code: &str,
) -> Result<Option<String>, Vec<FieldError>> {
    let mut errors = vec![];
    let name = Name::parse("name", name).map_err(|e| errors.push(e)).ok();
    match Level::parse("level", level) {
        Ok(l) if l != old.level => errors.push(FieldError::new("level", "jurisdiction_moved")),
        Ok(_) => {}
        Err(e) => errors.push(e),
    }
    let parent = parent_code.trim().to_uppercase();
    if (!parent.is_empty()).then_some(parent.as_str()) != old.parent_code.as_deref() {
        errors.push(FieldError::new("parent_code", "jurisdiction_moved"));
    }
    let _ = code;
    match name {
        Some(n) if errors.is_empty() => Ok((n.as_str() != old.name).then(|| n.into_string())),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tree() -> HashMap<String, Level> {
        HashMap::from([("XA".into(), Level::National), ("XA-N".into(), Level::Regional)])
    }

    fn existing() -> HashMap<String, Existing> {
        HashMap::from([
            ("XA".into(), Existing { level: Level::National, parent_code: None, name: "Xland".into() }),
            ("XA-N".into(), Existing { level: Level::Regional, parent_code: Some("XA".into()), name: "North".into() }),
        ])
    }

    fn validate_csv(text: &str, existing: &HashMap<String, Existing>) -> Result<Plan, Vec<FieldError>> {
        validate_table(&Table::from_csv(text)?, existing)
    }

    #[test]
    fn levels_nest() {
        assert!(Level::National.may_have_parent(None));
        assert!(!Level::Regional.may_have_parent(None));
        assert!(Level::Local.may_have_parent(Some(Level::Regional)));
        assert!(Level::Local.may_have_parent(Some(Level::National)));
        assert!(!Level::Regional.may_have_parent(Some(Level::Local)));
        assert!(!Level::Regional.may_have_parent(Some(Level::Regional)));
    }

    #[test]
    fn one_row_errors_name_their_field() {
        let e = validate_one("", "", "county", "", &tree()).unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(fields, [("code", "required"), ("name", "required"), ("level", "invalid_level")]);
        let e = validate_one("xa-s", "South", "regional", "NOPE", &tree()).unwrap_err();
        assert_eq!(e, vec![FieldError::new("parent_code", "unknown_parent")]);
        let e = validate_one("XB", "Other", "national", "", &tree()).unwrap_err();
        assert_eq!(e, vec![FieldError::new("level", "national_exists")]);
        let ok = validate_one("xa-n-01", "Northtown", "local", "xa-n", &tree()).unwrap();
        assert_eq!(ok.code.as_str(), "XA-N-01");
    }

    #[test]
    fn csv_accepts_any_order_and_returns_parents_first() {
        let text = "name,code,parent_code,level\nNorthtown,XA-N-01,XA-S,local\nSouth,XA-S,XA,regional\n";
        let plan = validate_csv(text, &existing()).unwrap();
        assert_eq!(plan.add.iter().map(|r| r.code.as_str()).collect::<Vec<_>>(), ["XA-S", "XA-N-01"]);
    }

    #[test]
    fn csv_reports_every_bad_cell_and_imports_nothing() {
        let text = "code,name,level,parent_code\nXA-S,South,regional,XA\nXA-S,Again,regional,XA\n,Nameless,local,XA-S\nXA-T,,town,XA\nXA-U,Up,regional,ZZ\nXA-N,North,local,XA\n";
        let errors = validate_csv(text, &existing()).unwrap_err();
        let got: Vec<_> = errors.iter().map(|e| (e.row.unwrap(), e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            got,
            [
                (3, "code", "duplicate_code"),
                (4, "code", "required"),
                (5, "name", "required"),
                (5, "level", "invalid_level"),
                (6, "parent_code", "unknown_parent"),
                (7, "level", "jurisdiction_moved"),
            ]
        );
    }

    #[test]
    fn a_known_code_is_renamed_or_left_alone_never_moved_and_surplus_columns_are_named() {
        let text = "code,name,level,parent_code,comment\nXA,Xland,national,,x\nXA-N,Nord,regional,xa,y\nXA-S,Sud,regional,XA,z\n";
        let plan = validate_csv(text, &existing()).unwrap();
        assert_eq!(plan.unchanged, 1);
        assert_eq!(plan.rename, [("XA-N".to_string(), "Nord".to_string())]);
        assert_eq!(plan.add.iter().map(|j| j.code.as_str()).collect::<Vec<_>>(), ["XA-S"]);
        assert_eq!(plan.surplus, ["comment"]);
        let moved = validate_csv("code,name,level,parent_code\nXA-N,North,regional,\n", &existing()).unwrap_err();
        assert_eq!((moved[0].field.as_str(), moved[0].code.as_str()), ("parent_code", "jurisdiction_moved"));
    }

    #[test]
    fn csv_header_and_shape_errors() {
        assert_eq!(validate_csv("", &existing()).unwrap_err()[0].code, "csv_empty");
        let e = validate_csv("code,name\nA,B\n", &existing()).unwrap_err();
        assert_eq!(e.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["level", "parent_code"]);
        let e = validate_csv("code,name,level,parent_code\nXA-S,South,regional\n", &existing()).unwrap_err();
        assert_eq!(e[0].code, "csv_wrong_field_count");
        let e =
            validate_csv("code,name,level,parent_code\nA,A,national,\nB,B,national,\n", &HashMap::new()).unwrap_err();
        assert!(e.iter().all(|e| e.code == "national_exists"), "{e:?}");
    }

    proptest! {
        #[test]
        fn codes_are_upper_and_bounded(s in "\\PC{0,40}") {
            if let Ok(c) = JurisdictionCode::parse("code", &s) {
                prop_assert!(c.as_str().len() <= 32 && c.as_str() == c.as_str().to_uppercase());
            }
        }

        #[test]
        fn a_generated_valid_tree_imports(regions in 1usize..6, towns in 0usize..8) {
            let mut text = String::from("code,name,level,parent_code\nC,Country,national,\n");
            for r in 0..regions {
                text += &format!("C-{r},Region {r},regional,C\n");
                for t in 0..towns {
                    text += &format!("C-{r}-{t},Town {t},local,C-{r}\n");
                }
            }
            let plan = validate_csv(&text, &HashMap::new()).unwrap();
            prop_assert_eq!(plan.add.len(), 1 + regions * (1 + towns));
            prop_assert_eq!(plan.add[0].level, Level::National);
        }
    }
}
