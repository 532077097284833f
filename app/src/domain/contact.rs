//! A contact person of an organisation: personal data, so each is held on a stated legal basis
//! (GDPR art. 6), with the date of consent when that is the basis.
use super::{Email, FieldError, Name};
use serde::{Deserialize, Serialize};

pub const LEGAL_BASES: [&str; 4] = ["consent", "legitimate_interest", "public_task", "contract"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
}
