//! Consultation rounds (WP3.1): their life cycle, their cascade down the levels, the questionnaire in
//! every language of the round, and the parsing of an anonymous submission.
use super::contact::is_date;
use super::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// The life of a round, in order.
pub const STATUSES: [&str; 5] = ["draft", "open", "closed", "analysed", "published"];
/// The languages a round may be run in (every public page speaks them; Arabic is right to left).
pub const LANGUAGES: [&str; 4] = ["en", "fr", "ar", "uk"];
pub const QUESTION_KINDS: [&str; 5] = ["text", "single", "multiple", "rating", "ranking"];
/// The coarse attributes a round may ask anonymous respondents for, each optional.
pub const ATTRIBUTES: [&str; 4] = ["stakeholder_type", "region", "age_band", "gender"];
pub const RESPONDENT_TYPES: [&str; 4] = ["migrant", "migrant_org", "cso", "other"];
pub const AGE_BANDS: [&str; 4] = ["under_25", "25_39", "40_59", "60_plus"];
pub const GENDERS: [&str; 3] = ["woman", "man", "other"];
/// The answer every attribute offers, and what an unanswered attribute counts as.
pub const PREFER_NOT: &str = "prefer_not";
/// Ratings run from 1 to this.
pub const RATING_MAX: u8 = 5;
/// The longest free-text answer or message, in characters.
pub const MAX_TEXT: usize = 5000;
/// The most questions a round holds.
pub const MAX_QUESTIONS: usize = 40;

/// Whether a round may go from `from` to `to`: one step forward at a time, never back.
pub fn can_move(from: &str, to: &str) -> bool {
    let pos = |s| STATUSES.iter().position(|x| *x == s);
    matches!((pos(from), pos(to)), (Some(a), Some(b)) if b == a + 1)
}

/// Whether anonymous counts may be shown: only once the round has closed, so nobody can watch one
/// submission change a figure.
pub fn counts_visible(status: &str) -> bool {
    matches!(status, "closed" | "analysed" | "published")
}

pub fn accepts_feedback(status: &str) -> bool {
    status == "open"
}

/// The options of a fixed attribute (the region's come from the round's scope).
pub fn attribute_options(attribute: &str) -> &'static [&'static str] {
    match attribute {
        "stakeholder_type" => &RESPONDENT_TYPES,
        "age_band" => &AGE_BANDS,
        "gender" => &GENDERS,
        _ => &[],
    }
}

/// A round as typed into its form.
#[derive(Clone, Debug, Default)]
pub struct RoundInput<'a> {
    pub title: &'a str,
    pub purpose: &'a str,
    pub languages: &'a [String],
    pub scope: &'a [String],
    pub audiences: &'a [String],
    pub attributes: &'a [String],
    pub opens: &'a str,
    pub closes: &'a str,
    pub deadline_local: &'a str,
    pub deadline_regional: &'a str,
    pub deadline_national: &'a str,
}

/// A valid round: dates are ISO days; the cascade runs upwards, municipalities answering first, then
/// regions consolidating, then the national level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Round {
    pub title: String,
    pub purpose: String,
    pub languages: Vec<String>,
    pub scope: Vec<String>,
    pub audiences: Vec<String>,
    pub attributes: Vec<String>,
    pub opens: String,
    pub closes: String,
    pub deadlines: BTreeMap<String, String>,
}

/// `values` kept in the order of `allowed`, without duplicates; an unknown value is an error.
fn subset(field: &str, values: &[String], allowed: &[&str], errors: &mut Vec<FieldError>) -> Vec<String> {
    if values.iter().any(|v| !allowed.contains(&v.as_str())) {
        errors.push(FieldError::new(field, "invalid_choice"));
    }
    allowed.iter().filter(|a| values.iter().any(|v| v == *a)).map(|a| a.to_string()).collect()
}

