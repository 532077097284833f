//! A round's analysis (coordinators): the codebook with each theme's "you said, we did" answer, the
//! coding of anonymous feedback and attributed inputs, moderation before anything is quoted (with
//! what may identify someone flagged), the safeguarding flag, and coverage. Every figure from
//! anonymous feedback goes through `disclose`; the published results follow the same path.
use super::audit::Audit;
use super::authz::{self, Action, Grant};
use crate::backend::auth::Ctx;
use crate::backend::repo::analysis::{self as repo, Moderation, ThemeRow, ThemeStat};
use crate::backend::repo::rounds::{self as rounds_repo, FeedbackRow, QuestionRow};
use crate::backend::repo::{self as repos, inputs as inputs_repo, Tx};
use crate::backend::AppState;
use crate::domain::analysis::{self, HIDE_REASONS, MODERATION};
use crate::domain::disclosure::{disclose, Split};
use crate::domain::list::{ListQuery, Page, PAGE_SIZE};
use crate::domain::organisation::is_web_link;
use crate::domain::round;
use crate::domain::scope::in_subtree;
use crate::domain::FieldError;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::wire::rounds::*;
use std::sync::Arc;

/// The free-text answers of a submission, the default for its quote.
fn free_text(f: &FeedbackRow, questions: &[QuestionRow]) -> String {
    f.answers
        .iter()
        .filter(|a| questions.iter().any(|q| q.id == a.q && q.kind == "text"))
        .filter_map(|a| a.v.first().cloned())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn feedback_view(f: &FeedbackRow, questions: &[QuestionRow], names: &analysis::Names, lang: Lang) -> FeedbackView {
    let quote = f.quote.clone().unwrap_or_else(|| free_text(f, questions));
    FeedbackView {
        id: f.id.clone(),
        channel: f.channel.clone(),
        answers: super::answers::read(questions, &f.answers, lang),
        thread: f
            .thread
            .iter()
            .map(|m| Message { from: m.from.clone(), day: m.day.clone(), text: m.text.clone() })
            .collect(),
        has_receipt: f.has_receipt,
        themes: f.themes.clone(),
        moderation: f.moderation.clone(),
        flags: analysis::identifying(&quote, names),
        quote,
        hidden_because: f.hidden_because.clone(),
        safeguarding: f.safeguarding,
        referral: f.referral.clone(),
    }
}

/// Each theme with its counts: anonymous submissions coded into it (after disclosure control; a
/// submission may carry several themes, so the split is not additive), submitted inputs, and the
/// quotes approved for it.
pub fn theme_views(
    themes: &[ThemeRow],
    total: u64,
    stats: &[ThemeStat],
    inputs: &[inputs_repo::InputRow],
) -> Vec<ThemeView> {
    let stat = |id: &str| stats.iter().find(|s| s.id == id);
    let cells: Vec<u64> = themes.iter().map(|t| stat(&t.id).map(|s| s.anonymous.max(0) as u64).unwrap_or(0)).collect();
    let disclosed = disclose(total, &[Split { cells, additive: false }]);
    themes
        .iter()
        .zip(disclosed.splits.into_iter().next().unwrap_or_default())
        .map(|(t, anonymous)| ThemeView {
            id: t.id.clone(),
            parent: t.parent.clone(),
            label: t.label.clone(),
            decision: t.decision.clone(),
            link: t.link.clone(),
            anonymous,
            inputs: inputs.iter().filter(|i| i.status == "submitted" && i.themes.contains(&t.id)).count() as u64,
            meetings: stat(&t.id).map(|s| s.meetings.max(0) as u64).unwrap_or(0),
            quotes: stat(&t.id)
                .map(|s| s.quotes.iter().filter(|q| !q.trim().is_empty()).cloned().collect())
                .unwrap_or_default(),
        })
        .collect()
}

/// What leaves the platform from the anonymous channel, as a sheet: the round's figures exactly as
/// `disclose` shows them (the total, each question's and attribute's table), each theme with its
/// figures and decision, and the approved quotes; never a submission. Coordinators, once the round
/// has closed.
pub async fn export_results(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    lang: Lang,
) -> Result<crate::backend::export::Sheet, AppError> {
    use crate::backend::export::{Cell, Sheet};
    let grant = manager(state, ctx, programme_id).await?;
    let (r, scope, questions) = super::round_cache::round(state, &grant, round_id).await?.as_ref().clone();
    if !round::counts_visible(&r.status) {
        return Err(AppError::validation(vec![FieldError::new("round", "counts_after_close")]));
    }
    let tally = super::rounds::tally(state, &r, &questions).await?;
    let total = tally.total;
    let (themes, inputs) =
        tokio::try_join!(themes(state, round_id), async { super::inputs::submitted(state, &grant, round_id).await })?;
    let stats = coded(state, round_id, &r.status, &themes).await?.stats.clone();
    let counts = super::rounds::anonymous_counts(&r, &questions, &super::rounds::regions_of(&scope), &tally, lang);
    let in_lang = |t: &std::collections::BTreeMap<String, String>| {
        t.get(lang.code()).or_else(|| t.values().next()).cloned().unwrap_or_default()
    };
    let row =
        |section: String, item: String, value: String| vec![Cell::Text(section), Cell::Text(item), Cell::Text(value)];
    let mut rows =
        vec![row(lang.t("round.anonymous").to_string(), lang.t("figures.total").to_string(), lang.shown(counts.total))];
    for t in &counts.tables {
        for (label, cell) in t.labels.iter().zip(&t.cells) {
            rows.push(row(t.title.clone(), label.clone(), lang.shown(*cell)));
        }
    }
    for t in theme_views(&themes, total, &stats, &inputs) {
        let theme = in_lang(&t.label);
        rows.push(row(theme.clone(), lang.t("round.anonymous").to_string(), lang.shown(t.anonymous)));
        rows.push(row(theme.clone(), lang.t("input.heading").to_string(), t.inputs.to_string()));
        rows.push(row(theme.clone(), lang.t("activity.contributions").to_string(), t.meetings.to_string()));
        rows.push(row(theme.clone(), lang.t("theme.decision").to_string(), in_lang(&t.decision)));
        for q in t.quotes {
            rows.push(row(theme.clone(), lang.t("analysis.quotes").to_string(), q));
        }
    }
    let headers = ["figures.section", "figures.item", "figures.value"].iter().map(|k| lang.t(k).to_string()).collect();
    Ok(Sheet { name: "results".into(), headers, rows })
}

/// Theme counts by region and by stakeholder type (the attributes the round asks for), each theme's
/// row passing through `disclose` against the theme's own count, and submitted inputs by level.
fn breakdowns(
    attributes: &[String],
    regions: &[Place],
    themes: &[ThemeRow],
    stats: &[ThemeStat],
    groups: &[repo::ThemeGroups],
    inputs: &[inputs_repo::InputRow],
    lang: Lang,
) -> Vec<Breakdown> {
    let mut out = vec![];
    for a in attributes.iter().filter(|a| matches!(a.as_str(), "region" | "stakeholder_type")) {
        let values = super::rounds::attribute_values(a, regions, lang);
        let rows = themes
            .iter()
            .map(|t| {
                let cells = super::rounds::attribute_cells(
                    a,
                    &values,
                    groups.iter().filter(|g| g.id == t.id).flat_map(|g| &g.groups),
                );
                let total = stats.iter().find(|s| s.id == t.id).map(|s| s.anonymous.max(0) as u64).unwrap_or(0);
                let shown =
                    disclose(total, &[Split { cells, additive: true }]).splits.into_iter().next().unwrap_or_default();
                (t.id.clone(), shown)
            })
            .collect();
        let mut columns: Vec<String> = values.into_iter().map(|(_, l)| l).collect();
        columns.push(lang.t("attr.prefer_not").to_string());
        out.push(Breakdown { title: lang.t(&format!("analysis.themes_by.{a}")).to_string(), columns, rows });
    }
    let levels = ["national", "regional", "local"];
    let submitted: Vec<&inputs_repo::InputRow> = inputs.iter().filter(|i| i.status == "submitted").collect();
    let rows = themes
        .iter()
        .map(|t| {
            let cells = levels
                .iter()
                .map(|l| {
                    let n = submitted.iter().filter(|i| i.level == *l && i.themes.contains(&t.id)).count();
                    crate::domain::disclosure::Shown::Count(n as u64)
                })
                .collect();
            (t.id.clone(), cells)
        })
        .collect();
    out.push(Breakdown {
        title: lang.t("analysis.inputs_by_level").to_string(),
        columns: levels.iter().map(|l| lang.t(&format!("level.{l}")).to_string()).collect(),
        rows,
    });
    out
}

/// The names of the programme's organisations and contact persons, lower-cased once, kept while no
/// write touches either table (every page of submissions checks its texts against them).
pub async fn register_names(state: &AppState, grant: &Grant) -> Result<std::sync::Arc<analysis::Names>, AppError> {
    let key = grant.programme().to_string();
    let load = async {
        let names = repo::register_names(&state.db, grant).await?;
        Ok::<_, AppError>(std::sync::Arc::new(analysis::Names::new(&names)))
    };
    state.caches.names.get_or_load_tables(&state.db, &["organisation", "contact"], &key, load).await
}

/// What the coding of a round adds up to: each theme's figures, and (once the round has closed) its
/// anonymous submissions by attributes.
#[derive(Clone, Debug, Default)]
pub struct Coded {
    pub stats: Vec<ThemeStat>,
    pub groups: Vec<repo::ThemeGroups>,
}

/// The theme figures of a round. Nothing is read without themes; the anonymous channel only once the
/// round has closed; and a closed round's figures, which scan its submissions, are counted once
/// while no write touches its feedback or contributions (concurrent requests share one count).
pub async fn coded(
    state: &AppState,
    round_id: &str,
    status: &str,
    themes: &[ThemeRow],
) -> Result<std::sync::Arc<Coded>, AppError> {
    if themes.is_empty() {
        return Ok(Default::default());
    }
    if !round::counts_visible(status) {
        let stats = repo::theme_stats(&state.db, round_id, false).await?;
        return Ok(std::sync::Arc::new(Coded { stats, groups: vec![] }));
    }
    let key = round_id.to_string();
    let load = async {
        let (stats, groups) =
            tokio::try_join!(repo::theme_stats(&state.db, round_id, true), repo::theme_groups(&state.db, round_id))?;
        Ok::<_, AppError>(std::sync::Arc::new(Coded { stats, groups }))
    };
    state.caches.coded.get_or_load_tables(&state.db, &["feedback", "contribution"], &key, load).await
}

/// The ids of one page (and one more, when there is a next) from sorted ids, after the list's cursor.
fn id_page<S: AsRef<str>>(ids: &[S], query: &ListQuery, limit: u32) -> Vec<String> {
    let n = limit as usize + 1;
    let after = query.cursor().map(|(_, id)| id);
    let ids: Vec<&str> = if query.desc {
        let end = after.as_deref().map(|a| ids.partition_point(|i| i.as_ref() < a)).unwrap_or(ids.len());
        ids[..end].iter().rev().take(n).map(AsRef::as_ref).collect()
    } else {
        let start = after.as_deref().map(|a| ids.partition_point(|i| i.as_ref() <= a)).unwrap_or(0);
        ids[start..].iter().take(n).map(AsRef::as_ref).collect()
    };
    ids.into_iter().map(str::to_string).collect()
}

/// A closed round's submissions' marks (moderation, themes, safeguarding), kept while no write
/// touches `feedback`, so the moderator's filtered views page in memory instead of scanning the
/// round on every request.
async fn feedback_marks(
    state: &AppState,
    round_id: &str,
) -> Result<std::sync::Arc<Vec<rounds_repo::FeedbackMark>>, AppError> {
    let load =
        async { Ok::<_, AppError>(std::sync::Arc::new(rounds_repo::feedback_marks(&state.db, round_id).await?)) };
    state.caches.feedback_marks.get_or_load_tables(&state.db, &["feedback"], &round_id.to_string(), load).await
}

async fn manager(state: &AppState, ctx: &Ctx, programme_id: &str) -> Result<Grant, AppError> {
    authz::require(state, ctx, Action::ManageRounds, programme_id).await
}

/// A round's codebook, parents before their children, from the cache while no write touches
/// `theme`. The round must be the grant's (read through [`super::rounds::round`] first).
pub async fn themes(state: &AppState, round_id: &str) -> Result<Arc<Vec<repo::ThemeRow>>, AppError> {
    let load = async { Ok::<_, AppError>(Arc::new(repo::themes(&state.db, round_id).await?)) };
    state.caches.themes.get_or_load_tables(&state.db, &["theme"], &round_id.to_string(), load).await
}

pub async fn get(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    query: &ListQuery,
    lang: Lang,
) -> Result<Analysis, AppError> {
    let grant = manager(state, ctx, programme_id).await?;
    let (r, scope, questions) = super::round_cache::round(state, &grant, round_id).await?.as_ref().clone();
    let names = register_names(state, &grant).await?;
    let (themes, inputs) =
        tokio::try_join!(themes(state, round_id), async { super::inputs::submitted(state, &grant, round_id).await })?;
    let places = super::rounds::places(state, &grant).await?;
    let coded = coded(state, round_id, &r.status, &themes).await?;
    let stats = &coded.stats;
    // The round's total only once it has closed (and then counted once).
    let total =
        if round::counts_visible(&r.status) { super::rounds::tally(state, &r, &questions).await?.total } else { 0 };
    let invited = super::round_cache::invited(state, &grant, round_id).await?;
    let mut by_typology: Vec<TypologyCoverage> = vec![];
    for i in invited.iter() {
        match by_typology.iter_mut().find(|t| t.kind == i.kind) {
            Some(t) => {
                t.invited += 1;
                t.answered += u32::from(i.answered);
            }
            None => {
                by_typology.push(TypologyCoverage { kind: i.kind.clone(), invited: 1, answered: u32::from(i.answered) })
            }
        }
    }
    by_typology.sort_by(|a, b| a.kind.cmp(&b.kind));
    let waiting = invited.iter().filter(|i| !i.answered).map(|i| i.name.clone()).collect();
    // Submissions are read, and counted, only once the round has closed.
    let closed = round::counts_visible(&r.status);
    let unfiltered = query.q.is_empty() && query.filters.values().all(|v| v.is_empty());
    let (total_rows, rows) = match (closed, unfiltered) {
        (false, _) => (0, vec![]),
        // A closed round's submissions never change in number: their ids are read once, and a page
        // reads only its own rows.
        (true, true) => {
            let load = async {
                let mut ids = rounds_repo::feedback_ids(&state.db, round_id).await?;
                ids.sort();
                Ok::<_, AppError>(std::sync::Arc::new(ids))
            };
            let ids = state.caches.feedback_ids.get_or_load(&round_id.to_string(), load).await?;
            let page = id_page(&ids, query, PAGE_SIZE);
            (ids.len() as u64, rounds_repo::feedback_by_ids(&state.db, round_id, &page).await?)
        }
        // Filters without text: from the marks in memory.
        (true, false) if query.q.is_empty() => {
            let marks = feedback_marks(state, round_id).await?;
            let (moderation, theme) = (query.filter("moderation"), query.filter("theme"));
            let safe = query.filter("safeguarding").is_some();
            let hits: Vec<&str> = marks
                .iter()
                .filter(|m| {
                    moderation.is_none_or(|x| m.moderation == x)
                        && theme.is_none_or(|t| m.themes.iter().any(|x| x == t))
                        && (!safe || m.safeguarding)
                })
                .map(|m| m.id.as_str())
                .collect();
            let page = id_page(&hits, query, PAGE_SIZE);
            (hits.len() as u64, rounds_repo::feedback_by_ids(&state.db, round_id, &page).await?)
        }
        (true, false) => rounds_repo::feedback_page(&state.db, round_id, query, PAGE_SIZE).await?,
    };
    // While the round is open, only the attributed channels count (inputs, and contributions from
    // activities): nothing from the anonymous channel.
    let attributed: Vec<ThemeStat> =
        stats.iter().map(|s| ThemeStat { id: s.id.clone(), meetings: s.meetings, ..Default::default() }).collect();
    let themes_view = if closed {
        theme_views(&themes, total, stats, &inputs)
    } else {
        theme_views(&themes, 0, &attributed, &inputs)
    };
    // Anonymous figures only once the round has closed; inputs by level at any time.
    let groups = &coded.groups;
    let asked: Vec<String> = if closed { r.attributes.clone() } else { vec![] };
    let breakdowns = breakdowns(
        &asked,
        &super::rounds::regions_of(&scope),
        &themes,
        if closed { stats } else { &[] },
        groups,
        &inputs,
        lang,
    );
    let feedback = Page::from_rows(
        rows,
        total_rows,
        PAGE_SIZE,
        "id",
        query.desc,
        |f| (f.id.clone(), f.id.clone()),
        |f| feedback_view(&f, &questions, &names, lang),
    );
    let submitted: Vec<&inputs_repo::InputRow> = inputs.iter().filter(|i| i.status == "submitted").collect();
    // Coverage: every jurisdiction the round reaches, and whether it has submitted its input.
    let coverage = places
        .into_iter()
        .filter(|p| scope.iter().any(|s| in_subtree(&s.path, &p.path)))
        .map(|p| {
            let answered = submitted.iter().any(|i| i.answerer.starts_with("jurisdiction:") && i.path == p.path);
            (p, answered)
        })
        .collect();
    Ok(Analysis {
        id: r.id.clone(),
        title: r.title.clone(),
        status: r.status.clone(),
        languages: r.languages.clone(),
        themes: themes_view,
        feedback,
        inputs: submitted
            .iter()
            .map(|i| CodedInput {
                id: i.id.clone(),
                name: i.name.clone(),
                level: i.level.clone(),
                answers: super::answers::read(&questions, &i.answers, lang),
                themes: i.themes.clone(),
            })
            .collect(),
        coverage,
        by_typology,
        waiting,
        audiences: r.audiences.clone(),
        breakdowns,
    })
}

fn thrown(e: surrealdb::Error) -> AppError {
    for (code, field) in [("invalid_parent", "parent"), ("unknown_theme", "themes")] {
        if repos::write::thrown(&e, code) {
            return AppError::validation(vec![FieldError::new(field, code)]);
        }
    }
    e.into()
}

/// What the theme form sends.
pub struct ThemeInput<'a> {
    pub id: &'a str,
    pub parent: &'a str,
    pub labels: &'a [(String, String)],
    pub decisions: &'a [(String, String)],
    pub link: &'a str,
}

