//! WP2's bodies: who sits on the hub (public bodies) and on the consultative platforms (private
//! stakeholders) and when, their meetings and action items; WP2.K1/K2 computed from the seats.
//! Coordinators run them, officials the platforms of their own area; everyone in the programme
//! reads them.
use super::audit::Audit;
use super::authz::{self, Action, Grant};
use crate::backend::auth::Ctx;
use crate::backend::repo::bodies::{self as repo, ActionRow, SeatRow};
use crate::backend::repo::{self as repos, organisations as orgs, Tx};
use crate::backend::AppState;
use crate::domain::body::{self, Body, Composition, MeetingInput, MembershipInput, PLATFORM_LEVELS};
use crate::domain::contact::is_date;
use crate::domain::list::{newest_first, ListQuery, Page, PAGE_SIZE};
use crate::domain::organisation::name_key;
use crate::domain::FieldError;
use crate::error::AppError;
use crate::wire::bodies::*;
use std::sync::Arc;

/// Today, as the ISO date memberships and action items compare with.
pub fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

fn seat_view(s: &SeatRow, today: &str) -> SeatView {
    SeatView {
        id: s.id.clone(),
        organisation_id: s.organisation_id.clone(),
        organisation: s.organisation.clone(),
        level: s.level.clone(),
        role: s.role.clone(),
        since: s.since.clone(),
        until: s.until.clone(),
        current: body::is_current(&s.since, s.until.as_deref(), today),
    }
}

fn current<'a>(seats: &'a [SeatRow], today: &'a str) -> impl Iterator<Item = &'a SeatRow> + 'a {
    seats.iter().filter(move |s| body::is_current(&s.since, s.until.as_deref(), today))
}

/// WP2.K1: public bodies currently on the hub, by the level they act at.
pub fn k1(seats: &[SeatRow], today: &str) -> CountKpi {
    let (lines, total) = body::count_lines(
        current(seats, today).map(|s| (s.organisation_id.clone(), vec![body::k1_key(s.level.as_deref())])),
    );
    CountKpi { lines, total }
}

/// WP2.K2: organisations currently on any platform, by typology × sector.
pub fn k2(seats: &[SeatRow], today: &str) -> CountKpi {
    let (lines, total) = body::count_lines(
        current(seats, today).map(|s| (s.organisation_id.clone(), body::k2_keys(&s.kind, &s.sectors))),
    );
    CountKpi { lines, total }
}

async fn manager(state: &AppState, ctx: &Ctx, programme_id: &str) -> bool {
    authz::require(state, ctx, Action::ManageBodies, programme_id).await.is_ok()
}

/// The grant of someone who may run bodies at all: coordinators, and officials (who run the
/// platforms placed inside their subtree). `true` with it when they may run every body.
async fn any_runner(state: &AppState, ctx: &Ctx, programme_id: &str) -> Result<(Grant, bool), AppError> {
    match authz::require(state, ctx, Action::ManageBodies, programme_id).await {
        Ok(grant) => Ok((grant, true)),
        Err(AppError::Forbidden) => {
            let grant = authz::require(state, ctx, Action::EditOrganisations, programme_id).await?;
            if grant.subtree().is_some() {
                Ok((grant, false))
            } else {
                Err(AppError::Forbidden)
            }
        }
        Err(e) => Err(e),
    }
}

/// Whether an official's subtree holds a platform (by its jurisdiction's path).
fn in_area(grant: &Grant, platform_path: Option<&str>) -> bool {
    match (grant.subtree(), platform_path) {
        (Some(root), Some(path)) => crate::domain::scope::in_subtree(root, path),
        _ => false,
    }
}

