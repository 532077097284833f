//! Typed relationships between organisations, stored as SurrealDB graph edges (`RELATE`).
use super::Write;
use crate::backend::Db;
use crate::domain::Grant;
use surrealdb::types::SurrealValue;

#[derive(Clone, Debug, SurrealValue)]
pub struct EdgeRow {
    pub id: String,
    pub kind: String,
    pub from_id: String,
    pub from_name: String,
    /// The jurisdiction path of the organisation the edge starts from (who may remove it).
    pub from_path: Option<String>,
    pub to_id: String,
    pub to_name: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug, SurrealValue)]
pub struct KindCount {
    pub kind: String,
    pub n: i64,
}

#[derive(Clone, Debug, SurrealValue)]
pub struct Connected {
    pub id: String,
    pub name: String,
    pub n: i64,
}

/// The tables a snapshot of the map is read from: a write to any of them replaces it.
pub const RELATION_TABLES: &[&str] = &["relation", "organisation", "jurisdiction"];

/// Every edge of the programme, by source, kind and target, in one round-trip.
pub async fn all(db: &Db, grant: &Grant) -> surrealdb::Result<Vec<EdgeRow>> {
    db.query(
        "SELECT record::id(id) AS id, kind, record::id(in) AS from_id, in.name AS from_name, in.jurisdiction.path AS from_path,
                record::id(out) AS to_id, out.name AS to_name, note
            FROM relation WHERE programme = type::record('programme', $pid)
            ORDER BY from_name, kind, to_name",
    )
    .bind(("pid", grant.programme().to_string()))
    .await?
    .take(0)
}

/// Of a snapshot: the edges touching `focus` (its neighbourhood), or, without one, the first
/// `limit` edges of the programme; and always the counts per kind and the ten most connected
/// organisations (edges out and in), most first.
pub fn map(all: &[EdgeRow], focus: Option<&str>, limit: usize) -> (Vec<EdgeRow>, Vec<KindCount>, Vec<Connected>) {
    let edges =
        all.iter().filter(|e| focus.is_none_or(|f| e.from_id == f || e.to_id == f)).take(limit).cloned().collect();
    let mut kinds: std::collections::BTreeMap<&str, i64> = std::collections::BTreeMap::new();
    let mut degree: std::collections::HashMap<&str, Connected> = std::collections::HashMap::new();
    for e in all {
        *kinds.entry(&e.kind).or_default() += 1;
        for (id, name) in [(&e.from_id, &e.from_name), (&e.to_id, &e.to_name)] {
            degree.entry(id).or_insert_with(|| Connected { id: id.clone(), name: name.clone(), n: 0 }).n += 1;
        }
    }
    let mut top: Vec<Connected> = degree.into_values().collect();
    top.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.name.cmp(&b.name)));
    top.truncate(10);
    (edges, kinds.into_iter().map(|(kind, n)| KindCount { kind: kind.to_string(), n }).collect(), top)
}

/// Relates two organisations of the grant's programme (`THROW 'not_found'` when either is not its).
pub fn relate(grant: &Grant, from: &str, to: &str, kind: &str, note: Option<String>) -> Write {
    Write::new(
        "LET $p = type::record('programme', $pid);
         LET $a = type::record('organisation', $from);
         LET $b = type::record('organisation', $to);
         IF $a.programme != $p OR $b.programme != $p { THROW 'not_found' };
         RELATE $a->relation->$b SET programme = $p, kind = $kind, note = $note",
    )
    .bind("pid", grant.programme().to_string())
    .bind("from", from.to_string())
    .bind("to", to.to_string())
    .bind("kind", kind.to_string())
    .bind("note", note)
}

/// Removes one relationship of the grant's programme.
pub fn unrelate(grant: &Grant, id: &str) -> Write {
    Write::new(
        "IF array::len((DELETE type::record('relation', $id) WHERE programme = type::record('programme', $pid) RETURN BEFORE)) = 0
         { THROW 'not_found' }",
    )
    .bind("pid", grant.programme().to_string())
    .bind("id", id.to_string())
}

/// The organisation an edge starts from, for the authorization of its removal.
pub async fn edge(db: &Db, grant: &Grant, id: &str) -> surrealdb::Result<Option<EdgeRow>> {
    db.query(
        "SELECT record::id(id) AS id, kind, record::id(in) AS from_id, in.name AS from_name, in.jurisdiction.path AS from_path,
                record::id(out) AS to_id, out.name AS to_name, note
         FROM type::record('relation', $id) WHERE programme = type::record('programme', $pid)",
    )
    .bind(("id", id.to_string()))
    .bind(("pid", grant.programme().to_string()))
    .await?
    .take::<Vec<EdgeRow>>(0)
    .map(|r| r.into_iter().next())
}
