//! A contact person of an organisation: personal data, so each is held on a stated legal basis
//! (GDPR art. 6), with the date of consent when that is the basis.
use super::{Email, FieldError, Name};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

pub const LEGAL_BASES: [&str; 4] = ["consent", "legitimate_interest", "public_task", "contract"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct ContactInput {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role_title: Option<String>,
    pub legal_basis: String,
    /// `YYYY-MM-DD`, required when the basis is consent.
    pub consent_given_on: Option<String>,
}

fn opt(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty()).then_some(t)
}

/// An ISO calendar date, `YYYY-MM-DD` (what `<input type="date">` posts).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && s.chars().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&s[5..7].parse::<u8>().unwrap_or(0))
        && (1..=31).contains(&s[8..10].parse::<u8>().unwrap_or(0))
}

pub fn validate(
    name: &str,
    email: &str,
    phone: &str,
    role_title: &str,
    legal_basis: &str,
    consent_given_on: &str,
) -> Result<ContactInput, Vec<FieldError>> {
    let mut errors = vec![];
    let name = Name::parse("name", name).map_err(|e| errors.push(e)).ok();
    let email = match opt(email) {
        Some(e) => Email::parse(e).map(|e| Some(e.as_str().to_string())).unwrap_or_else(|e| {
            errors.push(e);
            None
        }),
        None => None,
    };
    let phone = opt(phone).map(str::to_string);
    if phone.as_deref().is_some_and(|p| p.len() > 30 || !p.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)))
    {
        errors.push(FieldError::new("phone", "invalid_phone"));
    }
    let role_title = opt(role_title).map(str::to_string);
    if role_title.as_deref().is_some_and(|r| r.chars().count() > 200) {
        errors.push(FieldError::new("role_title", "too_long"));
    }
    let basis = legal_basis.trim().to_string();
    if basis.is_empty() {
        errors.push(FieldError::new("legal_basis", "required"));
    } else if !LEGAL_BASES.contains(&basis.as_str()) {
        errors.push(FieldError::new("legal_basis", "invalid_legal_basis"));
    }
    let consent = opt(consent_given_on).map(str::to_string);
    match (&consent, basis.as_str()) {
        (Some(d), _) if !is_date(d) => errors.push(FieldError::new("consent_given_on", "invalid_date")),
        (None, "consent") => errors.push(FieldError::new("consent_given_on", "consent_date_required")),
        _ => {}
    }
    match name {
        Some(n) if errors.is_empty() => Ok(ContactInput {
            name: n.into_string(),
            email,
            phone,
            role_title,
            consent_given_on: if basis == "consent" { consent } else { None },
            legal_basis: basis,
        }),
        _ => Err(errors),
    }
}

/// The columns of a contact import: the organisation (by its name in the register), then the
/// contact's fields.
pub const COLUMNS: [&str; 7] =
    ["organisation", "name", "email", "phone", "role_title", "legal_basis", "consent_given_on"];

/// What identifies a contact across imports within its organisation: the e-mail address, or the name
/// (case and spacing aside) when it has none.
pub fn contact_key(organisation_id: &str, c: &ContactInput) -> String {
    match &c.email {
        Some(e) => format!("{organisation_id}|{}", e.to_lowercase()),
        None => format!("{organisation_id}|name:{}", super::organisation::name_key(&c.name)),
    }
}

/// What an import of contacts will do: add (organisation id, contact), update (contact id,
/// organisation id, new values), and how many rows are unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContactPlan {
    pub add: Vec<(String, ContactInput)>,
    pub update: Vec<(String, String, ContactInput)>,
    pub unchanged: u32,
    pub surplus: Vec<String>,
}

