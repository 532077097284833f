use super::audit::Audit;
use super::authz::{self, Action};
use crate::backend::auth::Ctx;
use crate::backend::repo::programmes as repo;
use crate::backend::AppState;
use crate::domain::{CountryCode, LanguageList, Name, Period, Role};
use crate::error::{AppError, Fields};
use crate::wire::programmes::{KpiView, ProgrammeOverview, ProgrammeSummary, RoundLoop, WorkPackageView, WpItemView};
use crate::wire::LocalText;

fn summary(ctx: &Ctx, r: repo::ProgrammeRow) -> ProgrammeSummary {
    ProgrammeSummary {
        my_role: ctx.role_in(&r.id).unwrap_or(Role::Observer),
        id: r.id,
        name: r.name,
        country: r.country,
        languages: r.languages,
        periods: r.periods,
        jurisdictions: r.jurisdictions.max(0) as u32,
        people: r.people.max(0) as u32,
    }
}

/// The programmes a person may open: all of them for admins, their memberships otherwise.
pub async fn list(state: &AppState, ctx: &Ctx) -> Result<Vec<ProgrammeSummary>, AppError> {
    let rows = if ctx.is_admin {
        let load = async { repo::all(&state.db).await };
        state.caches.all_programmes.get_or_load(&state.db, &(), load).await?
    } else {
        let mut rows = vec![];
        for m in &ctx.memberships {
            rows.extend(header_row(state, &m.programme_id).await?);
        }
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        rows
    };
    Ok(rows.into_iter().map(|r| summary(ctx, r)).collect())
}

use authz::programme_row as header_row;

pub async fn header(state: &AppState, ctx: &Ctx, id: &str) -> Result<ProgrammeSummary, AppError> {
    authz::require(state, ctx, Action::ReadProgramme, id).await?;
    let row = header_row(state, id).await?.ok_or(AppError::NotFound)?;
    Ok(summary(ctx, row))
}

/// Migrants are to be consulted regularly: the programme page warns when no round has opened for
/// longer than this (six months).
pub const CONSULTATION_EVERY_DAYS: i64 = 183;

/// The overview in `lang`: each title of the work-package model travels in that language only (or
/// English where it has none), since the page shows no other.
pub async fn overview(
    state: &AppState,
    ctx: &Ctx,
    id: &str,
    lang: crate::i18n::Lang,
) -> Result<ProgrammeOverview, AppError> {
    authz::require(state, ctx, Action::ReadProgramme, id).await?;
    let today = super::bodies::today();
    let load = async { Ok::<_, AppError>(repo::overview(&state.db, id, &today).await?.map(std::sync::Arc::new)) };
    let found =
        state.caches.overviews.get_or_load(&state.db, &id.to_string(), load).await?.ok_or(AppError::NotFound)?;
    let repo::Overview { programme: row, work_packages: wps, items, kpis, overdue_total, overdue, rounds, views } =
        &*found;
    let day = |s: &str| time::Date::parse(s, &time::format_description::well_known::Iso8601::DATE).ok();
    let today_day = day(&today);
    let rounds: Vec<RoundLoop> = rounds
        .iter()
        .map(|r| RoundLoop {
            days_to_results: r.closed_on.as_deref().and_then(day).and_then(|closed| {
                let end = r.published_on.as_deref().and_then(day).or(today_day)?;
                Some((end - closed).whole_days())
            }),
            id: r.id.clone(),
            title: r.title.clone(),
            status: r.status.clone(),
            opens: r.opens.clone(),
            closed_on: r.closed_on.clone(),
            published_on: r.published_on.clone(),
        })
        .collect();
    let last_consultation = rounds.iter().map(|r| r.opens.clone()).max();
    let consultation_overdue = match (last_consultation.as_deref().and_then(day), today_day) {
        (Some(last), Some(t)) => (t - last).whole_days() > CONSULTATION_EVERY_DAYS,
        _ => true,
    };
    let row = row.clone();
    // Built once per language and cached entry: a request shares them (an `Arc`), it does not
    // rebuild and clone every title.
    let work_packages = {
        let mut views = views.lock().unwrap_or_else(|e| e.into_inner());
        match views.iter().find(|(code, _)| *code == lang.code()) {
            Some((_, built)) => built.clone(),
            None => {
                let text = |v: &serde_json::Value| {
                    let pick = [lang.code(), crate::i18n::DEFAULT]
                        .iter()
                        .find_map(|code| Some((code.to_string(), v.get(code)?.as_str()?.to_string())));
                    LocalText(pick.into_iter().collect())
                };
                let build = || {
                    wps.iter()
                        .map(|wp| WorkPackageView {
                            activities: items
                                .iter()
                                .filter(|i| i.wp == wp.id && i.kind == "activity")
                                .map(|i| WpItemView { code: i.code.clone(), title: text(&i.title) })
                                .collect(),
                            results: items
                                .iter()
                                .filter(|i| i.wp == wp.id && i.kind == "result")
                                .map(|i| WpItemView { code: i.code.clone(), title: text(&i.title) })
                                .collect(),
                            kpis: kpis
                                .iter()
                                .filter(|k| k.wp == wp.id)
                                .map(|k| KpiView {
                                    code: k.code.clone(),
                                    title: text(&k.title),
                                    unit: k.unit.clone(),
                                    disaggregation: k.disaggregation.clone(),
                                    source: k.source.clone(),
                                })
                                .collect(),
                            code: wp.code.clone(),
                            title: text(&wp.title),
                        })
                        .collect::<Vec<_>>()
                };
                let built = std::sync::Arc::new(build());
                views.push((lang.code(), built.clone()));
                built
            }
        }
    };
    let overdue = crate::wire::bodies::Overdue {
        items: overdue.iter().cloned().map(|a| super::bodies::action_view(a, &today)).collect(),
        total: *overdue_total as u32,
    };
    Ok(ProgrammeOverview {
        summary: summary(ctx, row),
        work_packages,
        overdue,
        rounds,
        last_consultation,
        consultation_overdue,
    })
}

/// Creates a programme (admins) and seeds its work packages from the source model.
pub async fn create(
    state: &AppState,
    ctx: &Ctx,
    name: &str,
    country: &str,
    languages: &str,
    periods: &str,
) -> Result<String, AppError> {
    authz::require_admin(ctx)?;
    let mut f = Fields::default();
    let name = f.check(Name::parse("name", name));
    let country = f.check(CountryCode::parse(country));
    let languages = f.check(LanguageList::parse(languages));
    let periods = f.check(Period::parse_list(periods));
    f.finish()?;
    let (Some(name), Some(country), Some(languages), Some(periods)) = (name, country, languages, periods) else {
        unreachable!("checked by finish")
    };
    let id = repo::create(
        &state.db,
        name.as_str(),
        country.as_str(),
        languages.into_vec(),
        periods.iter().map(|p| p.to_string()).collect(),
        serde_json::to_value(super::programme_model::model_as_rows()).expect("the model's rows serialise"),
    )
    .await
    .map_err(|e| super::conflict_or(e, "name"))?;
    Audit::of(ctx)
        .record(
            state,
            Some(&id),
            "programme.create",
            format!("programme:{id}"),
            format!("{} ({})", name.as_str(), country.as_str()),
        )
        .await?;
    Ok(id)
}
