//! Attributed inputs (WP3.1): an official answers a round for its jurisdiction, a member for its
//! organisation. A draft is saved and read only by its writers; it is submitted, then amended until
//! its level's deadline. A regional or national official's input may draw on the submitted inputs
//! from below, and the provenance reads both ways.
use super::audit::Audit;
use super::authz::{self, Action, Grant};
use super::bodies::today;
use crate::backend::auth::Ctx;
use crate::backend::export::{Cell, Sheet};
use crate::backend::repo::inputs::{self as repo, Answerer, InputRow, SaveInput};
use crate::backend::repo::rounds::{self as rounds_repo, QuestionRow, RoundRow};
use crate::backend::repo::{self as repos, Tx};
use crate::backend::AppState;
use crate::domain::round;
use crate::domain::scope::in_subtree;
use crate::domain::FieldError;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::wire::rounds::{InputView, MyInput};
use std::sync::Arc;

/// Every input to a round of the grant's programme, from the cache while no write touches `input`,
/// `organisation`, `jurisdiction` (a name) or `theme` (the coding). The round must be the grant's.
pub async fn cached(state: &AppState, grant: &Grant, round_id: &str) -> Result<Arc<Vec<InputRow>>, AppError> {
    let key = format!("{}/{round_id}", grant.programme());
    let load = async { Ok::<_, AppError>(Arc::new(repo::all(&state.db, grant, round_id).await?)) };
    state.caches.inputs.get_or_load_tables(&state.db, repo::INPUT_TABLES, &key, load).await
}

/// The inputs within `grant`'s reach that everyone in it reads: the submitted ones.
pub async fn submitted(state: &AppState, grant: &Grant, round_id: &str) -> Result<Vec<InputRow>, AppError> {
    Ok(repo::visible(&cached(state, grant, round_id).await?, grant, None))
}

/// Who the viewer answers for, if anyone: (kind, answerer, grant).
async fn answerer(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
) -> Result<Option<(&'static str, Answerer, Grant)>, AppError> {
    let grant = match authz::require(state, ctx, Action::AnswerRounds, programme_id).await {
        Ok(g) => g,
        Err(AppError::Forbidden) => return Ok(None),
        Err(e) => return Err(e),
    };
    let found = match (grant.subtree(), grant.organisation()) {
        (Some(path), _) => repo::jurisdiction_at(&state.db, &grant, path).await?.map(|a| ("jurisdiction", a)),
        (_, Some(org)) => repo::organisation(&state.db, &grant, org).await?.map(|a| ("organisation", a)),
        _ => None,
    };
    Ok(found.map(|(kind, a)| (kind, a, grant)))
}

fn view(r: &InputRow, questions: &[QuestionRow], names: &[(String, String)], lang: Lang) -> InputView {
    let name_of = |id: &String| {
        (id.clone(), names.iter().find(|(i, _)| i == id).map(|(_, n)| n.clone()).unwrap_or_else(|| id.clone()))
    };
    InputView {
        id: r.id.clone(),
        name: r.name.clone(),
        level: r.level.clone(),
        status: r.status.clone(),
        submitted_on: r.submitted_on.clone(),
        updated_on: r.updated_on.clone(),
        answers: super::answers::read(questions, &r.answers, lang),
        raw: r.answers.clone(),
        draws_on: r.draws_on.iter().map(name_of).collect(),
        drawn_on_by: r.drawn_on_by.iter().map(name_of).collect(),
    }
}

/// The inputs the viewer may read, and their own part in the round.
pub async fn for_round(
    state: &AppState,
    ctx: &Ctx,
    reader: &Grant,
    r: &RoundRow,
    questions: &[QuestionRow],
    lang: Lang,
) -> Result<(Vec<InputView>, Option<MyInput>), AppError> {
    let me = answerer(state, ctx, reader.programme()).await?;
    let own = me.as_ref().map(|(kind, a, _)| format!("{kind}:{}", a.id));
    let rows = repo::visible(&cached(state, reader, &r.id).await?, reader, own.as_deref());
    let names: Vec<(String, String)> = rows.iter().map(|x| (x.id.clone(), x.name.clone())).collect();
    let views: Vec<InputView> = rows.iter().map(|x| view(x, questions, &names, lang)).collect();
    let mine = me.map(|(kind, a, _)| {
        let answerer = format!("{kind}:{}", a.id);
        let deadline = r.deadlines.get(&a.level).cloned();
        let below = rows
            .iter()
            .filter(|x| {
                kind == "jurisdiction"
                    && x.status == "submitted"
                    && x.answerer != answerer
                    && in_subtree(&a.path, &x.path)
                    && x.path != a.path
            })
            .map(|x| view(x, questions, &names, lang))
            .collect();
        MyInput {
            open: round::input_open(&r.status, deadline.as_deref(), &today()),
            input: rows.iter().find(|x| x.answerer == answerer).map(|x| view(x, questions, &names, lang)),
            name: a.name,
            level: a.level,
            deadline,
            below,
        }
    });
    Ok((views, mine))
}