pub fn validate(input: &RoundInput<'_>, audiences: &[&str]) -> Result<Round, Vec<FieldError>> {
    let mut errors = vec![];
    let title = input.title.trim();
    if title.is_empty() {
        errors.push(FieldError::new("title", "required"));
    } else if title.chars().count() > 200 {
        errors.push(FieldError::new("title", "too_long"));
    }
    let purpose = input.purpose.trim();
    if purpose.chars().count() > MAX_TEXT {
        errors.push(FieldError::new("purpose", "too_long"));
    }
    let languages = subset("languages", input.languages, &LANGUAGES, &mut errors);
    if languages.is_empty() {
        errors.push(FieldError::new("languages", "required"));
    }
    let audiences = subset("audiences", input.audiences, audiences, &mut errors);
    let attributes = subset("attributes", input.attributes, &ATTRIBUTES, &mut errors);
    let mut scope: Vec<String> = input.scope.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
    scope.sort();
    scope.dedup();
    if scope.is_empty() {
        errors.push(FieldError::new("scope", "required"));
    }
    let date = |field: &str, v: &str, errors: &mut Vec<FieldError>| -> Option<String> {
        let v = v.trim();
        if v.is_empty() {
            errors.push(FieldError::new(field, "required"));
            None
        } else if !is_date(v) {
            errors.push(FieldError::new(field, "invalid_date"));
            None
        } else {
            Some(v.to_string())
        }
    };
    let opens = date("opens", input.opens, &mut errors);
    let closes = date("closes", input.closes, &mut errors);
    let mut deadlines = BTreeMap::new();
    let cascade = [
        ("deadline_local", "local", input.deadline_local),
        ("deadline_regional", "regional", input.deadline_regional),
        ("deadline_national", "national", input.deadline_national),
    ];
    let mut previous: Option<String> = opens.clone();
    for (field, level, raw) in cascade {
        let Some(d) = date(field, raw, &mut errors) else { continue };
        if previous.as_deref().is_some_and(|p| d.as_str() < p) {
            errors.push(FieldError::new(field, "before_previous_level"));
        }
        if closes.as_deref().is_some_and(|c| d.as_str() > c) {
            errors.push(FieldError::new(field, "after_close"));
        }
        previous = Some(d.clone());
        deadlines.insert(level.to_string(), d);
    }
    if let (Some(o), Some(c)) = (&opens, &closes) {
        if c < o {
            errors.push(FieldError::new("closes", "before_start"));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Round {
        title: title.to_string(),
        purpose: purpose.to_string(),
        languages,
        scope,
        audiences,
        attributes,
        opens: opens.unwrap_or_default(),
        closes: closes.unwrap_or_default(),
        deadlines,
    })
}

/// A question in every language of its round: `text` and `options` are keyed by language code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct QuestionText {
    pub kind: String,
    pub required: bool,
    pub text: BTreeMap<String, String>,
    pub options: BTreeMap<String, Vec<String>>,
}

impl QuestionText {
    pub fn has_options(&self) -> bool {
        matches!(self.kind.as_str(), "single" | "multiple" | "ranking")
    }

    /// How many options it offers (the most any language lists).
    pub fn option_count(&self) -> usize {
        self.options.values().map(Vec::len).max().unwrap_or(0)
    }

    /// The languages of `languages` it is not yet written in: no text, or not every option.
    pub fn missing(&self, languages: &[String]) -> Vec<String> {
        let n = self.option_count();
        languages
            .iter()
            .filter(|l| {
                self.text.get(*l).is_none_or(|t| t.trim().is_empty())
                    || (self.has_options()
                        && self.options.get(*l).is_none_or(|o| o.len() != n || o.iter().any(|x| x.trim().is_empty())))
            })
            .cloned()
            .collect()
    }

    /// The text in `lang`, else in the first language that has one.
    pub fn text_in(&self, lang: &str) -> &str {
        self.text.get(lang).or_else(|| self.text.values().next()).map(String::as_str).unwrap_or("")
    }

    pub fn options_in(&self, lang: &str) -> Vec<String> {
        let n = self.option_count();
        (0..n)
            .map(|i| {
                self.options
                    .get(lang)
                    .and_then(|o| o.get(i))
                    .filter(|t| !t.trim().is_empty())
                    .or_else(|| self.options.values().find_map(|o| o.get(i)))
                    .cloned()
                    .unwrap_or_default()
            })
            .collect()
    }
}

