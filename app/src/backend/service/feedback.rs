//! The anonymous channel: a round's public form, a submission, and the receipt that lets its author
//! come back. No account, no cookie, and nothing about the client is kept: the address only ever
//! becomes an in-memory rate-limit key under a secret that rotates hourly ([`RotatingKeys`]), and
//! is neither stored, logged nor traced. Submissions keep the day, never the time.
//!
//! [`RotatingKeys`]: crate::backend::auth::rate_limit::RotatingKeys
use super::bodies::today;
use crate::backend::auth::password::new_salt;
use crate::backend::repo::rounds::{self as repo, NewFeedback};
use crate::backend::repo::Tx;
use crate::backend::AppState;
use crate::domain::round::{self, normalise_receipt, receipt_code};
use crate::domain::FieldError;
use crate::error::AppError;
use crate::wire::rounds::{Message, PublicRound, Results};
use std::net::IpAddr;

/// A round as its public pages show it; `None` for an unknown link.
pub async fn public_round(state: &AppState, token: &str) -> Result<Option<PublicRound>, AppError> {
    let Some((r, regions, questions)) = super::round_cache::public(state, token).await?.map(|r| r.as_ref().clone())
    else {
        return Ok(None);
    };
    Ok(Some(PublicRound {
        token: r.token,
        title: r.title,
        purpose: r.purpose,
        status: r.status,
        closes: r.closes,
        languages: r.languages,
        attributes: r.attributes,
        regions,
        questions: questions.iter().map(|q| (q.id.clone(), q.text())).collect(),
    }))
}

/// A round's public form as respondents will see it, in any status (a draft's translations are
/// checked here before it opens); for those who run rounds.
pub async fn preview(
    state: &AppState,
    ctx: &crate::backend::auth::Ctx,
    programme_id: &str,
    round_id: &str,
) -> Result<PublicRound, AppError> {
    use super::authz::{self, Action};
    let grant = authz::require(state, ctx, Action::ManageRounds, programme_id).await?;
    let (r, _, _) = super::round_cache::round(state, &grant, round_id).await?.as_ref().clone();
    public_round(state, &r.token).await?.ok_or(AppError::NotFound)
}

/// Enters a batch of transcribed paper forms (CSV or XLSX through the one import path) into an open
/// round's anonymous channel: every row is read by the public form's rules first (errors by row and
/// column, nothing written), then all go in one transaction. The audit log records only that a
/// batch of N forms was entered; nothing links the person who typed them to any submission.
pub async fn import_paper(
    state: &AppState,
    ctx: &crate::backend::auth::Ctx,
    programme_id: &str,
    round_id: &str,
    file: &[u8],
) -> Result<crate::domain::table::ImportOutcome, AppError> {
    use super::authz::{self, Action};
    let grant = authz::require(state, ctx, Action::ManageRounds, programme_id).await?;
    let (r, scope, questions) = repo::get(&state.db, &grant, round_id).await?.ok_or(AppError::NotFound)?;
    if !round::accepts_feedback(&r.status) {
        return Err(AppError::validation(vec![FieldError::new("file", "round_not_open")]));
    }
    let table = crate::backend::import::read(file)?;
    let questions: Vec<(String, round::QuestionText)> = questions.iter().map(|q| (q.id.clone(), q.text())).collect();
    let regions: Vec<String> = super::rounds::regions_of(&scope).into_iter().map(|p| p.code).collect();
    let (forms, surplus) =
        round::paper_batch(&questions, &r.attributes, &regions, &table).map_err(AppError::validation)?;
    let added = forms.len() as u32;
    crate::backend::repo::Tx::new()
        .with(repo::add_paper(&r.id, &today(), forms))
        .with(super::audit::Audit::of(ctx).write(
            Some(programme_id),
            "feedback.paper_batch",
            format!("round:{}", r.id),
            format!("{added} forms"),
        ))
        .commit(&state.db)
        .await
        .map_err(|e| {
            if crate::backend::repo::write::thrown(&e, "round_not_open") {
                AppError::validation(vec![FieldError::new("file", "round_not_open")])
            } else {
                e.into()
            }
        })?;
    Ok(crate::domain::table::ImportOutcome { added, updated: 0, unchanged: 0, surplus })
}