/// Who may run `body`: coordinators any body; an official a platform placed inside their subtree
/// (a regional platform of their region), never the hub.
async fn runner(state: &AppState, ctx: &Ctx, programme_id: &str, body: &Body) -> Result<Grant, AppError> {
    let (grant, everything) = any_runner(state, ctx, programme_id).await?;
    if everything {
        return Ok(grant);
    }
    let Body::Platform(id) = body else { return Err(AppError::Forbidden) };
    let bodies = snapshot(state, &grant).await?;
    let p = bodies.platforms.iter().find(|p| &p.id == id).ok_or(AppError::NotFound)?;
    if in_area(&grant, p.path.as_deref()) {
        Ok(grant)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The body a seat, meeting or action item belongs to (404 when the programme has no such record).
async fn body_of(state: &AppState, grant: &Grant, table: &str, id: &str) -> Result<Body, AppError> {
    match repo::body_of(&state.db, grant, table, id).await?.ok_or(AppError::NotFound)? {
        None => Ok(Body::Hub),
        Some(p) => Ok(Body::Platform(p)),
    }
}

pub async fn hub_seats(state: &AppState, ctx: &Ctx, programme_id: &str) -> Result<HubSeats, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let bodies = snapshot(state, &grant).await?;
    let (seats, on_platforms) = (bodies.seats_of(&Body::Hub), bodies.platform_seats());
    let today = today();
    Ok(HubSeats {
        k1: k1(&seats, &today),
        k2: k2(&on_platforms, &today),
        seats: seats.iter().map(|s| seat_view(s, &today)).collect(),
        can_manage: manager(state, ctx, programme_id).await,
    })
}

pub async fn platforms(state: &AppState, ctx: &Ctx, programme_id: &str) -> Result<PlatformsView, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let bodies = snapshot(state, &grant).await?;
    let seats = bodies.platform_seats();
    let today = today();
    // Coordinators run every platform; officials those placed inside their subtree.
    let runs = any_runner(state, ctx, programme_id).await.ok();
    let platforms = bodies
        .platforms
        .iter()
        .map(|p| {
            let mut mine: Vec<SeatRow> =
                seats.iter().filter(|s| s.platform.as_deref() == Some(&p.id)).cloned().collect();
            mine.sort_by(|a, b| b.since.cmp(&a.since).then(a.organisation.cmp(&b.organisation)));
            let now: Vec<Composition> = current(&mine, &today)
                .map(|s| Composition {
                    kind: &s.kind,
                    women: s.women.map(|n| n.max(0) as u32),
                    men: s.men.map(|n| n.max(0) as u32),
                })
                .collect();
            PlatformView {
                can_manage: runs.as_ref().is_some_and(|(g, all)| *all || in_area(g, p.path.as_deref())),
                warnings: body::composition_warnings(&now),
                current: now.len() as u32,
                seats: mine.iter().map(|s| seat_view(s, &today)).collect(),
                id: p.id.clone(),
                name: p.name.clone(),
                level: p.level.clone(),
                place: p.place.clone(),
            }
        })
        .collect();
    Ok(PlatformsView { platforms, k2: k2(&seats, &today), can_manage: runs.is_some() })
}

pub async fn create_platform(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    name: &str,
    level: &str,
    jurisdiction_code: &str,
) -> Result<(), AppError> {
    let (grant, everything) = any_runner(state, ctx, programme_id).await?;
    let mut errors = vec![];
    let name = name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "required"));
    }
    if !PLATFORM_LEVELS.contains(&level) {
        errors.push(FieldError::new("level", "invalid_choice"));
    }
    let code = Some(jurisdiction_code.trim().to_string()).filter(|c| !c.is_empty());
    // An official creates regional platforms placed in their own area.
    if !everything {
        if level != "regional" {
            errors.push(FieldError::new("level", "outside_your_area"));
        }
        let path = match &code {
            Some(c) => crate::backend::repo::jurisdictions::by_code(&state.db, programme_id, c).await?.map(|j| j.path),
            None => None,
        };
        if !in_area(&grant, path.as_deref()) {
            errors.push(FieldError::new("jurisdiction_code", "outside_your_area"));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    Tx::new()
        .with(repo::create_platform(&grant, name, level, code))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "platform.create",
            format!("platform:{name}"),
            level.to_string(),
        ))
        .commit(&state.db)
        .await
        .map_err(|e| {
            if repos::write::thrown(&e, "unknown_jurisdiction") {
                AppError::validation(vec![FieldError::new("jurisdiction_code", "unknown_jurisdiction")])
            } else if repos::unique_violation(&e).is_some() {
                AppError::Conflict { field: Some("name".into()) }
            } else {
                e.into()
            }
        })
}