/// Adds a theme to the codebook (`id` empty) or rewrites one, with its "you said, we did" answer.
pub async fn save_theme(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    t: &ThemeInput<'_>,
) -> Result<(), AppError> {
    let grant = manager(state, ctx, programme_id).await?;
    let (r, _, _) = rounds_repo::get(&state.db, &grant, round_id).await?.ok_or(AppError::NotFound)?;
    let mut errors = vec![];
    let label = analysis::texts("label", t.labels, &r.languages, true).map_err(|e| errors.extend(e)).ok();
    let decision = analysis::texts("decision", t.decisions, &r.languages, false).map_err(|e| errors.extend(e)).ok();
    let link = Some(t.link.trim()).filter(|l| !l.is_empty());
    if link.is_some_and(|l| !is_web_link(l)) {
        errors.push(FieldError::new("link", "invalid_url"));
    }
    let (Some(label), Some(decision)) = (label, decision) else { return Err(AppError::validation(errors)) };
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let id = Some(t.id.trim()).filter(|i| !i.is_empty());
    let parent = Some(t.parent.trim()).filter(|p| !p.is_empty());
    let summary = label.get("en").or_else(|| label.values().next()).cloned().unwrap_or_default();
    Tx::new()
        .with(repo::save_theme(&grant, round_id, id, parent, &label, &decision, link))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            if id.is_some() { "theme.update" } else { "theme.create" },
            format!("round:{round_id}"),
            summary,
        ))
        .commit(&state.db)
        .await
        .map_err(thrown)
}