/// What the paper-forms page shows: the batch's columns, each with what its cell may hold.
pub async fn paper_sheet(
    state: &AppState,
    ctx: &crate::backend::auth::Ctx,
    programme_id: &str,
    round_id: &str,
    lang: crate::i18n::Lang,
) -> Result<crate::wire::rounds::PaperSheet, AppError> {
    use super::authz::{self, Action};
    use crate::wire::rounds::{PaperColumn, PaperSheet};
    let grant = authz::require(state, ctx, Action::ManageRounds, programme_id).await?;
    let (r, scope, questions) = super::round_cache::round(state, &grant, round_id).await?.as_ref().clone();
    let mut columns: Vec<PaperColumn> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let text = q.text();
            PaperColumn {
                name: format!("q{}", i + 1),
                label: text.text_in(lang.code()).to_string(),
                required: text.required,
                choices: text
                    .options_in(lang.code())
                    .into_iter()
                    .enumerate()
                    .map(|(i, o)| format!("{} = {o}", i + 1))
                    .collect(),
                kind: text.kind,
            }
        })
        .collect();
    for a in &r.attributes {
        let choices = super::rounds::attribute_values(a, &super::rounds::regions_of(&scope), lang)
            .into_iter()
            .map(|(code, label)| format!("{code} = {label}"))
            .collect();
        columns.push(PaperColumn {
            name: a.clone(),
            label: lang.t(&format!("attr.{a}")).to_string(),
            required: false,
            kind: "attribute".into(),
            choices,
        });
    }
    Ok(PaperSheet { id: r.id, title: r.title, status: r.status, columns })
}

/// The empty sheet a batch of paper forms is typed into: its columns, in order (see
/// [`import_paper`]).
pub async fn paper_template(
    state: &AppState,
    ctx: &crate::backend::auth::Ctx,
    programme_id: &str,
    round_id: &str,
) -> Result<crate::backend::export::Sheet, AppError> {
    use super::authz::{self, Action};
    let grant = authz::require(state, ctx, Action::ManageRounds, programme_id).await?;
    let (r, _, questions) = super::round_cache::round(state, &grant, round_id).await?.as_ref().clone();
    let questions: Vec<(String, round::QuestionText)> = questions.iter().map(|q| (q.id.clone(), q.text())).collect();
    Ok(crate::backend::export::Sheet {
        name: "paper forms".into(),
        headers: round::paper_columns(&questions, &r.attributes),
        rows: vec![],
    })
}

/// The receipt salt, made on first use.
async fn salt(state: &AppState) -> Result<String, AppError> {
    Ok(repo::receipt_salt(&state.db, new_salt()).await?)
}

/// Records one anonymous submission from a posted form; with `want_receipt`, answers the receipt
/// code, which is shown once and kept only as its slow hash.
pub async fn submit(
    state: &AppState,
    token: &str,
    form: &[(String, String)],
    want_receipt: bool,
    client: Option<IpAddr>,
) -> Result<Option<String>, AppError> {
    let key = state.limits.anonymous_keys.key(client);
    if !state.limits.feedback_per_client.try_hit(&key) {
        return Err(AppError::RateLimited);
    }
    let (r, regions, questions) = repo::by_token(&state.db, token).await?.ok_or(AppError::NotFound)?;
    if !round::accepts_feedback(&r.status) {
        return Err(AppError::validation(vec![FieldError::new("round", "round_not_open")]));
    }
    let questions: Vec<(String, round::QuestionText)> = questions.iter().map(|q| (q.id.clone(), q.text())).collect();
    let regions: Vec<String> = regions.iter().map(|p| p.code.clone()).collect();
    let answers = round::parse_answers(&questions, form);
    let attributes = round::parse_attributes(&r.attributes, &regions, form);
    let (answers, attributes) = match (answers, attributes) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            let mut fields = a.err().unwrap_or_default();
            fields.extend(b.err().unwrap_or_default());
            return Err(AppError::validation(fields));
        }
    };
    if answers.is_empty() {
        return Err(AppError::validation(vec![FieldError::new("answers", "nothing_answered")]));
    }
    let (code, hash) = if want_receipt {
        let mut bytes = [0u8; 10];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        let code = receipt_code(bytes);
        let canonical = normalise_receipt(&code).unwrap_or_default();
        let hash = state.hasher.hash_with_salt_async(canonical, salt(state).await?).await?;
        (Some(code), Some(hash))
    } else {
        (None, None)
    };
    let write = repo::add_feedback(&NewFeedback {
        round_id: &r.id,
        day: &today(),
        channel: "online",
        answers: &answers,
        attributes: &attributes,
        receipt: hash.as_deref(),
    });
    // No audit record: an audit entry would tie a time and a session to the submission.
    Tx::new().with(write).commit(&state.db).await.map_err(|e| {
        if crate::backend::repo::write::thrown(&e, "round_not_open") {
            AppError::validation(vec![FieldError::new("round", "round_not_open")])
        } else {
            e.into()
        }
    })?;
    Ok(code)
}