/// Seats an organisation of the register (named) on a body: public bodies on the hub, private
/// stakeholders on a platform; one open seat per organisation and body.
#[allow(clippy::too_many_arguments)]
pub async fn add_seat(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    body: &str,
    organisation: &str,
    role: &str,
    since: &str,
    until: &str,
) -> Result<(), AppError> {
    let body = Body::parse(body).ok_or(AppError::NotFound)?;
    let grant = runner(state, ctx, programme_id, &body).await?;
    let mut errors = vec![];
    let org = match orgs::id_by_key(&state.db, &grant, &name_key(organisation)).await? {
        Some(id) => orgs::by_id(&state.db, programme_id, &id).await?,
        None => None,
    };
    match &org {
        None => errors.push(FieldError::new(
            "organisation",
            if organisation.trim().is_empty() { "required" } else { "unknown_organisation" },
        )),
        Some(o) if !body.admits(&o.kind) => errors.push(FieldError::new(
            "organisation",
            if body == Body::Hub { "hub_public_only" } else { "platform_private_only" },
        )),
        Some(_) => {}
    }
    let checked = body::validate_membership(&MembershipInput { role, since, until });
    if let Err(e) = &checked {
        errors.extend(e.iter().cloned());
    }
    let (true, Some(org), Ok((role, since, until))) = (errors.is_empty(), org, checked) else {
        return Err(AppError::validation(errors));
    };
    Tx::new()
        .with(repo::add_seat(&grant, &body, &org.id, &role, &since, until))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "seat.create",
            format!("organisation:{}", org.id),
            format!("{role} of {} since {since}", body.key()),
        ))
        .commit(&state.db)
        .await
        .map_err(seat_error)
}

fn seat_error(e: surrealdb::Error) -> AppError {
    if repos::write::thrown(&e, "already_member") {
        AppError::validation(vec![FieldError::new("organisation", "already_member")])
    } else if repos::write::thrown(&e, "before_start") {
        AppError::validation(vec![FieldError::new("until", "before_start")])
    } else {
        e.into()
    }
}

/// Ends a seat on a date; the seat stays in the body's history.
pub async fn end_seat(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    seat: &str,
    until: &str,
) -> Result<(), AppError> {
    let (grant, _) = any_runner(state, ctx, programme_id).await?;
    let body = body_of(state, &grant, "seat", seat).await?;
    let grant = runner(state, ctx, programme_id, &body).await?;
    if !is_date(until.trim()) {
        return Err(AppError::validation(vec![FieldError::new("until", "invalid_date")]));
    }
    Tx::new()
        .with(repo::end_seat(&grant, seat, until.trim()))
        .with(Audit::of(ctx).write(Some(programme_id), "seat.end", format!("seat:{seat}"), until.trim().to_string()))
        .commit(&state.db)
        .await
        .map_err(seat_error)
}

/// Every body of the programme: the hub, then the platforms by name.
async fn bodies(state: &AppState, grant: &Grant) -> Result<Vec<Choice>, AppError> {
    let mut all = vec![("hub".to_string(), String::new())];
    all.extend(snapshot(state, grant).await?.platforms.iter().map(|p| (p.id.clone(), p.name.clone())));
    Ok(all)
}

