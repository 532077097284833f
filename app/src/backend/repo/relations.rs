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

/// The edges touching `focus` (its neighbourhood), or, without one, the first `limit` edges of the
/// programme; and always the counts per kind and the most connected organisations.
pub async fn map(
    db: &Db,
    grant: &Grant,
    focus: Option<&str>,
    limit: i64,
) -> surrealdb::Result<(Vec<EdgeRow>, Vec<KindCount>, Vec<Connected>)> {
    let mut res = db
        .query(
            "LET $p = type::record('programme', $pid);
             LET $f = IF $focus THEN type::record('organisation', $focus) END;
             SELECT record::id(id) AS id, kind, record::id(in) AS from_id, in.name AS from_name, in.jurisdiction.path AS from_path,
                    record::id(out) AS to_id, out.name AS to_name, note
                FROM relation WHERE programme = $p AND ($f = NONE OR in = $f OR out = $f)
                ORDER BY from_name, kind, to_name LIMIT $limit;
             SELECT kind, count() AS n FROM relation WHERE programme = $p GROUP BY kind;
             SELECT record::id(in) AS id, in.name AS name, count() AS n FROM relation WHERE programme = $p GROUP BY id, name;
             SELECT record::id(out) AS id, out.name AS name, count() AS n FROM relation WHERE programme = $p GROUP BY id, name;",
        )
        .bind(("pid", grant.programme().to_string()))
        .bind(("focus", focus.map(str::to_string)))
        .bind(("limit", limit))
        .await?;
    // Degree = edges out + edges in; the ten highest.
    let mut degree: std::collections::HashMap<String, Connected> = std::collections::HashMap::new();
    for c in res.take::<Vec<Connected>>(4)?.into_iter().chain(res.take::<Vec<Connected>>(5)?) {
        degree.entry(c.id.clone()).and_modify(|d| d.n += c.n).or_insert(c);
    }
    let mut top: Vec<Connected> = degree.into_values().collect();
    top.sort_by(|a, b| b.n.cmp(&a.n).then_with(|| a.name.cmp(&b.name)));
    top.truncate(10);
    Ok((res.take(2)?, res.take(3)?, top))
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
