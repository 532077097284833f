//! Consultation rounds (WP3.1) for the programme's people: everyone in the programme reads them;
//! coordinators create them, write the questionnaire, move them through their life, and read and
//! answer the anonymous feedback once the round has closed. Every change is audited.
use super::audit::Audit;
use super::authz::{self, Action, Grant};
use super::bodies::today;
use crate::backend::auth::Ctx;
use crate::backend::repo::rounds::{self as repo, QuestionRow, RoundRow, Tally};
use crate::backend::repo::{self as repos, Tx};
use crate::backend::AppState;
use crate::domain::disclosure::{disclose, Split};
use crate::domain::organisation::{PRIVATE_TYPES, PUBLIC_KINDS};
use crate::domain::round::{self, QuestionInput, RoundInput, PREFER_NOT};
use crate::domain::FieldError;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::wire::rounds::*;
use std::sync::Arc;

/// Who a round may address: the register's public kinds and private typologies.
pub fn audiences() -> Vec<&'static str> {
    PUBLIC_KINDS.iter().chain(PRIVATE_TYPES.iter()).copied().collect()
}

/// Every jurisdiction of the programme (for a round's scope), in tree order, from the cached tree.
pub async fn places(state: &AppState, grant: &Grant) -> Result<Vec<Place>, AppError> {
    let tree = super::jurisdictions::cached(state, grant).await?;
    Ok(tree
        .iter()
        .map(|j| Place {
            code: j.code.clone(),
            name: j.name.clone(),
            level: Some(j.level.clone()),
            path: j.path.clone(),
        })
        .collect())
}

pub async fn list(state: &AppState, ctx: &Ctx, programme_id: &str) -> Result<Rounds, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let manager = authz::require(state, ctx, Action::ManageRounds, programme_id).await.ok();
    // The programme's rounds, from the cache while no write touches `round`.
    let key = grant.programme().to_string();
    let load = async { Ok::<_, AppError>(Arc::new(repo::list(&state.db, &grant).await?)) };
    let rows = state.caches.round_lists.get_or_load_tables(&state.db, &["round"], &key, load).await?;
    let places = match &manager {
        Some(m) => places(state, m).await?,
        None => vec![],
    };
    Ok(Rounds {
        rows: rows.as_ref().clone(),
        can_manage: manager.is_some(),
        places,
        audiences: if manager.is_some() { audiences().iter().map(|s| s.to_string()).collect() } else { vec![] },
    })
}

/// Creates a draft round with the default questionnaire (priorities, potential actions, risks);
/// answers its id.
pub async fn create(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    input: &RoundInput<'_>,
) -> Result<String, AppError> {
    let grant = authz::require(state, ctx, Action::ManageRounds, programme_id).await?;
    let r = round::validate(input, &audiences()).map_err(AppError::validation)?;
    let id = repos::random_key();
    let token = repos::random_token();
    Tx::new()
        .with(repo::create(&grant, &id, &token, &r, &round::default_template()))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "round.create",
            format!("round:{id}"),
            format!("{} ({} – {}), {}", r.title, r.opens, r.closes, r.languages.join(", ")),
        ))
        .commit(&state.db)
        .await
        .map_err(scope_error)?;
    Ok(id)
}

/// Rewrites a draft's settings.
pub async fn update(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    id: &str,
    input: &RoundInput<'_>,
) -> Result<(), AppError> {
    let grant = authz::require(state, ctx, Action::ManageRounds, programme_id).await?;
    let r = round::validate(input, &audiences()).map_err(AppError::validation)?;
    Tx::new()
        .with(repo::update(&grant, id, &r))
        .with(Audit::of(ctx).write(Some(programme_id), "round.update", format!("round:{id}"), r.title.clone()))
        .commit(&state.db)
        .await
        .map_err(scope_error)
}

fn scope_error(e: surrealdb::Error) -> AppError {
    for (thrown, field, code) in [
        ("unknown_jurisdiction", "scope", "unknown_jurisdiction"),
        ("round_not_draft", "round", "round_not_draft"),
        ("round_closed", "round", "round_closed"),
        ("round_moved", "status", "round_moved"),
    ] {
        if repos::write::thrown(&e, thrown) {
            return AppError::validation(vec![FieldError::new(field, code)]);
        }
    }
    e.into()
}