pub async fn meetings(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    query: &ListQuery,
) -> Result<MeetingsView, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    let body = Body::parse(query.filter("body").unwrap_or("hub")).ok_or(AppError::NotFound)?;
    let bodies = bodies(state, &grant).await?;
    if !bodies.iter().any(|(k, _)| k == body.key()) {
        return Err(AppError::NotFound);
    }
    let (all, snap) = tokio::try_join!(meeting_log(state, &grant), snapshot(state, &grant))?;
    let seats = snap.seats_of(&body);
    let (total, rows) = select_meetings(&all, &body, query, PAGE_SIZE);
    let today = today();
    let mut members: Vec<Choice> =
        current(&seats, &today).map(|s| (s.organisation_id.clone(), s.organisation.clone())).collect();
    members.sort_by(|a, b| a.1.cmp(&b.1));
    members.dedup();
    let page = Page::from_rows(
        rows,
        total,
        PAGE_SIZE,
        "on",
        true,
        |r| (r.on.clone(), r.id.clone()),
        |r| MeetingView {
            id: r.id,
            title: r.title,
            kind: r.kind,
            format: r.format,
            on: r.on,
            attendees: r.attendees.max(0) as u32,
            open_items: r.open_items.max(0) as u32,
        },
    );
    Ok(MeetingsView {
        body: body.key().to_string(),
        bodies,
        page,
        members,
        can_manage: runner(state, ctx, programme_id, &body).await.is_ok(),
    })
}

/// The programme's platforms and seats, from the cache while no write touches `platform`, `seat`,
/// `organisation` (a name, kind or composition shown with a seat) or `jurisdiction` (a platform's
/// place and area).
async fn snapshot(state: &AppState, grant: &Grant) -> Result<Arc<repo::Bodies>, AppError> {
    let key = grant.programme().to_string();
    let load = async { Ok::<_, AppError>(Arc::new(repo::bodies(&state.db, grant).await?)) };
    state.caches.bodies.get_or_load_tables(&state.db, repo::BODIES_TABLES, &key, load).await
}

/// Every meeting of the programme with its open action items, from the cache while no write
/// touches `meeting`, `action_item` or `organisation` (an attendee's deletion changes a count).
pub async fn meeting_log(state: &AppState, grant: &Grant) -> Result<Arc<Vec<MeetingEntry>>, AppError> {
    let key = grant.programme().to_string();
    let load = async {
        let rows = repo::all_meetings(&state.db, grant.programme()).await?;
        Ok::<_, AppError>(Arc::new(
            rows.into_iter().map(|r| MeetingEntry { title_key: r.title.to_lowercase(), row: r }).collect(),
        ))
    };
    state.caches.meetings.get_or_load_tables(&state.db, &["meeting", "action_item", "organisation"], &key, load).await
}

/// A meeting of the snapshot, with its title lower-cased for the free-text filter.
#[derive(Clone, Debug)]
pub struct MeetingEntry {
    row: repo::MeetingRow,
    title_key: String,
}

/// The list pattern over one body's meetings (newest first, free text on the title, the cursor
/// (date, id)): the number found and the page's rows (and one more, when there is a next page).
fn select_meetings(all: &[MeetingEntry], body: &Body, list: &ListQuery, limit: u32) -> (u64, Vec<repo::MeetingRow>) {
    let platform = match body {
        Body::Hub => None,
        Body::Platform(id) => Some(id.as_str()),
    };
    let needle = list.needle();
    let (total, page) = newest_first(
        all,
        list,
        limit,
        |m| m.row.platform.as_deref() == platform && needle.as_deref().is_none_or(|n| m.title_key.contains(n)),
        |m| (m.row.on.as_str(), m.row.id.as_str()),
    );
    (total, page.into_iter().map(|m| m.row.clone()).collect())
}

/// Records a meeting of a body; those ticked as attending must sit on it that day.
pub async fn record_meeting(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    body: &str,
    input: &MeetingInput<'_>,
    attendees: &[String],
) -> Result<String, AppError> {
    let body = Body::parse(body).ok_or(AppError::NotFound)?;
    let grant = runner(state, ctx, programme_id, &body).await?;
    let meeting = body::validate_meeting(input).map_err(AppError::validation)?;
    // Read afresh, not from the cache: another instance may have ended a seat a moment ago.
    let seats = repo::bodies(&state.db, &grant).await?.seats_of(&body);
    let seated = |id: &str| {
        seats.iter().any(|s| s.organisation_id == id && body::is_current(&s.since, s.until.as_deref(), &meeting.on))
    };
    if attendees.iter().any(|a| !seated(a)) {
        return Err(AppError::validation(vec![FieldError::new("attendees", "not_a_member")]));
    }
    let mut attendees = attendees.to_vec();
    attendees.sort();
    attendees.dedup();
    Tx::new()
        .with(repo::create_meeting(&grant, &body, &meeting, attendees.clone()))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "meeting.create",
            format!("{}:{}", body.key(), meeting.on),
            format!("{} ({}), {} attending", meeting.title, meeting.kind, attendees.len()),
        ))
        .commit(&state.db)
        .await?;
    Ok(body.key().to_string())
}

