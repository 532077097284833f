//! How answers to a round's questionnaire read, for every page and export that shows them.
use crate::backend::repo::rounds::QuestionRow;
use crate::domain::round::{Answer, QuestionText, RATING_MAX};
use crate::i18n::Lang;

/// How one answer reads: the text, the options chosen, the rating, or the options in ranked order.
pub fn text(q: &QuestionText, v: &[String], lang: Lang) -> String {
    let opts = q.options_in(lang.code());
    let option = |i: &String| i.parse::<usize>().ok().and_then(|i| opts.get(i).cloned()).unwrap_or_default();
    match q.kind.as_str() {
        "text" => v.first().cloned().unwrap_or_default(),
        "rating" => format!("{} / {}", v.first().cloned().unwrap_or_default(), RATING_MAX),
        "ranking" => {
            v.iter().enumerate().map(|(i, o)| format!("{}. {}", i + 1, option(o))).collect::<Vec<_>>().join("; ")
        }
        _ => v.iter().map(option).collect::<Vec<_>>().join("; "),
    }
}

/// Each answer with its question, as they read in `lang` (answers to questions no longer in the
/// questionnaire are left out).
pub fn read(questions: &[QuestionRow], answers: &[Answer], lang: Lang) -> Vec<(String, String)> {
    answers
        .iter()
        .filter_map(|a| {
            let q = questions.iter().find(|q| q.id == a.q)?.text();
            Some((q.text_in(lang.code()).to_string(), text(&q, &a.v, lang)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_as_their_options() {
        let q = QuestionText {
            kind: "ranking".into(),
            required: false,
            text: [("en".to_string(), "Rank".to_string())].into(),
            options: [("en".to_string(), vec!["Jobs".to_string(), "Housing".to_string()])].into(),
        };
        assert_eq!(text(&q, &["1".into(), "0".into()], Lang::default()), "1. Housing; 2. Jobs");
        let rating = QuestionText { kind: "rating".into(), ..q };
        assert_eq!(text(&rating, &["4".into()], Lang::default()), "4 / 5");
    }
}