fn question_view(q: &QuestionRow, languages: &[String]) -> QuestionView {
    let text = q.text();
    QuestionView {
        id: q.id.clone(),
        position: q.position,
        version: q.version,
        missing: text.missing(languages),
        q: text,
    }
}

pub async fn get(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    id: &str,
    lang: Lang,
) -> Result<RoundDetail, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let manager = authz::require(state, ctx, Action::ManageRounds, programme_id).await.ok();
    let (r, scope, questions) = super::round_cache::round(state, &grant, id).await?.as_ref().clone();
    let counts = if round::counts_visible(&r.status) {
        let tally = tally(state, &r, &questions).await?;
        Some(anonymous_counts(&r, &questions, &regions_of(&scope), &tally, lang))
    } else {
        None
    };
    let (places, audience_choices) = match &manager {
        Some(m) if r.status == "draft" => {
            (places(state, m).await?, audiences().iter().map(|s| s.to_string()).collect())
        }
        _ => (vec![], vec![]),
    };
    let (inputs, mine) = super::inputs::for_round(state, ctx, &grant, &r, &questions, lang).await?;
    let next = round::STATUSES
        .iter()
        .find(|s| round::can_move(&r.status, s))
        .filter(|_| manager.is_some())
        .map(|s| s.to_string());
    Ok(RoundDetail {
        public_path: format!("/f/{}", r.token),
        questions: questions.iter().map(|q| question_view(q, &r.languages)).collect(),
        next,
        can_manage: manager.is_some(),
        counts,
        places,
        audience_choices,
        inputs,
        mine,
        scope,
        id: r.id,
        title: r.title,
        purpose: r.purpose,
        status: r.status,
        languages: r.languages,
        audiences: r.audiences,
        attributes: r.attributes,
        opens: r.opens,
        closes: r.closes,
        deadlines: r.deadlines,
    })
}

/// The regional jurisdictions a round's scope names or holds.
pub fn regions_of(scope: &[Place]) -> Vec<Place> {
    scope.iter().filter(|p| p.level.as_deref() == Some("regional")).cloned().collect()
}

/// An attribute's values as (code, label): the regions of the round's scope, or its fixed options
/// translated. Every table, breakdown and paper sheet of an attribute lists them in this order.
pub fn attribute_values(attribute: &str, regions: &[Place], lang: Lang) -> Vec<(String, String)> {
    if attribute == "region" {
        regions.iter().map(|p| (p.code.clone(), p.name.clone())).collect()
    } else {
        round::attribute_options(attribute)
            .iter()
            .map(|v| (v.to_string(), lang.t(&format!("attr.{attribute}.{v}")).to_string()))
            .collect()
    }
}

/// One attribute's counts from submissions grouped by attributes: a cell per value of `values`, and
/// a last one for "prefer not to say" (an unanswered or unknown value).
pub fn attribute_cells<'a>(
    attribute: &str,
    values: &[(String, String)],
    groups: impl IntoIterator<Item = &'a repo::AttributeGroup>,
) -> Vec<u64> {
    let mut cells = vec![0u64; values.len() + 1];
    for g in groups {
        let v = g.attributes.get(attribute).map(String::as_str).unwrap_or(PREFER_NOT);
        let i = values.iter().position(|(code, _)| code == v).unwrap_or(values.len());
        cells[i] += g.n.max(0) as u64;
    }
    cells
}

/// The questions whose answers are counted (fixed choices, ratings, rankings).
pub fn counted(questions: &[QuestionRow]) -> Vec<String> {
    questions
        .iter()
        .filter(|q| matches!(q.text().kind.as_str(), "single" | "multiple" | "ranking" | "rating"))
        .map(|q| q.id.clone())
        .collect()
}

/// A round's anonymous figures, counted in the database; once the round accepts no more feedback
/// they cannot change, so they are counted once.
pub async fn tally(
    state: &AppState,
    r: &RoundRow,
    questions: &[QuestionRow],
) -> Result<std::sync::Arc<Tally>, AppError> {
    let counted = counted(questions);
    let load = async { Ok::<_, AppError>(std::sync::Arc::new(repo::tally(&state.db, &r.id, counted.clone()).await?)) };
    if round::accepts_feedback(&r.status) || r.status == "draft" {
        return load.await;
    }
    let key = format!("{}:{}", r.id, counted.join(","));
    state.caches.tallies.get_or_load(&key, load).await
}

