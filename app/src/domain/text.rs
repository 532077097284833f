use super::FieldError;
use serde::{Deserialize, Serialize};

/// A person's or a record's display name: trimmed, 1 to `max` characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name(String);

impl Name {
    pub const MAX: usize = 200;
    pub fn parse(field: &str, raw: &str) -> Result<Name, FieldError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, "required"));
        }
        if s.chars().count() > Self::MAX {
            return Err(FieldError::new(field, "too_long"));
        }
        if s.chars().any(char::is_control) {
            return Err(FieldError::new(field, "invalid_characters"));
        }
        Ok(Name(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}

/// An e-mail address, lower-cased. Deliberately simple: one `@`, a non-empty local part, a domain with
/// a dot and no spaces; the real check is the invitation mail arriving.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Email, FieldError> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return Err(FieldError::new("email", "required"));
        }
        let ok = s.len() <= 254
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && match s.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                        && !domain.contains("..")
                }
                None => false,
            };
        if ok {
            Ok(Email(s))
        } else {
            Err(FieldError::new("email", "invalid_email"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0
    }
}

/// A new password. The policy of the foundation issue: at least 12 characters, not a known common
/// password, not a single repeated character. The plain text never leaves this type except to be hashed.
pub struct Password(String);

const COMMON_PASSWORDS: &str = include_str!("../../data/common-passwords.txt");

impl Password {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 256;

    pub fn parse(raw: &str) -> Result<Password, FieldError> {
        let n = raw.chars().count();
        if n < Self::MIN_CHARS {
            return Err(FieldError::new("password", "password_too_short"));
        }
        if n > Self::MAX_CHARS {
            return Err(FieldError::new("password", "too_long"));
        }
        let lower = raw.to_lowercase();
        let mut chars = lower.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) || COMMON_PASSWORDS.lines().any(|l| l.trim() == lower) {
            return Err(FieldError::new("password", "password_common"));
        }
        Ok(Password(raw.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// ISO 3166-1 alpha-2 country code, upper-cased.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryCode(String);

impl CountryCode {
    pub fn parse(raw: &str) -> Result<CountryCode, FieldError> {
        let s = raw.trim().to_uppercase();
        if s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase()) {
            Ok(CountryCode(s))
        } else {
            Err(FieldError::new("country", "invalid_country"))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The content languages of a programme: comma- or space-separated language tags (`en`, `fr`, `ar`,
/// `uk`, `pt-BR`...), deduplicated, order kept (the first is the programme's default).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LanguageList(Vec<String>);

impl LanguageList {
    pub fn parse(raw: &str) -> Result<LanguageList, FieldError> {
        let mut out: Vec<String> = vec![];
        for tag in raw.split(|c: char| c == ',' || c.is_whitespace()).filter(|t| !t.is_empty()) {
            let (lang, region) = match tag.split_once('-') {
                Some((l, r)) => (l, Some(r)),
                None => (tag, None),
            };
            let lang_ok = (2..=3).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_alphabetic());
            let region_ok =
                region.is_none_or(|r| (2..=4).contains(&r.len()) && r.chars().all(|c| c.is_ascii_alphanumeric()));
            if !lang_ok || !region_ok {
                return Err(FieldError::new("languages", "invalid_language"));
            }
            let norm = match region {
                Some(r) => format!("{}-{}", lang.to_lowercase(), r.to_uppercase()),
                None => lang.to_lowercase(),
            };
            if !out.contains(&norm) {
                out.push(norm);
            }
        }
        if out.is_empty() {
            return Err(FieldError::new("languages", "required"));
        }
        Ok(LanguageList(out))
    }
    pub fn as_slice(&self) -> &[String] {
        &self.0
    }
    pub fn into_vec(self) -> Vec<String> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emails() {
        assert_eq!(Email::parse(" Ana@Example.ORG ").unwrap().as_str(), "ana@example.org");
        for bad in ["", "ana", "ana@", "@x.org", "a@b", "a b@x.org", "a@@x.org", "a@x..org", "a@.x.org"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn password_policy() {
        assert_eq!(Password::parse("short").unwrap_err().code, "password_too_short");
        assert_eq!(Password::parse("password1234").unwrap_err().code, "password_common");
        assert_eq!(Password::parse("PASSWORD1234").unwrap_err().code, "password_common");
        assert_eq!(Password::parse("aaaaaaaaaaaaaaa").unwrap_err().code, "password_common");
        assert!(Password::parse("correct horse battery").is_ok());
        // Twelve characters counted as characters, not bytes.
        assert!(Password::parse("ééééééééééé").is_err());
        assert!(Password::parse("éléphant-rosé").is_ok());
    }

    #[test]
    fn languages_normalise_and_deduplicate() {
        let l = LanguageList::parse("FR, en ar,fr pt-br").unwrap();
        assert_eq!(l.as_slice(), ["fr", "en", "ar", "pt-BR"]);
        assert!(LanguageList::parse(" , ").is_err());
        assert!(LanguageList::parse("english").is_err());
    }

    proptest! {
        #[test]
        fn name_never_keeps_outer_space(s in "\\PC{0,250}") {
            match Name::parse("name", &s) {
                Ok(n) => {
                    prop_assert_eq!(n.as_str(), s.trim());
                    prop_assert!(!n.as_str().is_empty() && n.as_str().chars().count() <= Name::MAX);
                }
                Err(e) => prop_assert!(["required", "too_long", "invalid_characters"].contains(&e.code.as_str())),
            }
        }

        #[test]
        fn short_passwords_always_fail(s in "\\PC{0,11}") {
            prop_assert!(Password::parse(&s).is_err());
        }
    }
}