/// What a coordinator decides about one anonymous submission.
pub struct ModerationInput<'a> {
    pub themes: &'a [String],
    pub moderation: &'a str,
    pub quote: &'a str,
    pub hidden_because: &'a str,
    pub safeguarding: bool,
    pub referral: &'a str,
}

/// Codes and moderates one anonymous submission (once the round has closed). Approving publishes
/// the quote as the moderator left it; hiding needs a reason. The audit names the round only.
pub async fn moderate(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    feedback_id: &str,
    m: &ModerationInput<'_>,
) -> Result<(), AppError> {
    let grant = manager(state, ctx, programme_id).await?;
    let (r, _, _) = rounds_repo::get(&state.db, &grant, round_id).await?.ok_or(AppError::NotFound)?;
    if !round::counts_visible(&r.status) {
        return Err(AppError::validation(vec![FieldError::new("moderation", "round_still_open")]));
    }
    let mut errors = vec![];
    if !MODERATION.contains(&m.moderation) {
        errors.push(FieldError::new("moderation", "invalid_choice"));
    }
    let because = Some(m.hidden_because.trim()).filter(|b| !b.is_empty());
    match (m.moderation, because) {
        ("hidden", None) => errors.push(FieldError::new("hidden_because", "required")),
        (_, Some(b)) if !HIDE_REASONS.contains(&b) => errors.push(FieldError::new("hidden_because", "invalid_choice")),
        _ => {}
    }
    let quote = m.quote.trim();
    if m.moderation == "approved" && quote.is_empty() {
        errors.push(FieldError::new("quote", "required"));
    }
    if quote.chars().count() > round::MAX_TEXT {
        errors.push(FieldError::new("quote", "too_long"));
    }
    let referral = Some(m.referral.trim()).filter(|r| !r.is_empty());
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let themes = crate::domain::analysis::codes(m.themes);
    let write = repo::moderate(
        &grant,
        round_id,
        feedback_id,
        &Moderation {
            themes: &themes,
            moderation: m.moderation,
            quote: Some(quote).filter(|q| !q.is_empty()),
            hidden_because: if m.moderation == "hidden" { because } else { None },
            safeguarding: m.safeguarding,
            referral,
        },
    );
    Tx::new()
        .with(write)
        .with(Audit::of(ctx).write(Some(programme_id), "feedback.moderate", format!("round:{round_id}"), String::new()))
        .commit(&state.db)
        .await
        .map_err(thrown)
}

