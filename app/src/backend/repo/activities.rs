//! A round's consultation activities and their contributions. Every query names the grant's
//! programme and the round, and every write checks that the records belong to them.
use super::Write;
use crate::backend::Db;
use crate::domain::activity::Activity;
use crate::domain::list::ListQuery;
use crate::domain::Grant;
use std::collections::BTreeMap;
use surrealdb::types::SurrealValue;

#[derive(Clone, Debug, SurrealValue)]
pub struct ContributionRow {
    pub id: String,
    pub text: String,
    pub themes: Vec<String>,
    pub position: i64,
}

#[derive(Clone, Debug, SurrealValue)]
pub struct ProvisionRow {
    pub kind: String,
    pub cost_cents: i64,
}

#[derive(Clone, Debug, SurrealValue)]
pub struct ActivityRow {
    pub id: String,
    pub title: String,
    pub format: String,
    pub held_on: String,
    pub place: Option<String>,
    pub participants: BTreeMap<String, i64>,
    pub women: Option<i64>,
    pub provisions: Vec<ProvisionRow>,
    pub notes: Option<String>,
    pub contributions: Vec<ContributionRow>,
}

macro_rules! activity_fields {
    () => {
        "record::id(id) AS id, title, format, held_on, jurisdiction.name AS place, participants, women,
         provisions, notes,
         (SELECT record::id(id) AS id, text, (SELECT VALUE record::id(id) FROM $parent.themes) AS themes, position
            FROM contribution WHERE activity = $parent.id ORDER BY position) AS contributions"
    };
}

/// What a round's activities are read from (a write to any of them moves the snapshot on).
pub const ACTIVITY_TABLES: &[&str] = &["activity", "contribution", "jurisdiction", "theme"];

/// Every activity of a round with its contributions, newest first by (date, id): one round-trip,
/// kept in a cache (`service::activities::all`).
pub async fn all(db: &Db, grant: &Grant, round_id: &str) -> surrealdb::Result<Vec<ActivityRow>> {
    let sql = concat!(
        "SELECT ",
        activity_fields!(),
        // No ORDER BY here: with one, SurrealDB 3 evaluates `$parent.id` against the projected
        // (string) id and the contributions come back empty. They are sorted below.
        " FROM activity WHERE round = type::record('round', $rid) AND programme = type::record('programme', $pid);"
    );
    let mut rows: Vec<ActivityRow> = db
        .query(sql)
        .bind(("pid", grant.programme().to_string()))
        .bind(("rid", round_id.to_string()))
        .await?
        .take(0)?;
    rows.sort_by(|a, b| (&b.held_on, &b.id).cmp(&(&a.held_on, &a.id)));
    Ok(rows)
}

/// One page of a round's activities (the list pattern over [`all`]), newest first, keyset on
/// (date, id), with the total; filter `kind` is the format and the free text searches titles.
/// `limit` is the page size (or the export's).
pub fn select<'a>(all: &'a [ActivityRow], list: &ListQuery, limit: u32) -> (u64, Vec<&'a ActivityRow>) {
    let format = list.filter("kind");
    let needle = list.needle();
    crate::domain::list::newest_first(
        all,
        list,
        limit,
        |a| {
            format.is_none_or(|f| a.format == f) && needle.as_deref().is_none_or(|n| a.title.to_lowercase().contains(n))
        },
        |a| (a.held_on.as_str(), a.id.as_str()),
    )
}

#[derive(Clone, Debug, SurrealValue)]
struct Numbered {
    position: i64,
    text: String,
}

fn round_guard() -> &'static str {
    "LET $p = type::record('programme', $pid);
     LET $r = type::record('round', $rid);
     IF $r.programme != $p { THROW 'not_found' };"
}

/// Records an activity and its contributions; `place` is a jurisdiction code of the programme.
pub fn create(grant: &Grant, round_id: &str, a: &Activity, place: Option<&str>) -> Write {
    let provisions: Vec<ProvisionRow> =
        a.provisions.iter().map(|p| ProvisionRow { kind: p.kind.clone(), cost_cents: p.cost_cents }).collect();
    let participants: BTreeMap<String, i64> = a.participants.iter().map(|(k, v)| (k.clone(), i64::from(*v))).collect();
    Write::new(format!(
        "{}
         IF $r.status = 'published' {{ THROW 'round_published' }};
         LET $j = IF $place = NONE THEN NONE ELSE (SELECT VALUE id FROM jurisdiction WHERE programme = $p AND code = $place)[0] END;
         IF $place != NONE AND $j = NONE {{ THROW 'unknown_jurisdiction' }};
         LET $a = (CREATE activity CONTENT {{ programme: $p, round: $r, title: $title, format: $format,
            held_on: $held_on, jurisdiction: $j, participants: $participants, women: $women,
            provisions: $provisions, notes: $notes }})[0].id;
         FOR $c IN $texts {{
            CREATE contribution CONTENT {{ programme: $p, round: $r, activity: $a, position: $c.position, text: $c.text }} RETURN NONE;
         }};",
        round_guard()
    ))
    .bind("pid", grant.programme().to_string())
    .bind("rid", round_id.to_string())
    .bind("place", place.map(str::to_string))
    .bind("title", a.title.clone())
    .bind("format", a.format.clone())
    .bind("held_on", a.held_on.clone())
    .bind("participants", participants)
    .bind("women", a.women.map(i64::from))
    .bind("provisions", provisions)
    .bind("notes", a.notes.clone())
    .bind(
        "texts",
        a.contributions
            .iter()
            .enumerate()
            .map(|(i, text)| Numbered { position: i as i64, text: text.clone() })
            .collect::<Vec<_>>(),
    )
}

/// Removes an activity with its contributions.
pub fn delete(grant: &Grant, round_id: &str, activity_id: &str) -> Write {
    Write::new(format!(
        "{}
         LET $a = type::record('activity', $aid);
         IF $a.round != $r {{ THROW 'not_found' }};
         IF $r.status = 'published' {{ THROW 'round_published' }};
         DELETE contribution WHERE activity = $a;
         DELETE $a;",
        round_guard()
    ))
    .bind("pid", grant.programme().to_string())
    .bind("rid", round_id.to_string())
    .bind("aid", activity_id.to_string())
}

/// Codes one contribution into themes of the same round.
pub fn code(grant: &Grant, round_id: &str, contribution_id: &str, themes: &[String]) -> Write {
    Write::new(format!(
        "{}
         LET $c = type::record('contribution', $cid);
         IF $c.round != $r {{ THROW 'not_found' }};
         LET $themes = (SELECT VALUE id FROM theme WHERE round = $r AND record::id(id) IN $codes);
         IF array::len($themes) != array::len($codes) {{ THROW 'unknown_theme' }};
         UPDATE $c SET themes = $themes RETURN NONE;",
        round_guard()
    ))
    .bind("pid", grant.programme().to_string())
    .bind("rid", round_id.to_string())
    .bind("cid", contribution_id.to_string())
    .bind("codes", themes.to_vec())
}