/// A question as typed: per language, its text and its options one per line.
#[derive(Clone, Debug, Default)]
pub struct QuestionInput<'a> {
    pub kind: &'a str,
    pub required: bool,
    pub texts: &'a [(String, String)],
    pub options: &'a [(String, String)],
}

/// Validates a question: its kind, and options where the kind needs them (two or more, the same
/// number in each language written). Translations may still be missing: opening the round checks them.
pub fn validate_question(input: &QuestionInput<'_>, languages: &[String]) -> Result<QuestionText, Vec<FieldError>> {
    let mut errors = vec![];
    if !QUESTION_KINDS.contains(&input.kind) {
        errors.push(FieldError::new("kind", "invalid_choice"));
    }
    let mut q = QuestionText { kind: input.kind.to_string(), required: input.required, ..Default::default() };
    for (lang, text) in input.texts {
        if !languages.contains(lang) {
            continue;
        }
        let t = text.trim();
        if t.chars().count() > 1000 {
            errors.push(FieldError::new(&format!("text_{lang}"), "too_long"));
        }
        if !t.is_empty() {
            q.text.insert(lang.clone(), t.to_string());
        }
    }
    if q.text.is_empty() {
        errors.push(FieldError::new(
            &format!("text_{}", languages.first().map(String::as_str).unwrap_or("en")),
            "required",
        ));
    }
    if q.has_options() {
        for (lang, lines) in input.options {
            if !languages.contains(lang) {
                continue;
            }
            let opts: Vec<String> =
                lines.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
            if !opts.is_empty() {
                q.options.insert(lang.clone(), opts);
            }
        }
        let counts: Vec<usize> = q.options.values().map(Vec::len).collect();
        let field = format!("options_{}", languages.first().map(String::as_str).unwrap_or("en"));
        if counts.iter().all(|&n| n < 2) {
            errors.push(FieldError::new(&field, "two_options"));
        } else if counts.windows(2).any(|w| w[0] != w[1]) {
            errors.push(FieldError::new(&field, "options_differ"));
        } else if counts.first().is_some_and(|&n| n > 20) {
            errors.push(FieldError::new(&field, "too_many"));
        }
    }
    if errors.is_empty() {
        Ok(q)
    } else {
        Err(errors)
    }
}

/// The questionnaire a new round starts with: the three inputs the source asks for (priorities,
/// potential actions, risks), in every language a round may use.
pub fn default_template() -> Vec<QuestionText> {
    let q = |texts: [&str; 4]| QuestionText {
        kind: "text".into(),
        required: false,
        text: LANGUAGES.iter().zip(texts).map(|(l, t)| (l.to_string(), t.to_string())).collect(),
        options: BTreeMap::new(),
    };
    vec![
        q([
            "What should the priorities be for the integration of migrants where you live?",
            "Quelles devraient être les priorités pour l'intégration des personnes migrantes là où vous vivez ?",
            "ما الأولويات التي ينبغي اعتمادها لإدماج المهاجرين في المكان الذي تعيش فيه؟",
            "Якими мають бути пріоритети інтеграції мігрантів там, де ви живете?",
        ]),
        q([
            "Which actions could help? Describe what could be done, and by whom.",
            "Quelles actions pourraient aider ? Décrivez ce qui pourrait être fait, et par qui.",
            "ما الإجراءات التي يمكن أن تساعد؟ صِف ما يمكن فعله ومن يقوم به.",
            "Які дії могли б допомогти? Опишіть, що можна зробити і ким.",
        ]),
        q([
            "What risks or obstacles do you see?",
            "Quels risques ou obstacles voyez-vous ?",
            "ما المخاطر أو العقبات التي تراها؟",
            "Які ризики чи перешкоди ви бачите?",
        ]),
    ]
}

/// One answer: the question's id and its values (the text; the option numbers chosen, from 0; the
/// rating; or the option numbers in ranked order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct Answer {
    pub q: String,
    pub v: Vec<String>,
}