/// Codes a submitted attributed input into themes.
pub async fn code_input(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    input_id: &str,
    themes: &[String],
) -> Result<(), AppError> {
    let grant = manager(state, ctx, programme_id).await?;
    let themes = crate::domain::analysis::codes(themes);
    Tx::new()
        .with(repo::code_input(&grant, round_id, input_id, &themes))
        .with(Audit::of(ctx).write(Some(programme_id), "input.code", format!("input:{input_id}"), themes.join(", ")))
        .commit(&state.db)
        .await
        .map_err(thrown)
}

#[cfg(test)]
mod tests {
    use super::id_page;
    use crate::domain::list::{cursor, ListQuery};

    #[test]
    fn pages_of_ids_follow_each_other_in_both_directions() {
        let ids: Vec<String> = (0..23).map(|i| format!("id{i:02}")).collect();
        for desc in [false, true] {
            let mut seen = vec![];
            let mut q = ListQuery { desc, ..Default::default() };
            loop {
                let page = id_page(&ids, &q, 5);
                seen.extend(page.iter().take(5).cloned());
                if page.len() <= 5 {
                    break;
                }
                q.after = cursor(&page[4], &page[4]);
            }
            let mut sorted = seen.clone();
            sorted.sort();
            assert_eq!(sorted, ids, "every id once ({desc})");
            if desc {
                assert_eq!(seen[0], "id22");
            }
        }
    }
}