/// The anonymous channel's figures, every one through [`disclose`]: the questions with fixed choices
/// and the attributes, each split ending with its "no answer" cell.
pub fn anonymous_counts(
    r: &RoundRow,
    questions: &[QuestionRow],
    regions: &[Place],
    tally: &Tally,
    lang: Lang,
) -> AnonymousCounts {
    let total = tally.total;
    let mut tables: Vec<(String, Vec<String>, Split)> = vec![];
    let no_answer = lang.t("round.no_answer").to_string();
    for q in questions {
        let text = q.text();
        let (labels, n): (Vec<String>, usize) = match text.kind.as_str() {
            "single" | "multiple" | "ranking" => {
                let opts = text.options_in(lang.code());
                let n = opts.len();
                (opts, n)
            }
            "rating" => ((1..=round::RATING_MAX).map(|r| r.to_string()).collect(), round::RATING_MAX as usize),
            _ => continue,
        };
        let mut cells = vec![0u64; n + 1];
        let mut answered = 0u64;
        for g in tally.answers.iter().filter(|g| g.q == q.id) {
            let count = g.n.max(0) as u64;
            answered += count;
            let chosen: Vec<usize> = match text.kind.as_str() {
                "rating" => {
                    g.v.first()
                        .and_then(|v| v.parse::<usize>().ok())
                        .and_then(|r| r.checked_sub(1))
                        .into_iter()
                        .collect()
                }
                // A ranking is counted by what came first.
                "ranking" => g.v.first().and_then(|v| v.parse().ok()).into_iter().collect(),
                _ => g.v.iter().filter_map(|v| v.parse().ok()).collect(),
            };
            if chosen.is_empty() {
                cells[n] += count;
            }
            for c in chosen.into_iter().filter(|c| *c < n) {
                cells[c] += count;
            }
        }
        // Submissions that left the question out.
        cells[n] += total.saturating_sub(answered);
        let mut labels = labels;
        labels.push(no_answer.clone());
        let title = if text.kind == "ranking" {
            format!("{} — {}", text.text_in(lang.code()), lang.t("round.ranked_first"))
        } else {
            text.text_in(lang.code()).to_string()
        };
        tables.push((title, labels, Split { cells, additive: text.kind != "multiple" }));
    }
    for a in &r.attributes {
        let values = attribute_values(a, regions, lang);
        let cells = attribute_cells(a, &values, &tally.attributes);
        let mut labels: Vec<String> = values.into_iter().map(|(_, l)| l).collect();
        labels.push(lang.t("attr.prefer_not").to_string());
        tables.push((lang.t(&format!("attr.{a}")).to_string(), labels, Split { cells, additive: true }));
    }
    let splits: Vec<Split> = tables.iter().map(|(_, _, s)| s.clone()).collect();
    let disclosed = disclose(total, &splits);
    AnonymousCounts {
        total: disclosed.total,
        tables: tables
            .into_iter()
            .zip(disclosed.splits)
            .map(|((title, labels, split), cells)| CountTable { title, labels, cells, additive: split.additive })
            .collect(),
    }
}

/// Adds a question to a draft (`question_id` empty) or edits one. Once anyone has answered a
/// question, an edit retires that version and adds the next, so answers keep what they answered.
pub async fn save_question(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    question_id: &str,
    input: &QuestionInput<'_>,
) -> Result<(), AppError> {
    let grant = authz::require(state, ctx, Action::ManageRounds, programme_id).await?;
    let (r, _, questions) = repo::get(&state.db, &grant, round_id).await?.ok_or(AppError::NotFound)?;
    let q = round::validate_question(input, &r.languages).map_err(AppError::validation)?;
    let question_id = Some(question_id.trim()).filter(|q| !q.is_empty());
    if question_id.is_none() && questions.len() >= round::MAX_QUESTIONS {
        return Err(AppError::validation(vec![FieldError::new("kind", "too_many")]));
    }
    let new_version = match question_id {
        Some(qid) => repo::answered(&state.db, qid).await?,
        None => false,
    };
    let action = match (question_id, new_version) {
        (None, _) => "question.add",
        (Some(_), false) => "question.edit",
        (Some(_), true) => "question.new_version",
    };
    Tx::new()
        .with(repo::save_question(&grant, round_id, question_id, new_version, &q))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            action,
            format!("round:{round_id}"),
            format!("{} ({})", q.text_in("en"), q.kind),
        ))
        .commit(&state.db)
        .await
        .map_err(scope_error)
}