/// Reads a questionnaire's answers from a posted form: `q_<id>` (repeated for multiple choice), and
/// `q_<id>_<option>` = rank for a ranking. Errors name the question's field.
pub fn parse_answers(
    questions: &[(String, QuestionText)],
    form: &[(String, String)],
) -> Result<Vec<Answer>, Vec<FieldError>> {
    let mut errors = vec![];
    let mut answers = vec![];
    for (id, q) in questions {
        let field = format!("q_{id}");
        let values: Vec<&str> =
            form.iter().filter(|(k, _)| *k == field).map(|(_, v)| v.trim()).filter(|v| !v.is_empty()).collect();
        let n = q.option_count();
        let option = |v: &str| v.parse::<usize>().ok().filter(|i| *i < n);
        let parsed: Result<Vec<String>, &str> = match q.kind.as_str() {
            "text" => match values.first() {
                Some(t) if t.chars().count() > MAX_TEXT => Err("too_long"),
                Some(t) => Ok(vec![t.to_string()]),
                None => Ok(vec![]),
            },
            "single" => match values.as_slice() {
                [] => Ok(vec![]),
                [v] => option(v).map(|i| vec![i.to_string()]).ok_or("invalid_choice"),
                _ => Err("invalid_choice"),
            },
            "multiple" => {
                let mut chosen: Vec<usize> = values.iter().filter_map(|v| option(v)).collect();
                if chosen.len() != values.len() {
                    Err("invalid_choice")
                } else {
                    chosen.sort_unstable();
                    chosen.dedup();
                    Ok(chosen.iter().map(usize::to_string).collect())
                }
            }
            "rating" => match values.as_slice() {
                [] => Ok(vec![]),
                [v] => v
                    .parse::<u8>()
                    .ok()
                    .filter(|r| (1..=RATING_MAX).contains(r))
                    .map(|r| vec![r.to_string()])
                    .ok_or("invalid_choice"),
                _ => Err("invalid_choice"),
            },
            "ranking" => {
                let ranks: Vec<Option<usize>> = (0..n)
                    .map(|i| {
                        form.iter()
                            .find(|(k, _)| *k == format!("{field}_{i}"))
                            .map(|(_, v)| v.trim())
                            .filter(|v| !v.is_empty())
                            .and_then(|v| v.parse::<usize>().ok())
                    })
                    .collect();
                let given: Vec<(usize, usize)> =
                    ranks.iter().enumerate().filter_map(|(i, r)| r.map(|r| (r, i))).collect();
                if given.is_empty() {
                    Ok(vec![])
                } else {
                    let mut sorted: Vec<usize> = given.iter().map(|(r, _)| *r).collect();
                    sorted.sort_unstable();
                    if sorted != (1..=given.len()).collect::<Vec<_>>() {
                        Err("ranks_in_order")
                    } else {
                        let mut by_rank = given;
                        by_rank.sort_unstable();
                        Ok(by_rank.into_iter().map(|(_, i)| i.to_string()).collect())
                    }
                }
            }
            _ => Err("invalid_choice"),
        };
        match parsed {
            Err(code) => errors.push(FieldError::new(&field, code)),
            Ok(v) if v.is_empty() && q.required => errors.push(FieldError::new(&field, "required")),
            Ok(v) if v.is_empty() => {}
            Ok(v) => answers.push(Answer { q: id.clone(), v }),
        }
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// Reads a draft's answers: like [`parse_answers`], but a draft may leave required questions out.
pub fn parse_draft(
    questions: &[(String, QuestionText)],
    form: &[(String, String)],
) -> Result<Vec<Answer>, Vec<FieldError>> {
    let relaxed: Vec<(String, QuestionText)> =
        questions.iter().map(|(id, q)| (id.clone(), QuestionText { required: false, ..q.clone() })).collect();
    parse_answers(&relaxed, form)
}

/// Whether an attributed input at a level with `deadline` may still be written on `today`: the round
/// is open and the level's deadline has not passed.
pub fn input_open(status: &str, deadline: Option<&str>, today: &str) -> bool {
    status == "open" && deadline.is_none_or(|d| today <= d)
}

/// Reads the attributes the round asks for (`attr_<name>`); an unanswered one is "prefer not to say".
/// `regions` are the region choices (codes) of the round's scope.
pub fn parse_attributes(
    asked: &[String],
    regions: &[String],
    form: &[(String, String)],
) -> Result<BTreeMap<String, String>, Vec<FieldError>> {
    let mut errors = vec![];
    let mut out = BTreeMap::new();
    for a in asked {
        let field = format!("attr_{a}");
        let v = form.iter().find(|(k, _)| *k == field).map(|(_, v)| v.trim()).filter(|v| !v.is_empty());
        let v = v.unwrap_or(PREFER_NOT);
        let ok = v == PREFER_NOT
            || if a == "region" { regions.iter().any(|r| r == v) } else { attribute_options(a).contains(&v) };
        if ok {
            out.insert(a.clone(), v.to_string());
        } else {
            errors.push(FieldError::new(&field, "invalid_choice"));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The most forms one paper batch may hold.
pub const PAPER_BATCH_MAX: usize = 10_000;

/// The columns of a batch of transcribed paper forms: `q1`…`qN` for the questionnaire's questions in
/// order, then the round's attributes by name.
pub fn paper_columns(questions: &[(String, QuestionText)], attributes: &[String]) -> Vec<String> {
    (1..=questions.len()).map(|i| format!("q{i}")).chain(attributes.iter().cloned()).collect()
}

/// One transcribed paper form: its answers and attributes, as the public form would have posted them.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct PaperForm {
    pub answers: Vec<Answer>,
    pub attributes: BTreeMap<String, String>,
}

/// Reads a batch of transcribed paper forms, one per row (see [`paper_columns`]). A cell holds what
/// the form says: for a choice, the option's number (from 1) or its text in any of the round's
/// languages, several separated by `;`; for a rating, 1 to 5; for a ranking, the option numbers in
/// ranked order (`3;1;2`); for free text, the text; for an attribute, its code (empty: prefer not to
/// say). Every row then goes through the public form's own parsers, so a paper form obeys exactly
/// the online form's rules. Errors name the row and the column; any error refuses the whole batch.
/// Answers the forms and the file's columns that were not read.
pub fn paper_batch(
    questions: &[(String, QuestionText)],
    attributes: &[String],
    regions: &[String],
    table: &super::table::Table,
) -> Result<(Vec<PaperForm>, Vec<String>), Vec<FieldError>> {
    let keys: Vec<String> = table.header.iter().map(|h| super::table::column_key(h)).collect();
    let columns = paper_columns(questions, attributes);
    let mut errors: Vec<FieldError> = columns
        .iter()
        .take(questions.len())
        .filter(|c| !keys.contains(c))
        .map(|c| FieldError::new(c, "csv_missing_column").at_row(1))
        .collect();
    if table.rows.len() > PAPER_BATCH_MAX {
        errors.push(FieldError::new("file", "too_many_rows"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let at = |col: &str| keys.iter().position(|k| k == col);
    let surplus =
        table.header.iter().zip(&keys).filter(|(_, k)| !columns.contains(k)).map(|(h, _)| h.clone()).collect();
    let mut forms = vec![];
    for (line, row) in &table.rows {
        let cell = |col: &str| at(col).and_then(|i| row.get(i)).map(|c| c.trim()).unwrap_or("");
        let mut form: Vec<(String, String)> = vec![];
        let mut row_errors: Vec<FieldError> = vec![];
        for (i, (id, q)) in questions.iter().enumerate() {
            let col = format!("q{}", i + 1);
            let value = cell(&col);
            let field = format!("q_{id}");
            let option = |part: &str| -> Option<usize> {
                let n = q.option_count();
                match part.parse::<usize>() {
                    Ok(k) => (1..=n).contains(&k).then(|| k - 1),
                    Err(_) => {
                        q.options.values().find_map(|o| o.iter().position(|t| t.trim().eq_ignore_ascii_case(part)))
                    }
                }
            };
            let parts = || value.split(';').map(str::trim).filter(|p| !p.is_empty());
            match q.kind.as_str() {
                "single" | "multiple" => {
                    for part in parts() {
                        match option(part) {
                            Some(i) => form.push((field.clone(), i.to_string())),
                            None => row_errors.push(FieldError::new(&col, "invalid_choice").at_row(*line)),
                        }
                    }
                }
                "ranking" => {
                    let mut seen = vec![];
                    for (rank, part) in parts().enumerate() {
                        match option(part) {
                            Some(i) if seen.contains(&i) => {
                                row_errors.push(FieldError::new(&col, "ranks_in_order").at_row(*line))
                            }
                            Some(i) => {
                                seen.push(i);
                                form.push((format!("{field}_{i}"), (rank + 1).to_string()))
                            }
                            None => row_errors.push(FieldError::new(&col, "invalid_choice").at_row(*line)),
                        }
                    }
                }
                _ => form.push((field, value.to_string())),
            }
        }
        for a in attributes {
            form.push((format!("attr_{a}"), cell(a).to_string()));
        }
        // The public form's own rules, with their errors moved to the file's columns.
        let column_of = |f: &FieldError| -> String {
            if let Some(id) = f.field.strip_prefix("q_") {
                let id = id.split('_').next().unwrap_or(id);
                if let Some(i) = questions.iter().position(|(q, _)| q == id) {
                    return format!("q{}", i + 1);
                }
            }
            f.field.strip_prefix("attr_").unwrap_or(&f.field).to_string()
        };
        let parsed = (parse_answers(questions, &form), parse_attributes(attributes, regions, &form));
        match parsed {
            (Ok(answers), Ok(attributes)) if row_errors.is_empty() => {
                if answers.is_empty() {
                    errors.push(FieldError::new("answers", "nothing_answered").at_row(*line));
                } else {
                    forms.push(PaperForm { answers, attributes });
                }
            }
            (a, b) => {
                for e in a.err().unwrap_or_default().into_iter().chain(b.err().unwrap_or_default()) {
                    let col = column_of(&e);
                    if !row_errors.iter().any(|r| r.field == col) {
                        row_errors.push(FieldError::new(&col, &e.code).at_row(*line));
                    }
                }
                errors.extend(row_errors);
            }
        }
    }
    if errors.is_empty() {
        Ok((forms, surplus))
    } else {
        Err(errors)
    }
}

/// Receipt codes: 16 characters of Crockford's base32 (80 bits), written in four groups.
pub const RECEIPT_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Formats 10 random bytes as a receipt code (`XXXX-XXXX-XXXX-XXXX`).
pub fn receipt_code(bytes: [u8; 10]) -> String {
    let mut bits: u128 = 0;
    for b in bytes {
        bits = (bits << 8) | b as u128;
    }
    let chars: Vec<char> = (0..16).rev().map(|i| RECEIPT_ALPHABET[((bits >> (i * 5)) & 31) as usize] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A typed receipt code in its canonical form (the 16 characters, without separators), forgiving
/// case, spaces, dashes and the letters people confuse with digits; `None` when it cannot be one.
pub fn normalise_receipt(typed: &str) -> Option<String> {
    let out: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (out.len() == 16 && out.bytes().all(|b| RECEIPT_ALPHABET.contains(&b))).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_round_moves_one_step_forward_only() {
        assert!(can_move("draft", "open"));
        assert!(can_move("open", "closed"));
        assert!(can_move("analysed", "published"));
        assert!(!can_move("draft", "closed"));
        assert!(!can_move("closed", "open"));
        assert!(!can_move("published", "draft"));
        assert!(!can_move("open", "nonsense"));
        assert!(counts_visible("closed") && !counts_visible("open") && !counts_visible("draft"));
    }

    #[test]
    fn the_cascade_runs_upwards_within_the_round() {
        let (langs, scope) = (s(&["en", "ar"]), s(&["FR"]));
        let ok = RoundInput {
            title: " Round 1 ",
            languages: &langs,
            scope: &scope,
            opens: "2027-01-10",
            closes: "2027-03-31",
            deadline_local: "2027-02-15",
            deadline_regional: "2027-03-01",
            deadline_national: "2027-03-31",
            ..Default::default()
        };
        let r = validate(&ok, &["cso"]).unwrap();
        assert_eq!(r.title, "Round 1");
        assert_eq!(r.deadlines["regional"], "2027-03-01");
        let bad = RoundInput { deadline_regional: "2027-02-01", deadline_national: "2027-04-02", ..ok.clone() };
        let e = validate(&bad, &["cso"]).unwrap_err();
        assert!(e.contains(&FieldError::new("deadline_regional", "before_previous_level")), "{e:?}");
        assert!(e.contains(&FieldError::new("deadline_national", "after_close")), "{e:?}");
        let langs = s(&["en", "xx"]);
        let e = validate(&RoundInput { languages: &langs, ..ok }, &["cso"]).unwrap_err();
        assert!(e.contains(&FieldError::new("languages", "invalid_choice")));
    }

    #[test]
    fn translations_must_be_complete_to_open() {
        let langs = s(&["en", "fr"]);
        let texts = vec![("en".to_string(), "Which?".to_string())];
        let options = vec![("en".to_string(), "A\nB".to_string()), ("fr".to_string(), "A".to_string())];
        let input = QuestionInput { kind: "single", required: true, texts: &texts, options: &options };
        assert_eq!(
            validate_question(&input, &langs).unwrap_err(),
            vec![FieldError::new("options_en", "options_differ")]
        );
        let options = vec![("en".to_string(), "A\nB".to_string())];
        let q = validate_question(&QuestionInput { options: &options, ..input }, &langs).unwrap();
        assert_eq!(q.missing(&langs), vec!["fr".to_string()]);
        assert!(default_template().iter().all(|q| q.missing(&s(&LANGUAGES)).is_empty()));
    }

    #[test]
    fn answers_are_parsed_by_kind() {
        let q = |kind: &str, required: bool, n: usize| QuestionText {
            kind: kind.into(),
            required,
            text: [("en".to_string(), "?".to_string())].into(),
            options: [("en".to_string(), (0..n).map(|i| format!("o{i}")).collect())].into(),
        };
        let qs = vec![
            ("a".to_string(), q("text", true, 0)),
            ("b".to_string(), q("single", false, 3)),
            ("c".to_string(), q("multiple", false, 3)),
            ("d".to_string(), q("rating", false, 0)),
            ("e".to_string(), q("ranking", false, 3)),
        ];
        let form =
            |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        let ok = parse_answers(
            &qs,
            &form(&[
                ("q_a", "More language classes"),
                ("q_b", "2"),
                ("q_c", "2"),
                ("q_c", "0"),
                ("q_d", "4"),
                ("q_e_0", "2"),
                ("q_e_1", "3"),
                ("q_e_2", "1"),
            ]),
        )
        .unwrap();
        assert_eq!(ok[2], Answer { q: "c".into(), v: s(&["0", "2"]) });
        assert_eq!(ok[4], Answer { q: "e".into(), v: s(&["2", "0", "1"]) });
        let e = parse_answers(&qs, &form(&[("q_b", "3"), ("q_d", "6"), ("q_e_0", "1"), ("q_e_1", "1")])).unwrap_err();
        assert_eq!(
            e,
            vec![
                FieldError::new("q_a", "required"),
                FieldError::new("q_b", "invalid_choice"),
                FieldError::new("q_d", "invalid_choice"),
                FieldError::new("q_e", "ranks_in_order"),
            ]
        );
    }

    #[test]
    fn inputs_close_at_their_level_deadline() {
        assert!(input_open("open", Some("2027-03-01"), "2027-03-01"));
        assert!(!input_open("open", Some("2027-03-01"), "2027-03-02"));
        assert!(!input_open("closed", Some("2027-03-01"), "2027-02-01"));
        assert!(!input_open("draft", None, "2027-02-01"));
    }

    #[test]
    fn attributes_default_to_prefer_not_and_reject_unknown_values() {
        let asked = s(&["gender", "region"]);
        let form = vec![("attr_region".to_string(), "FR-IDF".to_string())];
        let a = parse_attributes(&asked, &s(&["FR-IDF"]), &form).unwrap();
        assert_eq!(a["gender"], PREFER_NOT);
        assert_eq!(a["region"], "FR-IDF");
        let form = vec![("attr_gender".to_string(), "robot".to_string())];
        assert!(parse_attributes(&asked, &[], &form).is_err());
    }

    #[test]
    fn receipt_codes_round_trip_and_forgive_typing() {
        let code = receipt_code([0xff, 0, 1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(code.len(), 19);
        let canonical = normalise_receipt(&code).unwrap();
        assert_eq!(normalise_receipt(&code.to_lowercase().replace('-', " ")), Some(canonical.clone()));
        assert_eq!(normalise_receipt("ABC"), None);
        assert_eq!(normalise_receipt("OOOO-IIII-LLLL-0000"), Some("0000111111110000".into()));
    }

    #[test]
    fn paper_forms_are_read_by_the_public_form_s_rules_with_errors_by_row_and_column() {
        let q = |kind: &str, required: bool, opts: &[&str]| QuestionText {
            kind: kind.into(),
            required,
            text: [("en".to_string(), "?".to_string())].into(),
            options: [
                ("en".to_string(), opts.iter().map(|o| o.to_string()).collect()),
                ("fr".to_string(), opts.iter().map(|o| format!("{o} (fr)")).collect()),
            ]
            .into(),
        };
        let qs = vec![
            ("a".to_string(), q("text", true, &[])),
            ("b".to_string(), q("single", false, &["Housing", "Work", "Health"])),
            ("c".to_string(), q("multiple", false, &["Housing", "Work", "Health"])),
            ("d".to_string(), q("rating", false, &[])),
            ("e".to_string(), q("ranking", false, &["Housing", "Work", "Health"])),
        ];
        let attrs = s(&["gender", "region"]);
        let regions = s(&["XA-NO"]);
        let table = |rows: &[&[&str]]| crate::domain::table::Table {
            header: s(&["Q1", "q2", "q3", "q4", "q5", "gender", "region", "remarks"]),
            rows: rows.iter().enumerate().map(|(i, r)| (i as u32 + 2, s(r))).collect(),
        };
        let (forms, surplus) = paper_batch(
            &qs,
            &attrs,
            &regions,
            &table(&[&["Evening classes", "work (fr)", "3; 1", "4", "2;3;1", "woman", "XA-NO", "smudged"]]),
        )
        .unwrap();
        assert_eq!(surplus, s(&["remarks"]));
        let f = &forms[0];
        let v = |q: &str| f.answers.iter().find(|a| a.q == q).map(|a| a.v.clone()).unwrap_or_default();
        assert_eq!(v("a"), s(&["Evening classes"]));
        assert_eq!(v("b"), s(&["1"]), "an option's text in any of the round's languages");
        assert_eq!(v("c"), s(&["0", "2"]));
        assert_eq!(v("d"), s(&["4"]));
        assert_eq!(v("e"), s(&["1", "2", "0"]), "ranked order as written");
        assert_eq!(f.attributes.get("region").map(String::as_str), Some("XA-NO"));
        // Every bad cell of every row is named; nothing is taken from a batch with an error.
        let errors = paper_batch(
            &qs,
            &attrs,
            &regions,
            &table(&[&["", "7", "", "9", "", "", "", ""], &["ok", "Work", "", "", "1;1", "robot", "ZZ", ""]]),
        )
        .unwrap_err();
        let got: Vec<(String, String, Option<u32>)> = errors.into_iter().map(|e| (e.field, e.code, e.row)).collect();
        let want = |f: &str, c: &str, r: u32| (f.to_string(), c.to_string(), Some(r));
        assert!(got.contains(&want("q1", "required", 2)), "{got:?}");
        assert!(got.contains(&want("q2", "invalid_choice", 2)), "{got:?}");
        assert!(got.contains(&want("q4", "invalid_choice", 2)), "{got:?}");
        assert!(got.contains(&want("q5", "ranks_in_order", 3)), "{got:?}");
        assert!(got.contains(&want("gender", "invalid_choice", 3)), "{got:?}");
        assert!(got.contains(&want("region", "invalid_choice", 3)), "{got:?}");
        // A question without its column refuses the file at its header.
        let mut no_q5 = table(&[&["x", "", "", "", "", "", "", ""]]);
        no_q5.header[4] = "other".into();
        assert_eq!(paper_batch(&qs, &attrs, &regions, &no_q5).unwrap_err()[0].field, "q5");
    }
}
