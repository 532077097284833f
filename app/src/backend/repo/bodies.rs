//! WP2's bodies: consultative platforms, seats on them and on the hub (`platform` NONE), their
//! meetings and the meetings' action items. Every query is held to the grant's programme.
use super::Write;
use crate::backend::Db;
use crate::domain::body::{Body, Meeting};
use crate::domain::Grant;
use surrealdb::types::SurrealValue;

/// `$pl`: the body's platform record, or NONE for the hub.
macro_rules! body_lets {
    () => {
        "LET $p = type::record('programme', $pid);
     LET $pl = IF $plid = NONE THEN NONE ELSE type::record('platform', $plid) END;"
    };
}

fn platform_id(body: &Body) -> Option<String> {
    match body {
        Body::Hub => None,
        Body::Platform(id) => Some(id.clone()),
    }
}

#[derive(Clone, Debug, SurrealValue)]
pub struct PlatformRow {
    pub id: String,
    pub name: String,
    pub level: String,
    pub place: Option<String>,
    /// Its jurisdiction's path: an official whose subtree holds it runs the platform.
    pub path: Option<String>,
}

pub fn create_platform(grant: &Grant, name: &str, level: &str, jurisdiction: Option<String>) -> Write {
    Write::new(
        "LET $p = type::record('programme', $pid);
         LET $j = IF $jid = NONE THEN NONE ELSE (SELECT VALUE id FROM jurisdiction WHERE programme = $p AND code = $jid)[0] END;
         IF $jid != NONE AND $j = NONE { THROW 'unknown_jurisdiction' };
         CREATE platform SET programme = $p, name = $name, level = $level, jurisdiction = $j",
    )
    .bind("pid", grant.programme().to_string())
    .bind("name", name.to_string())
    .bind("level", level.to_string())
    .bind("jid", jurisdiction)
}

/// A seat on a body, with what WP2.K1/K2 and the composition warnings need of its organisation.
#[derive(Clone, Debug, SurrealValue)]
pub struct SeatRow {
    pub id: String,
    pub platform: Option<String>,
    pub organisation_id: String,
    pub organisation: String,
    pub kind: String,
    pub level: Option<String>,
    pub sectors: Vec<String>,
    pub women: Option<i64>,
    pub men: Option<i64>,
    pub role: String,
    pub since: String,
    pub until: Option<String>,
}

macro_rules! seat_fields {
    () => {
        "record::id(id) AS id, (IF platform != NONE THEN record::id(platform) END) AS platform,
    record::id(organisation) AS organisation_id, organisation.name AS organisation, organisation.kind AS kind,
    organisation.level ?? organisation.jurisdiction.level AS level, organisation.sectors ?? [] AS sectors,
    organisation.women AS women, organisation.men AS men, role, since, until"
    };
}

/// A programme's platforms (by name) and every seat on the hub and on its platforms (newest first),
/// in one round-trip: what the platforms, meetings and hub pages read of the bodies.
#[derive(Clone, Debug, Default)]
pub struct Bodies {
    pub platforms: Vec<PlatformRow>,
    pub seats: Vec<SeatRow>,
}

/// The tables a [`Bodies`] snapshot is read from: a write to any of them replaces it.
pub const BODIES_TABLES: &[&str] = &["platform", "seat", "organisation", "jurisdiction"];

pub async fn bodies(db: &Db, grant: &Grant) -> surrealdb::Result<Bodies> {
    let sql = concat!(
        "LET $p = type::record('programme', $pid);
         SELECT record::id(id) AS id, name, level, jurisdiction.name AS place, jurisdiction.path AS path FROM platform
            WHERE programme = $p ORDER BY name;
         SELECT ",
        seat_fields!(),
        " FROM seat WHERE programme = $p ORDER BY since DESC, id"
    );
    let mut res = db.query(sql).bind(("pid", grant.programme().to_string())).await?;
    Ok(Bodies { platforms: res.take(1)?, seats: res.take(2)? })
}

impl Bodies {
    /// The seats of one body, newest first (the membership history).
    pub fn seats_of(&self, body: &Body) -> Vec<SeatRow> {
        let platform = platform_id(body);
        self.seats.iter().filter(|s| s.platform == platform).cloned().collect()
    }

    /// Every seat on every platform of the programme (WP2.K2 and the composition of each).
    pub fn platform_seats(&self) -> Vec<SeatRow> {
        self.seats.iter().filter(|s| s.platform.is_some()).cloned().collect()
    }
}

