//! Consultation activities of a round (coordinators): the meetings, working groups, focus groups,
//! interviews and workshops where people spoke, who took part, the provisions made so that they
//! could and what those cost, and what was said, each contribution coded into the round's themes
//! like any other channel. Activities use the one list pattern and export through the one export.
use super::audit::Audit;
use super::authz::{self, Action, Grant};
use crate::backend::auth::Ctx;
use crate::backend::export::{Cell, Sheet};
use crate::backend::repo::activities::{self as repo, ActivityRow};
use crate::backend::repo::{self as repos, Tx};
use crate::backend::AppState;
use crate::domain::activity::{self, format_cost, provision_totals, ActivityInput, Provision, PARTICIPANT_TYPES};
use crate::domain::analysis::{identifying, Names};
use crate::domain::list::{ListQuery, Page, EXPORT_LIMIT, PAGE_SIZE};
use crate::domain::FieldError;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::wire::rounds::{Activities, ActivityView, ContributionView, ThemeChoice};
use std::sync::Arc;

async fn manager(state: &AppState, ctx: &Ctx, programme_id: &str) -> Result<Grant, AppError> {
    authz::require(state, ctx, Action::ManageRounds, programme_id).await
}

fn provisions_of(row: &[repo::ProvisionRow]) -> Vec<Provision> {
    row.iter().map(|p| Provision { kind: p.kind.clone(), cost_cents: p.cost_cents }).collect()
}

fn view(r: ActivityRow, names: &Names) -> ActivityView {
    let participants: Vec<(String, u32)> = PARTICIPANT_TYPES
        .iter()
        .filter_map(|k| r.participants.get(*k).map(|n| (k.to_string(), (*n).clamp(0, u32::MAX as i64) as u32)))
        .collect();
    ActivityView {
        id: r.id,
        title: r.title,
        format: r.format,
        held_on: r.held_on,
        place: r.place,
        total: participants.iter().map(|(_, n)| n).sum(),
        participants,
        women: r.women.map(|w| w.max(0) as u32),
        provisions: provisions_of(&r.provisions),
        notes: r.notes,
        contributions: r
            .contributions
            .into_iter()
            .map(|c| ContributionView { flags: identifying(&c.text, names), id: c.id, text: c.text, themes: c.themes })
            .collect(),
    }
}

/// A round's activities with their contributions, from the cache while no write touches
/// [`repo::ACTIVITY_TABLES`].
async fn all(state: &AppState, grant: &Grant, round_id: &str) -> Result<Arc<Vec<ActivityRow>>, AppError> {
    let key = format!("{}/{round_id}", grant.programme());
    let load = async { Ok::<_, AppError>(Arc::new(repo::all(&state.db, grant, round_id).await?)) };
    state.caches.activities.get_or_load_tables(&state.db, repo::ACTIVITY_TABLES, &key, load).await
}

pub async fn list(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    query: &ListQuery,
) -> Result<Activities, AppError> {
    let grant = manager(state, ctx, programme_id).await?;
    let round = super::round_cache::round(state, &grant, round_id).await?;
    let r = &round.0;
    let names = super::analysis::register_names(state, &grant).await?;
    let all = all(state, &grant, round_id).await?;
    let (total, rows) = repo::select(&all, query, PAGE_SIZE);
    let themes = super::analysis::themes(state, round_id).await?;
    let provisions: Vec<Vec<Provision>> = all.iter().map(|a| provisions_of(&a.provisions)).collect();
    let page = Page::from_rows(
        rows.into_iter().cloned().collect(),
        total,
        PAGE_SIZE,
        "held_on",
        true,
        |a| (a.held_on.clone(), a.id.clone()),
        |a| view(a, &names),
    );
    Ok(Activities {
        id: r.id.clone(),
        title: r.title.clone(),
        can_record: r.status != "published",
        status: r.status.clone(),
        page,
        provision_totals: provision_totals(provisions.iter().map(Vec::as_slice)),
        themes: themes
            .iter()
            .map(|t| ThemeChoice { id: t.id.clone(), parent: t.parent.clone(), label: t.label.clone() })
            .collect(),
    })
}

