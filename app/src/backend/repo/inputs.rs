//! Attributed inputs to a round, held to the grant's reach: the whole programme, an official's
//! subtree (by the answerer's jurisdiction path), or a member's own organisation.
use super::Write;
use crate::backend::Db;
use crate::domain::round::Answer;
use crate::domain::Grant;
use surrealdb::types::SurrealValue;

#[derive(Clone, Debug, SurrealValue)]
pub struct InputRow {
    pub id: String,
    pub answerer: String,
    /// The organisation that answers, if one does (else a jurisdiction).
    pub organisation: Option<String>,
    pub name: String,
    pub level: String,
    pub path: String,
    pub status: String,
    pub submitted_on: Option<String>,
    pub updated_on: String,
    pub answers: Vec<Answer>,
    pub draws_on: Vec<String>,
    pub drawn_on_by: Vec<String>,
    /// The analysis's themes it is coded into.
    pub themes: Vec<String>,
}

/// The tables [`all`] reads: a write to any of them replaces a round's cached inputs.
pub const INPUT_TABLES: &[&str] = &["input", "organisation", "jurisdiction", "theme"];

/// Every input to a round of the grant's programme, drafts included, by level (national first) then
/// name, in one round-trip: what [`visible`] cuts to a reader's reach.
pub async fn all(db: &Db, grant: &Grant, round_id: &str) -> surrealdb::Result<Vec<InputRow>> {
    db.query(
        "SELECT record::id(id) AS id, answerer, (IF organisation != NONE THEN record::id(organisation) END) AS organisation,
                (organisation.name ?? jurisdiction.name ?? '') AS name, level, path,
                status, submitted_on, updated_on, answers,
                (SELECT VALUE record::id(id) FROM $parent.draws_on) AS draws_on,
                (SELECT VALUE record::id(id) FROM input WHERE $parent.id IN draws_on) AS drawn_on_by,
                (SELECT VALUE record::id(id) FROM $parent.themes) AS themes,
                (IF level = 'national' THEN 0 ELSE IF level = 'regional' THEN 1 ELSE 2 END) AS rank
         FROM input
         WHERE round = type::record('round', $rid) AND programme = type::record('programme', $pid)
         ORDER BY rank, name",
    )
    .bind(("rid", round_id.to_string()))
    .bind(("pid", grant.programme().to_string()))
    .await?
    .take(0)
}

/// The inputs within `grant`'s reach (the whole programme, an official's subtree by the answerer's
/// path, or a member's own organisation): those submitted, and the draft of `own` (the answerer
/// the reader writes for; a draft is read only by those who write it).
pub fn visible(all: &[InputRow], grant: &Grant, own: Option<&str>) -> Vec<InputRow> {
    all.iter()
        .filter(|r| {
            grant.subtree().is_none_or(|under| r.path.starts_with(under))
                && grant.organisation().is_none_or(|org| r.organisation.as_deref() == Some(org))
                && (r.status == "submitted" || own.is_some_and(|o| r.answerer == o))
        })
        .cloned()
        .collect()
}

/// Who answers for an official: the jurisdiction at the top of their subtree.
#[derive(Clone, Debug, SurrealValue)]
pub struct Answerer {
    pub id: String,
    pub name: String,
    pub level: String,
    pub path: String,
}

pub async fn jurisdiction_at(db: &Db, grant: &Grant, path: &str) -> surrealdb::Result<Option<Answerer>> {
    let rows: Vec<Answerer> = db
        .query(
            "SELECT record::id(id) AS id, name, level, path FROM jurisdiction
             WHERE programme = type::record('programme', $pid) AND path = $path LIMIT 1",
        )
        .bind(("pid", grant.programme().to_string()))
        .bind(("path", path.to_string()))
        .await?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// Who answers for a member: their organisation, its level of action (national when unknown) and its
/// jurisdiction's path.
pub async fn organisation(db: &Db, grant: &Grant, id: &str) -> surrealdb::Result<Option<Answerer>> {
    let rows: Vec<Answerer> = db
        .query(
            "SELECT record::id(id) AS id, name, (level ?? jurisdiction.level ?? 'national') AS level,
                    (jurisdiction.path ?? '') AS path
             FROM type::record('organisation', $id) WHERE programme = type::record('programme', $pid)",
        )
        .bind(("pid", grant.programme().to_string()))
        .bind(("id", id.to_string()))
        .await?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// What one save writes.
pub struct SaveInput<'a> {
    pub round_id: &'a str,
    /// `organisation` or `jurisdiction`.
    pub kind: &'a str,
    pub answerer: &'a Answerer,
    pub user_id: &'a str,
    pub answers: &'a [Answer],
    pub submit: bool,
    pub draws_on: &'a [String],
    pub today: &'a str,
}

/// The record key of an answerer's input to a round: one per answerer, so two people saving at once
/// write the same record, and the unique index on (round, answerer) backs it.
pub fn key(round_id: &str, kind: &str, answerer_id: &str) -> String {
    format!("{round_id}_{kind}_{answerer_id}")
}

/// Creates or rewrites the answerer's input. A submitted input stays submitted (an amendment keeps
/// the first submission's day); a round that is not open refuses.
pub fn save(grant: &Grant, s: &SaveInput<'_>) -> Write {
    Write::new(
        "LET $r = type::record('round', $rid);
         IF $r.programme != type::record('programme', $pid) { THROW 'not_found' };
         IF $r.status != 'open' { THROW 'round_not_open' };
         LET $i = type::record('input', $key);
         LET $was = (SELECT VALUE status FROM ONLY $i);
         LET $status = IF $submit OR $was = 'submitted' THEN 'submitted' ELSE 'draft' END;
         LET $first = (SELECT VALUE submitted_on FROM ONLY $i);
         LET $coded = (SELECT VALUE themes FROM ONLY $i) ?? [];
         LET $sources = (SELECT VALUE id FROM input WHERE round = $r AND status = 'submitted'
             AND record::id(id) IN $draws AND id != $i);
         IF array::len($sources) != array::len($draws) { THROW 'unknown_input' };
         UPSERT $i CONTENT { round: $r, programme: $r.programme, organisation: $org, jurisdiction: $jur,
            answerer: $answerer, path: $path, level: $level, answers: $answers, status: $status,
            draws_on: $sources, submitted_on: IF $status = 'submitted' THEN ($first ?? $today) ELSE NONE END,
            updated_on: $today, updated_by: type::record('user', $uid), themes: $coded } RETURN NONE;",
    )
    .bind("pid", grant.programme().to_string())
    .bind("rid", s.round_id.to_string())
    .bind("key", key(s.round_id, s.kind, &s.answerer.id))
    .bind("submit", s.submit)
    .bind("draws", s.draws_on.to_vec())
    .bind(
        "org",
        (s.kind == "organisation").then(|| surrealdb::types::RecordId::new("organisation", s.answerer.id.as_str())),
    )
    .bind(
        "jur",
        (s.kind == "jurisdiction").then(|| surrealdb::types::RecordId::new("jurisdiction", s.answerer.id.as_str())),
    )
    .bind("answerer", format!("{}:{}", s.kind, s.answerer.id))
    .bind("path", s.answerer.path.clone())
    .bind("level", s.answerer.level.clone())
    .bind("answers", s.answers.to_vec())
    .bind("uid", s.user_id.to_string())
    .bind("today", s.today.to_string())
}