pub async fn remove_question(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    question_id: &str,
) -> Result<(), AppError> {
    let grant = authz::require(state, ctx, Action::ManageRounds, programme_id).await?;
    Tx::new()
        .with(repo::remove_question(&grant, round_id, question_id))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "question.remove",
            format!("round:{round_id}"),
            question_id.to_string(),
        ))
        .commit(&state.db)
        .await
        .map_err(scope_error)
}

/// Moves a round one step forward. Opening needs a questionnaire written in every language of the
/// round.
pub async fn move_to(state: &AppState, ctx: &Ctx, programme_id: &str, id: &str, to: &str) -> Result<(), AppError> {
    let grant = authz::require(state, ctx, Action::ManageRounds, programme_id).await?;
    let (r, _, questions) = repo::get(&state.db, &grant, id).await?.ok_or(AppError::NotFound)?;
    if !round::can_move(&r.status, to) {
        return Err(AppError::validation(vec![FieldError::new("status", "not_allowed")]));
    }
    if to == "open" {
        if questions.is_empty() {
            return Err(AppError::validation(vec![FieldError::new("status", "no_questions")]));
        }
        let missing: Vec<FieldError> = questions
            .iter()
            .filter(|q| !q.text().missing(&r.languages).is_empty())
            .map(|q| FieldError::new(&format!("question_{}", q.id), "missing_translation"))
            .collect();
        if !missing.is_empty() {
            return Err(AppError::validation(missing));
        }
    }
    Tx::new()
        .with(repo::move_status(&grant, id, &r.status, to, &today()))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            &format!("round.{to}"),
            format!("round:{id}"),
            format!("{}: {} → {to}", r.title, r.status),
        ))
        .commit(&state.db)
        .await
        .map_err(scope_error)
}

/// A coordinator's reply to a submission whose respondent kept a receipt; readable with the receipt.
pub async fn reply(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    feedback_id: &str,
    text: &str,
) -> Result<(), AppError> {
    let grant = authz::require(state, ctx, Action::ManageRounds, programme_id).await?;
    let (r, _, _) = repo::get(&state.db, &grant, round_id).await?.ok_or(AppError::NotFound)?;
    if !round::counts_visible(&r.status) {
        return Err(AppError::validation(vec![FieldError::new("text", "round_still_open")]));
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::validation(vec![FieldError::new("text", "required")]));
    }
    if text.chars().count() > round::MAX_TEXT {
        return Err(AppError::validation(vec![FieldError::new("text", "too_long")]));
    }
    // The audit names the round only: which submission was answered is not the log's business.
    Tx::new()
        .with(repo::add_message(round_id, feedback_id, "coordinator", &today(), text))
        .with(Audit::of(ctx).write(Some(programme_id), "feedback.reply", format!("round:{round_id}"), String::new()))
        .commit(&state.db)
        .await
        .map_err(scope_error)
}