pub fn add_seat(
    grant: &Grant,
    body: &Body,
    organisation: &str,
    role: &str,
    since: &str,
    until: Option<String>,
) -> Write {
    Write::new(concat!(body_lets!(), "
         LET $o = type::record('organisation', $oid);
         IF $o.programme != $p OR ($pl != NONE AND $pl.programme != $p) { THROW 'not_found' };
         IF count(SELECT id FROM seat WHERE programme = $p AND platform = $pl AND organisation = $o AND until = NONE) > 0 { THROW 'already_member' };
         CREATE seat SET programme = $p, platform = $pl, organisation = $o, role = $role, since = $since, until = $until"))
    .bind("pid", grant.programme().to_string())
    .bind("plid", platform_id(body))
    .bind("oid", organisation.to_string())
    .bind("role", role.to_string())
    .bind("since", since.to_string())
    .bind("until", until)
}

/// Ends a seat on `until` (the history keeps it).
pub fn end_seat(grant: &Grant, seat: &str, until: &str) -> Write {
    Write::new(
        "LET $s = type::record('seat', $sid);
         IF $s.programme != type::record('programme', $pid) { THROW 'not_found' };
         IF $until < $s.since { THROW 'before_start' };
         UPDATE $s SET until = $until",
    )
    .bind("pid", grant.programme().to_string())
    .bind("sid", seat.to_string())
    .bind("until", until.to_string())
}

#[derive(Clone, Debug, SurrealValue)]
pub struct MeetingRow {
    pub id: String,
    pub platform: Option<String>,
    pub title: String,
    pub kind: String,
    pub format: String,
    pub on: String,
    pub attendees: i64,
    pub open_items: i64,
}

#[derive(Clone, Debug, SurrealValue)]
struct OpenCount {
    meeting: String,
    n: i64,
}

/// Every meeting of the programme (of the hub and of each platform) with its open action items,
/// newest first: two reads, whatever the number of meetings.
pub async fn all_meetings(db: &Db, programme_id: &str) -> surrealdb::Result<Vec<MeetingRow>> {
    // The open items in one grouped read (a count per meeting read every action item once per
    // meeting: 22 requests/s at 500 meetings). Sorted here: an ORDER BY naming `id` would break
    // `$parent.id` in SurrealDB 3.
    let mut res = db
        .query(
            "LET $p = type::record('programme', $pid);
             SELECT record::id(id) AS id, (IF platform != NONE THEN record::id(platform) END) AS platform, title,
                    kind, format, on, array::len(attendees) AS attendees, 0 AS open_items
                FROM meeting WHERE programme = $p;
             SELECT record::id(meeting) AS meeting, count() AS n FROM action_item
                WHERE programme = $p AND status = 'open' GROUP BY meeting;",
        )
        .bind(("pid", programme_id.to_string()))
        .await?;
    let mut rows: Vec<MeetingRow> = res.take(1)?;
    let open: std::collections::HashMap<String, i64> =
        res.take::<Vec<OpenCount>>(2)?.into_iter().map(|o| (o.meeting, o.n)).collect();
    for r in &mut rows {
        r.open_items = open.get(&r.id).copied().unwrap_or(0);
    }
    rows.sort_unstable_by(|a, b| (&b.on, &b.id).cmp(&(&a.on, &a.id)));
    Ok(rows)
}

pub fn create_meeting(grant: &Grant, body: &Body, m: &Meeting, attendees: Vec<String>) -> Write {
    Write::new(concat!(
        body_lets!(),
        "
         IF $pl != NONE AND $pl.programme != $p { THROW 'not_found' };
         LET $who = $attendees.map(|$a| type::record('organisation', $a));
         IF count($who.filter(|$o| $o.programme != $p)) > 0 { THROW 'not_found' };
         CREATE meeting SET programme = $p, platform = $pl, title = $title, kind = $kind, format = $format,
            on = $on, agenda = $agenda, minutes = $minutes, decisions = $decisions, attendees = $who
            RETURN NONE"
    ))
    .bind("pid", grant.programme().to_string())
    .bind("plid", platform_id(body))
    .bind("title", m.title.clone())
    .bind("kind", m.kind.clone())
    .bind("format", m.format.clone())
    .bind("on", m.on.clone())
    .bind("agenda", m.agenda.clone())
    .bind("minutes", m.minutes.clone())
    .bind("decisions", m.decisions.clone())
    .bind("attendees", attendees)
}

#[derive(Clone, Debug, SurrealValue)]
pub struct MeetingDetailRow {
    pub id: String,
    pub platform: Option<String>,
    pub platform_name: Option<String>,
    pub title: String,
    pub kind: String,
    pub format: String,
    pub on: String,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    pub decisions: Vec<String>,
    pub attendees: Vec<NamedRow>,
}

#[derive(Clone, Debug, SurrealValue)]
pub struct NamedRow {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, SurrealValue)]
pub struct ActionRow {
    pub id: String,
    pub meeting_id: String,
    pub meeting: String,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub status: String,
}

macro_rules! action_fields {
    () => {
        "record::id(id) AS id, record::id(meeting) AS meeting_id, meeting.title AS meeting,
    title, owner.name AS owner, due, status"
    };
}

/// A meeting with its attendees and its action items.
pub type MeetingParts = (MeetingDetailRow, Vec<ActionRow>);

/// The tables [`meeting`] reads: a write to any of them replaces a cached meeting.
pub const MEETING_TABLES: &[&str] = &["meeting", "action_item", "organisation", "platform"];

/// A meeting with its attendees and action items (due first).
pub async fn meeting(db: &Db, grant: &Grant, id: &str) -> surrealdb::Result<Option<MeetingParts>> {
    let sql = concat!("LET $m = type::record('meeting', $mid);
         LET $p = type::record('programme', $pid);
         SELECT record::id(id) AS id, (IF platform != NONE THEN record::id(platform) END) AS platform, platform.name AS platform_name, title, kind,
                format, on, agenda, minutes, decisions,
                (SELECT record::id(id) AS id, name FROM $parent.attendees ORDER BY name) AS attendees
            FROM ONLY $m WHERE programme = $p;
         SELECT ", action_fields!(), " FROM action_item WHERE meeting = $m AND programme = $p ORDER BY due, id;");
    let mut res = db.query(sql).bind(("mid", id.to_string())).bind(("pid", grant.programme().to_string())).await?;
    let m: Option<MeetingDetailRow> = res.take(2)?;
    let items: Vec<ActionRow> = res.take(3)?;
    Ok(m.map(|m| (m, items)))
}

pub fn add_action(grant: &Grant, meeting: &str, title: &str, owner: &str, due: &str) -> Write {
    Write::new(
        "LET $p = type::record('programme', $pid);
         LET $m = type::record('meeting', $mid);
         LET $o = type::record('organisation', $oid);
         IF $m.programme != $p OR $o.programme != $p { THROW 'not_found' };
         CREATE action_item SET programme = $p, meeting = $m, title = $title, owner = $o, due = $due, status = 'open'
            RETURN NONE",
    )
    .bind("pid", grant.programme().to_string())
    .bind("mid", meeting.to_string())
    .bind("oid", owner.to_string())
    .bind("title", title.to_string())
    .bind("due", due.to_string())
}

/// The body a seat, a meeting or an action item belongs to, in the grant's programme: `None` when
/// there is no such record, `Some(None)` for the hub, `Some(Some(platform id))` for a platform.
pub async fn body_of(db: &Db, grant: &Grant, table: &str, id: &str) -> surrealdb::Result<Option<Option<String>>> {
    #[derive(SurrealValue)]
    struct Row {
        platform: Option<String>,
    }
    let platform = match table {
        "seat" | "meeting" => "platform",
        _ => "meeting.platform",
    };
    let rows: Vec<Row> = db
        .query(format!(
            "SELECT (IF {platform} != NONE THEN record::id({platform}) END) AS platform FROM type::record($t, $id)
             WHERE programme = type::record('programme', $pid)"
        ))
        .bind(("t", table.to_string()))
        .bind(("id", id.to_string()))
        .bind(("pid", grant.programme().to_string()))
        .await?
        .take(0)?;
    Ok(rows.into_iter().next().map(|r| r.platform))
}

pub fn set_action_status(grant: &Grant, item: &str, status: &str) -> Write {
    Write::new(
        "LET $i = type::record('action_item', $iid);
         IF $i.programme != type::record('programme', $pid) { THROW 'not_found' };
         UPDATE $i SET status = $status",
    )
    .bind("pid", grant.programme().to_string())
    .bind("iid", item.to_string())
    .bind("status", status.to_string())
}