/// The activities the same query finds (all pages), one row each, with participants by type,
/// provisions with their costs, and the contributions one per line.
pub async fn export(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    query: &ListQuery,
    lang: Lang,
) -> Result<Sheet, AppError> {
    let grant = manager(state, ctx, programme_id).await?;
    super::round_cache::round(state, &grant, round_id).await?;
    let all = all(state, &grant, round_id).await?;
    let (_, rows) = repo::select(&all, &query.first_page(), EXPORT_LIMIT);
    let mut headers: Vec<String> =
        ["held_on", "format", "title", "jurisdiction", "participants", "women"].iter().map(|s| s.to_string()).collect();
    headers.extend(PARTICIPANT_TYPES.iter().map(|k| format!("participants_{k}")));
    headers.extend(["provisions", "cost", "contributions", "notes"].iter().map(|s| s.to_string()));
    let rows = rows
        .into_iter()
        .map(|r| {
            let v = view(r.clone(), &Names::default());
            let mut row = vec![
                Cell::Text(v.held_on.clone()),
                Cell::Text(lang.t(&format!("activity.format.{}", v.format)).to_string()),
                Cell::Text(v.title.clone()),
                v.place.clone().into(),
                Cell::Number(f64::from(v.total)),
                v.women.map(|w| Cell::Number(f64::from(w))).unwrap_or(Cell::Empty),
            ];
            row.extend(PARTICIPANT_TYPES.iter().map(|k| {
                Cell::Number(f64::from(v.participants.iter().find(|(t, _)| t == k).map(|(_, n)| *n).unwrap_or(0)))
            }));
            let provisions = v
                .provisions
                .iter()
                .map(|p| {
                    format!("{} ({})", lang.t(&format!("activity.provision.{}", p.kind)), format_cost(p.cost_cents))
                })
                .collect::<Vec<_>>()
                .join("; ");
            let cost: i64 = v.provisions.iter().map(|p| p.cost_cents).sum();
            row.push(Cell::Text(provisions));
            row.push(Cell::Number(cost as f64 / 100.0));
            row.push(Cell::Text(v.contributions.iter().map(|c| c.text.clone()).collect::<Vec<_>>().join("\n")));
            row.push(v.notes.into());
            row
        })
        .collect();
    Ok(Sheet { name: "activities".into(), headers, rows })
}

fn thrown(e: surrealdb::Error) -> AppError {
    for (code, field) in [("unknown_jurisdiction", "place"), ("round_published", "round"), ("unknown_theme", "themes")]
    {
        if repos::write::thrown(&e, code) {
            return AppError::validation(vec![FieldError::new(field, code)]);
        }
    }
    e.into()
}

/// Records an activity with its contributions. The audit names the activity, its format and date,
/// never what was said.
pub async fn record(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    input: &ActivityInput<'_>,
    place: &str,
) -> Result<(), AppError> {
    let grant = manager(state, ctx, programme_id).await?;
    let a = activity::validate(input).map_err(AppError::validation)?;
    let place = Some(place.trim()).filter(|p| !p.is_empty());
    let summary = format!("{} ({}, {}): {} contributions", a.title, a.format, a.held_on, a.contributions.len());
    Tx::new()
        .with(repo::create(&grant, round_id, &a, place))
        .with(Audit::of(ctx).write(Some(programme_id), "activity.create", format!("round:{round_id}"), summary))
        .commit(&state.db)
        .await
        .map_err(thrown)
}

pub async fn remove(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    activity_id: &str,
) -> Result<(), AppError> {
    let grant = manager(state, ctx, programme_id).await?;
    Tx::new()
        .with(repo::delete(&grant, round_id, activity_id))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "activity.delete",
            format!("round:{round_id}"),
            format!("activity:{activity_id}"),
        ))
        .commit(&state.db)
        .await
        .map_err(thrown)
}

/// Codes one contribution into themes of the round.
pub async fn code(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    round_id: &str,
    contribution_id: &str,
    themes: &[String],
) -> Result<(), AppError> {
    let grant = manager(state, ctx, programme_id).await?;
    let themes = crate::domain::analysis::codes(themes);
    Tx::new()
        .with(repo::code(&grant, round_id, contribution_id, &themes))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "contribution.code",
            format!("contribution:{contribution_id}"),
            themes.join(", "),
        ))
        .commit(&state.db)
        .await
        .map_err(thrown)
}
