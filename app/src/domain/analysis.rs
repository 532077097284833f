//! Analysis of a round: a codebook of themes on two levels, the moderation of what anonymous
//! respondents wrote before any of it is quoted, and the flags that tell a moderator a text may
//! identify someone.
use super::FieldError;
use std::collections::BTreeMap;

/// Why a contribution is kept out of publication.
pub const HIDE_REASONS: [&str; 5] = ["identifying", "offensive", "off_topic", "duplicate", "other"];
pub const MODERATION: [&str; 3] = ["pending", "approved", "hidden"];

/// Something in a text that may identify a person.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Flag {
    Email(String),
    Phone(String),
    /// A name from the register (an organisation or a contact person).
    Name(String),
}

/// The theme ids a coding form sent: trimmed, without blanks, sorted and each once.
pub fn codes(themes: &[String]) -> Vec<String> {
    let mut codes: Vec<String> = themes.iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect();
    codes.sort();
    codes.dedup();
    codes
}

/// The names free text is checked against (the register's organisations and contact persons), each
/// of four letters or more: lower-cased once into one automaton, so a text is read once whatever
/// the size of the register (not once per name).
#[derive(Clone, Debug, Default)]
pub struct Names {
    names: Vec<String>,
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl Names {
    pub fn new(names: &[String]) -> Names {
        let names: Vec<String> =
            names.iter().map(|n| n.trim()).filter(|n| n.chars().count() >= 4).map(str::to_string).collect();
        let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        let automaton = if lower.is_empty() { None } else { aho_corasick::AhoCorasick::new(&lower).ok() };
        Names { names, automaton }
    }
}

/// What in `text` looks identifying: e-mail addresses, phone numbers (seven digits or more, spaces
/// and dashes allowed), and any of `names` (case-insensitive, whole words).
pub fn identifying(text: &str, names: &Names) -> Vec<Flag> {
    let mut flags = vec![];
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | '<' | '>')) {
        let w = word.trim_matches(|c: char| matches!(c, '.' | ':' | '!' | '?' | '"' | '\''));
        if let Some((user, domain)) = w.split_once('@') {
            if !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') {
                flags.push(Flag::Email(w.to_string()));
            }
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() || (chars[i] == '+' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())) {
            let start = i;
            let mut digits = 0;
            let mut end = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit() || matches!(chars[i], ' ' | '-' | '.' | '+' | '(' | ')'))
            {
                if chars[i].is_ascii_digit() {
                    digits += 1;
                    end = i + 1;
                }
                i += 1;
            }
            if digits >= 7 {
                flags.push(Flag::Phone(chars[start..end].iter().collect()));
            }
        } else {
            i += 1;
        }
    }
    if let Some(automaton) = &names.automaton {
        let lower = text.to_lowercase();
        // Whole words only: a match may not run on into a letter or digit on either side.
        let mut found: Vec<usize> = automaton
            .find_overlapping_iter(&lower)
            .filter(|m| {
                let before = lower[..m.start()].chars().next_back();
                let after = lower[m.end()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            })
            .map(|m| m.pattern().as_usize())
            .collect();
        found.sort_unstable();
        for i in found {
            let flag = Flag::Name(names.names[i].clone());
            if !flags.contains(&flag) {
                flags.push(flag);
            }
        }
    }
    flags
}

/// A theme's label (or decision) per language, as typed: at least one language, 300 characters
/// at most each.
pub fn texts(
    field: &str,
    typed: &[(String, String)],
    languages: &[String],
    required: bool,
) -> Result<BTreeMap<String, String>, Vec<FieldError>> {
    let mut out = BTreeMap::new();
    let mut errors = vec![];
    for (lang, text) in typed {
        if !languages.contains(lang) {
            continue;
        }
        let t = text.trim();
        if t.chars().count() > 2000 {
            errors.push(FieldError::new(&format!("{field}_{lang}"), "too_long"));
        } else if !t.is_empty() {
            out.insert(lang.clone(), t.to_string());
        }
    }
    if required && out.is_empty() && errors.is_empty() {
        errors.push(FieldError::new(
            &format!("{field}_{}", languages.first().map(String::as_str).unwrap_or("en")),
            "required",
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_phones_and_register_names_are_flagged() {
        let names = vec!["Nordmark Refugee Council".to_string(), "Ana".to_string(), "Lina Haddad".to_string()];
        let f = identifying(
            "Call me on +33 6 12 34 56 78 or write to lina.h@example.org. Lina Haddad helped; Ana too. 2026 was hard.",
            &Names::new(&names),
        );
        assert!(f.contains(&Flag::Email("lina.h@example.org".into())), "{f:?}");
        assert!(f.contains(&Flag::Phone("+33 6 12 34 56 78".into())), "{f:?}");
        assert!(f.contains(&Flag::Name("Lina Haddad".into())));
        assert!(!f.iter().any(|x| matches!(x, Flag::Name(n) if n == "Ana")), "short names are not matched");
        assert_eq!(f.len(), 3, "a year is not a phone number: {f:?}");
        assert!(identifying("Les cours du soir à Nordmarkville", &Names::new(&["Nordmark Refugee Council".into()]))
            .is_empty());
        assert!(
            identifying("We asked the nordmark refugee council.", &Names::new(&["Nordmark Refugee Council".into()]))
                .len()
                == 1
        );
        // Names inside one another are each found; one that runs on into a word is not.
        let names = Names::new(&["Nordmark Council".into(), "Council of Nordmark".into(), "Mark Council".into()]);
        let f = identifying("The Council of Nordmark Council met.", &names);
        assert_eq!(f, [Flag::Name("Nordmark Council".into()), Flag::Name("Council of Nordmark".into())]);
    }

    #[test]
    fn a_label_needs_one_language_of_the_round() {
        let langs = vec!["en".to_string(), "ar".to_string()];
        assert!(texts("label", &[("en".into(), " ".into())], &langs, true).is_err());
        let ok = texts("label", &[("en".into(), "Housing".into()), ("xx".into(), "?".into())], &langs, true).unwrap();
        assert_eq!(ok.len(), 1);
        assert!(texts("decision", &[], &langs, false).unwrap().is_empty());
    }
}