pub fn action_view(a: ActionRow, today: &str) -> ActionView {
    ActionView {
        overdue: body::is_overdue(&a.status, &a.due, today),
        id: a.id,
        meeting_id: a.meeting_id,
        meeting: a.meeting,
        title: a.title,
        owner: a.owner,
        due: a.due,
        status: a.status,
    }
}

pub async fn meeting(state: &AppState, ctx: &Ctx, programme_id: &str, id: &str) -> Result<MeetingDetail, AppError> {
    let grant = authz::require(state, ctx, Action::ReadProgramme, programme_id).await?;
    // From the cache while no write touches the meeting, its items, an attendee or its platform.
    let key = format!("{}/{id}", grant.programme());
    let load = async { repo::meeting(&state.db, &grant, id).await?.map(Arc::new).ok_or(AppError::NotFound) };
    let cached = state.caches.meeting_details.get_or_load_tables(&state.db, repo::MEETING_TABLES, &key, load).await?;
    let (m, items) = cached.as_ref().clone();
    let today = today();
    let body = m.platform.clone().map(Body::Platform).unwrap_or(Body::Hub);
    let can_manage = runner(state, ctx, programme_id, &body).await.is_ok();
    Ok(MeetingDetail {
        id: m.id,
        body: m.platform.unwrap_or_else(|| "hub".into()),
        body_name: m.platform_name,
        title: m.title,
        kind: m.kind,
        format: m.format,
        on: m.on,
        agenda: m.agenda,
        minutes: m.minutes,
        decisions: m.decisions,
        attendees: m.attendees.into_iter().map(|a| (a.id, a.name)).collect(),
        items: items.into_iter().map(|a| action_view(a, &today)).collect(),
        can_manage,
    })
}

/// Adds an action item to a meeting, owned by one of the organisations that attended.
pub async fn add_action(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    meeting: &str,
    title: &str,
    owner: &str,
    due: &str,
) -> Result<(), AppError> {
    let (grant, _) = any_runner(state, ctx, programme_id).await?;
    let (m, _) = repo::meeting(&state.db, &grant, meeting).await?.ok_or(AppError::NotFound)?;
    let body = m.platform.clone().map(Body::Platform).unwrap_or(Body::Hub);
    let grant = runner(state, ctx, programme_id, &body).await?;
    let (title, owner, due) = body::validate_action(title, owner, due).map_err(AppError::validation)?;
    if !m.attendees.iter().any(|a| a.id == owner) {
        return Err(AppError::validation(vec![FieldError::new("owner", "not_attending")]));
    }
    Tx::new()
        .with(repo::add_action(&grant, meeting, &title, &owner, &due))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "action_item.create",
            format!("meeting:{meeting}"),
            format!("{title}, owner organisation:{owner}, due {due}"),
        ))
        .commit(&state.db)
        .await
        .map_err(AppError::from)
}

pub async fn set_action_status(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    item: &str,
    status: &str,
) -> Result<(), AppError> {
    let (grant, _) = any_runner(state, ctx, programme_id).await?;
    let body = body_of(state, &grant, "action_item", item).await?;
    let grant = runner(state, ctx, programme_id, &body).await?;
    if !body::ACTION_STATUSES.contains(&status) {
        return Err(AppError::validation(vec![FieldError::new("status", "invalid_choice")]));
    }
    Tx::new()
        .with(repo::set_action_status(&grant, item, status))
        .with(Audit::of(ctx).write(
            Some(programme_id),
            "action_item.status",
            format!("action_item:{item}"),
            status.to_string(),
        ))
        .commit(&state.db)
        .await
        .map_err(AppError::from)
}