/// What a receipt holder reads: their answers as they gave them, and the exchange.
#[derive(Clone, Debug)]
pub struct Receipt {
    /// The round's id (server-side only).
    pub round_id: String,
    pub answers: Vec<(String, String)>,
    pub thread: Vec<Message>,
}

/// Finds a submission by its receipt code. Look-ups are limited per client key, and wrong codes in
/// all, so guessing an 80-bit code is hopeless; a wrong code and an unknown round look the same.
pub async fn lookup(
    state: &AppState,
    token: &str,
    typed: &str,
    client: Option<IpAddr>,
    lang: crate::i18n::Lang,
) -> Result<(String, Receipt), AppError> {
    let key = state.limits.anonymous_keys.key(client);
    if !state.limits.receipt_per_client.try_hit(&key) {
        return Err(AppError::RateLimited);
    }
    if !state.limits.receipt_wrong_overall.try_hit("all") {
        return Err(AppError::RateLimited);
    }
    let wrong = || AppError::validation(vec![FieldError::new("code", "receipt_unknown")]);
    let canonical = normalise_receipt(typed).ok_or_else(wrong)?;
    let (r, _, questions) =
        super::round_cache::public(state, token).await?.map(|r| r.as_ref().clone()).ok_or_else(wrong)?;
    let hash = state.hasher.hash_with_salt_async(canonical, salt(state).await?).await?;
    let found = repo::by_receipt(&state.db, &r.id, &hash).await?.ok_or_else(wrong)?;
    state.limits.receipt_wrong_overall.refund("all");
    let answers = super::answers::read(&questions, &found.answers, lang);
    let thread = found
        .thread
        .iter()
        .map(|m| Message { from: m.from.clone(), day: m.day.clone(), text: m.text.clone() })
        .collect();
    Ok((found.id, Receipt { round_id: r.id, answers, thread }))
}

/// Adds the receipt holder's message to their submission; answers the exchange with it.
pub async fn add_message(
    state: &AppState,
    token: &str,
    typed: &str,
    text: &str,
    client: Option<IpAddr>,
    lang: crate::i18n::Lang,
) -> Result<Receipt, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::validation(vec![FieldError::new("message", "required")]));
    }
    if text.chars().count() > round::MAX_TEXT {
        return Err(AppError::validation(vec![FieldError::new("message", "too_long")]));
    }
    let (id, mut receipt) = lookup(state, token, typed, client, lang).await?;
    if receipt.thread.len() >= 50 {
        return Err(AppError::validation(vec![FieldError::new("message", "too_many")]));
    }
    let day = today();
    Tx::new().with(repo::add_message(&receipt.round_id, &id, "respondent", &day, text)).commit(&state.db).await?;
    receipt.thread.push(Message { from: "respondent".into(), day, text: text.to_string() });
    Ok(receipt)
}

/// A round's published results: its themes with their "you said, we did" answers, approved quotes,
/// and figures after disclosure control. `None` until the round is published.
pub async fn results(state: &AppState, token: &str, lang: crate::i18n::Lang) -> Result<Option<Results>, AppError> {
    use crate::domain::grant::{authorize, Actor};
    let Some((r, regions, questions)) = super::round_cache::public(state, token).await?.map(|r| r.as_ref().clone())
    else {
        return Err(AppError::NotFound);
    };
    if r.status != "published" {
        return Ok(None);
    }
    // The public reads what an observer of the programme reads, through the same queries.
    let reader = authorize(
        &Actor { role: Some(crate::domain::Role::Observer), ..Default::default() },
        crate::domain::Action::ReadProgramme,
        &r.programme,
    )?;
    let tally = super::rounds::tally(state, &r, &questions).await?;
    let total = tally.total;
    let (themes, inputs) =
        tokio::try_join!(super::analysis::themes(state, &r.id), super::inputs::submitted(state, &reader, &r.id),)?;
    let coded = super::analysis::coded(state, &r.id, &r.status, &themes).await?;
    let stats = &coded.stats;
    let counts = super::rounds::anonymous_counts(&r, &questions, &regions, &tally, lang);
    Ok(Some(Results {
        total: counts.total,
        themes: super::analysis::theme_views(&themes, total, stats, &inputs),
        inputs: inputs.iter().filter(|i| i.status == "submitted").count() as u64,
        counts,
    }))
}