/// Invites the register's organisations to an open round: those of one typology (or of every
/// audience of the round), one level and one jurisdiction's subtree (within the round's scope) that
/// are not invited yet. Each contact person with an e-mail address is told through the outbox: people
/// of the programme get the link to answer; others get an invitation into the programme as a member
/// of their organisation. All of it, the invited records and the audit entry commit together.
pub async fn invite(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    filter: &InviteFilter,
) -> Result<InviteSummary, AppError> {
    use crate::backend::repo::{contacts, memberships, tokens};
    let grant = authz::require(state, ctx, Action::ManageRounds, programme_id).await?;
    let (r, scope, _) = repo::get(&state.db, &grant, round_id).await?.ok_or(AppError::NotFound)?;
    if r.status != "open" {
        return Err(AppError::validation(vec![FieldError::new("round", "round_not_open")]));
    }
    let places = super::jurisdictions::cached(state, &grant).await?;
    let kinds: Vec<String> = match filter.kind.trim() {
        "" => r.audiences.clone(),
        k if PUBLIC_KINDS.contains(&k) || PRIVATE_TYPES.contains(&k) => vec![k.to_string()],
        _ => return Err(AppError::field("kind", "invalid_choice")),
    };
    let level = Some(filter.level.trim()).filter(|l| !l.is_empty());
    if level.is_some_and(|l| crate::domain::Level::parse("level", l).is_err()) {
        return Err(AppError::field("level", "invalid_choice"));
    }
    let under = match filter.jurisdiction.trim() {
        "" => None,
        code => Some(
            places
                .iter()
                .find(|p| p.code == code.to_uppercase())
                .map(|p| p.path.clone())
                .ok_or_else(|| AppError::field("jurisdiction", "unknown_jurisdiction"))?,
        ),
    };
    let already: std::collections::HashSet<String> =
        repo::invited(&state.db, &grant, round_id).await?.into_iter().map(|i| i.id).collect();
    let path_of =
        |id: &Option<String>| id.as_ref().and_then(|id| places.iter().find(|p| &p.id == id)).map(|p| p.path.as_str());
    let entries = super::stakeholders::entries(state, &grant).await?;
    let chosen: Vec<&crate::backend::repo::organisations::Entry> = entries
        .iter()
        .filter(|e| kinds.contains(&e.kind) && !already.contains(&e.id))
        .filter(|e| level.is_none_or(|l| e.level.as_deref() == Some(l)))
        .filter(|e| {
            // Inside the round's scope, and under the chosen jurisdiction.
            let path = path_of(&e.place).unwrap_or("");
            scope.iter().any(|s| crate::domain::scope::in_subtree(&s.path, path))
                && under.as_deref().is_none_or(|u| crate::domain::scope::in_subtree(u, path))
        })
        .collect();
    if chosen.is_empty() {
        return Err(AppError::validation(vec![FieldError::new("kind", "nobody_to_invite")]));
    }
    let ids: Vec<String> = chosen.iter().map(|e| e.id.clone()).collect();
    let emails = contacts::emails_of(&state.db, &grant, ids.clone()).await?;
    let members: std::collections::HashSet<String> =
        memberships::member_emails(&state.db, &grant, emails.iter().map(|(_, e)| e.clone()).collect())
            .await?
            .into_iter()
            .map(|e| e.to_lowercase())
            .collect();
    let answer_link = format!("{}/programmes/{programme_id}/rounds/{round_id}/input", state.settings.public_url);
    let mut tx = Tx::new();
    let (mut notified, mut invited) = (0u32, 0u32);
    let mut seen = std::collections::HashSet::new();
    for (org, email) in &emails {
        if !seen.insert((org.clone(), email.to_lowercase())) {
            continue;
        }
        let args = [("round", r.title.as_str()), ("closes", r.closes.as_str()), ("inviter", ctx.name.as_str())];
        if members.contains(&email.to_lowercase()) {
            let mut args = args.to_vec();
            args.push(("link", answer_link.as_str()));
            tx.push(super::mail::message(email, "mail.round_subject", "mail.round_body", &args));
            notified += 1;
        } else {
            let token = repos::random_token();
            tx.push(tokens::invitation(
                &grant,
                tokens::NewToken {
                    kind: "invitation",
                    token_hash: repos::sha256_hex(&token),
                    email: email.as_str(),
                    programme_id: None,
                    role: Some(crate::domain::Role::Member.as_str().to_string()),
                    jurisdiction_id: None,
                    organisation_id: Some(org.clone()),
                    created_by: Some(ctx.user_id.clone()),
                    ttl_seconds: state.settings.token_ttl.as_secs() as i64,
                },
            ));
            let link = format!("{}/invitation/{token}", state.settings.public_url);
            let mut args = args.to_vec();
            args.push(("link", link.as_str()));
            tx.push(super::mail::message(email, "mail.round_subject", "mail.round_invite_body", &args));
            invited += 1;
        }
    }
    let people = |id: &str| emails.iter().filter(|(o, _)| o == id).count() as i64;
    let rows: Vec<(String, i64)> = ids.iter().map(|id| (id.clone(), people(id))).collect();
    let without_contact = rows.iter().filter(|(_, n)| *n == 0).count() as u32;
    tx.push(repo::add_invited(&grant, round_id, &today(), rows));
    let summary = InviteSummary { organisations: ids.len() as u32, notified, invited, without_contact };
    tx.push(Audit::of(ctx).write(
        Some(programme_id),
        "round.invite",
        format!("round:{round_id}"),
        format!(
            "{} organisations ({}), {} people told, {} invited into the programme",
            summary.organisations,
            kinds.join(", "),
            notified,
            invited
        ),
    ));
    tx.commit(&state.db).await.map_err(|e| match repos::unique_violation(&e) {
        Some(_) => AppError::Conflict { field: None },
        None => e.into(),
    })?;
    Ok(summary)
}