/// Saves the viewer's input as a draft, or submits it (`submit`); a submitted input is amended the
/// same way until the deadline. `draws_on` names submitted inputs from below (officials only).
pub async fn save(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    form: &[(String, String)],
    submit: bool,
    draws_on: &[String],
) -> Result<(), AppError> {
    // Outsiders learn nothing of the programme (404); insiders who answer for no one are refused.
    authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let (kind, a, grant) = answerer(state, ctx, programme_id).await?.ok_or(AppError::Forbidden)?;
    let (r, _, questions) = rounds_repo::get(&state.db, &grant, round_id).await?.ok_or(AppError::NotFound)?;
    let today = today();
    let deadline = r.deadlines.get(&a.level).cloned();
    if r.status != "open" {
        return Err(AppError::validation(vec![FieldError::new("input", "round_not_open")]));
    }
    if !round::input_open(&r.status, deadline.as_deref(), &today) {
        return Err(AppError::validation(vec![FieldError::new("input", "deadline_passed")]));
    }
    let qs: Vec<(String, round::QuestionText)> = questions.iter().map(|q| (q.id.clone(), q.text())).collect();
    let answers = match (submit, round::parse_answers(&qs, form)) {
        (true, Ok(a)) => a,
        // A submission that is not complete yet is kept as a draft, so nothing typed is lost.
        (true, Err(errors)) => {
            if round::parse_draft(&qs, form).is_ok() {
                Box::pin(save(state, ctx, programme_id, round_id, form, false, draws_on)).await.ok();
            }
            return Err(AppError::validation(errors));
        }
        (false, _) => round::parse_draft(&qs, form).map_err(AppError::validation)?,
    };
    if submit && answers.is_empty() {
        return Err(AppError::validation(vec![FieldError::new("answers", "nothing_answered")]));
    }
    let mut draws: Vec<String> = draws_on.iter().map(|d| d.trim().to_string()).filter(|d| !d.is_empty()).collect();
    draws.sort();
    draws.dedup();
    if !draws.is_empty() {
        // Only what this official may draw on: submitted inputs strictly below its jurisdiction.
        let reader = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
        let rows = repo::visible(&repo::all(&state.db, &reader, round_id).await?, &reader, None);
        let allowed = |id: &String| {
            kind == "jurisdiction"
                && rows.iter().any(|x| &x.id == id && x.path != a.path && in_subtree(&a.path, &x.path))
        };
        if !draws.iter().all(allowed) {
            return Err(AppError::validation(vec![FieldError::new("draws_on", "unknown_input")]));
        }
    }
    let save = SaveInput {
        round_id,
        kind,
        answerer: &a,
        user_id: &ctx.user_id,
        answers: &answers,
        submit,
        draws_on: &draws,
        today: &today,
    };
    let action = if submit { "input.submit" } else { "input.draft" };
    let summary = format!("{} ({}), {} answers, draws on {}", a.name, a.level, answers.len(), draws.len());
    // Two people of the same organisation or jurisdiction saving at once write the same record: one
    // transaction loses and is run again, after the other (the unique index holds the line).
    let mut attempt = 0;
    let result = loop {
        attempt += 1;
        let result = Tx::new()
            .with(repo::save(&grant, &save))
            .with(Audit::of(ctx).write(Some(programme_id), action, format!("round:{round_id}"), summary.clone()))
            .commit(&state.db)
            .await;
        match result {
            Err(e) if attempt < 5 && (repos::retryable(&e) || repos::unique_violation(&e).is_some()) => continue,
            other => break other,
        }
    };
    result.map_err(|e| {
        if repos::write::thrown(&e, "round_not_open") {
            AppError::validation(vec![FieldError::new("input", "round_not_open")])
        } else if repos::write::thrown(&e, "unknown_input") {
            AppError::validation(vec![FieldError::new("draws_on", "unknown_input")])
        } else if repos::retryable(&e) {
            AppError::Conflict { field: Some("input".into()) }
        } else {
            super::conflict_or(e, "input")
        }
    })
}

/// A round's submitted inputs within the viewer's reach, one row each, a column per question.
pub async fn export(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    lang: Lang,
) -> Result<Sheet, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let (_, _, questions) = super::round_cache::round(state, &grant, round_id).await?.as_ref().clone();
    let rows = submitted(state, &grant, round_id).await?;
    let mut headers: Vec<String> = ["answerer", "level", "status", "submitted_on", "updated_on", "draws_on"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    headers.extend(questions.iter().map(|q| q.text().text_in(lang.code()).to_string()));
    let names: Vec<(String, String)> = rows.iter().map(|x| (x.id.clone(), x.name.clone())).collect();
    Ok(Sheet {
        name: "inputs".into(),
        headers,
        rows: rows
            .iter()
            .filter(|x| x.status == "submitted")
            .map(|x| {
                let v = view(x, &questions, &names, lang);
                let mut row = vec![
                    Cell::Text(x.name.clone()),
                    Cell::Text(x.level.clone()),
                    Cell::Text(x.status.clone()),
                    x.submitted_on.clone().map(Cell::Text).unwrap_or(Cell::Empty),
                    Cell::Text(x.updated_on.clone()),
                    Cell::Text(v.draws_on.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join("; ")),
                ];
                row.extend(questions.iter().map(|q| {
                    x.answers
                        .iter()
                        .find(|a| a.q == q.id)
                        .map(|a| Cell::Text(super::answers::text(&q.text(), &a.v, lang)))
                        .unwrap_or(Cell::Empty)
                }));
                row
            })
            .collect(),
    })
}