/// Validates every row of an imported table of contacts. `organisations` maps a name key to the
/// organisation's id; `existing` maps a [`contact_key`] to (contact id, current values). A contact
/// twice in the file is an error of the second row. All or nothing: the plan, or every problem by
/// row and column.
pub fn validate_table(
    table: &super::table::Table,
    organisations: &std::collections::HashMap<String, String>,
    existing: &std::collections::HashMap<String, (String, ContactInput)>,
) -> Result<ContactPlan, Vec<FieldError>> {
    let cols = table.columns(&["organisation", "name", "legal_basis"], &COLUMNS[2..])?;
    let mut plan = ContactPlan { surplus: cols.surplus.clone(), ..ContactPlan::default() };
    let mut errors = vec![];
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for (line, row) in &table.rows {
        let get = |c: &str| cols.get(row, c);
        let organisation = organisations.get(&super::organisation::name_key(get("organisation")));
        if organisation.is_none() {
            let code = if get("organisation").trim().is_empty() { "required" } else { "unknown_organisation" };
            errors.push(FieldError::new("organisation", code).at_row(*line));
        }
        let c = match validate(
            get("name"),
            get("email"),
            get("phone"),
            get("role_title"),
            get("legal_basis"),
            get("consent_given_on"),
        ) {
            Ok(c) => c,
            Err(es) => {
                errors.extend(es.into_iter().map(|e| e.at_row(*line)));
                continue;
            }
        };
        let Some(org) = organisation else { continue };
        let key = contact_key(org, &c);
        if seen.insert(key.clone(), *line).is_some() {
            errors
                .push(FieldError::new(if c.email.is_some() { "email" } else { "name" }, "duplicate_row").at_row(*line));
            continue;
        }
        match existing.get(&key) {
            Some((_, current)) if *current == c => plan.unchanged += 1,
            Some((id, _)) => plan.update.push((id.clone(), org.clone(), c)),
            None => plan.add.push((org.clone(), c)),
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
    fn a_contact_needs_a_basis_and_consent_needs_its_date() {
        let ok =
            validate("Amina Diallo", "Amina@Example.org", "+33 1 23", "Director", "consent", "2026-03-01").unwrap();
        assert_eq!(ok.email.as_deref(), Some("amina@example.org"));
        let e = validate("", "not-mail", "call me", "", "", "").unwrap_err();
        let got: Vec<_> = e.iter().map(|e| format!("{}:{}", e.field, e.code)).collect();
        assert_eq!(got, ["name:required", "email:invalid_email", "phone:invalid_phone", "legal_basis:required"]);
        let e = validate("A", "", "", "", "consent", "").unwrap_err();
        assert_eq!(e[0].code, "consent_date_required");
        let e = validate("A", "", "", "", "consent", "2026-13-01").unwrap_err();
        assert_eq!(e[0].code, "invalid_date");
        assert_eq!(validate("A", "", "", "", "public_task", "2026-01-01").unwrap().consent_given_on, None);
    }

    #[test]
    fn an_import_matches_contacts_on_their_address_or_name_and_names_every_problem() {
        use std::collections::HashMap;
        let orgs = HashMap::from([("nordmark refugee council".to_string(), "o1".to_string())]);
        let current = validate("Amina Diallo", "amina@example.org", "", "", "public_task", "").unwrap();
        let existing = HashMap::from([(contact_key("o1", &current), ("c1".to_string(), current.clone()))]);
        let csv = "organisation,name,email,legal_basis,consent_given_on,favourite_colour\n\
                   Nordmark  Refugee Council,Amina Diallo,AMINA@example.org,public_task,,blue\n\
                   Nordmark Refugee Council,Jonas Berg,,consent,2026-02-01,\n\
                   Nordmark Refugee Council,Amina D.,amina@example.org,consent,2026-02-01,\n";
        let table = crate::domain::table::Table::from_csv(csv).unwrap();
        let e = validate_table(&table, &orgs, &existing).unwrap_err();
        assert_eq!(e, vec![FieldError::new("email", "duplicate_row").at_row(4)], "the same address twice");
        let csv = "organisation,name,email,legal_basis,consent_given_on\n\
                   Nordmark Refugee Council,Amina Diallo,amina@example.org,public_task,\n\
                   Nordmark Refugee Council,Jonas Berg,,consent,2026-02-01\n";
        let plan = validate_table(&crate::domain::table::Table::from_csv(csv).unwrap(), &orgs, &existing).unwrap();
        assert_eq!((plan.add.len(), plan.update.len(), plan.unchanged), (1, 0, 1));
        let csv = "organisation,name,legal_basis\nNowhere Society,A,public_task\n,B,consent\n";
        let e = validate_table(&crate::domain::table::Table::from_csv(csv).unwrap(), &orgs, &existing).unwrap_err();
        let got: Vec<String> = e.iter().map(|e| format!("{}:{}:{}", e.row.unwrap(), e.field, e.code)).collect();
        assert_eq!(
            got,
            [
                "2:organisation:unknown_organisation",
                "3:organisation:required",
                "3:consent_given_on:consent_date_required"
            ]
        );
        let e =
            validate_table(&crate::domain::table::Table::from_csv("name\nA\n").unwrap(), &orgs, &existing).unwrap_err();
        assert_eq!(e[0].code, "csv_missing_column");
    }
}
