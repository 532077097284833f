use super::first_real_error;
use crate::backend::Db;
use crate::domain::list::ListQuery;
use crate::domain::Grant;
use surrealdb::types::SurrealValue;

#[derive(Clone, Debug, SurrealValue)]
pub struct JurisdictionRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_code: Option<String>,
    pub path: String,
}

/// The whole tree of a programme, in path order (each parent before its children).
pub async fn tree(db: &Db, grant: &Grant) -> surrealdb::Result<Vec<JurisdictionRow>> {
    db.query(
        "SELECT record::id(id) AS id, code, name, level, parent.code AS parent_code, path
         FROM jurisdiction WHERE programme = type::record('programme', $p) ORDER BY path",
    )
    .bind(("p", grant.programme().to_string()))
    .await?
    .take(0)
}

/// The tree sorts by path: each parent before its children.
pub const JURISDICTION_SORTS: &[&str] = &["path"];

/// One page of the tree in path order (the list pattern, keyset on path), with the total, from the
/// whole tree (see [`tree`]; keep it in a cache): `depth` keeps the levels down to it (1 = the
/// national root), `under` keeps one node's subtree, `level` one level, free text matches code or
/// name.
pub fn select(tree: &[JurisdictionRow], list: &ListQuery, limit: u32) -> (u64, Vec<JurisdictionRow>) {
    let depth: Option<usize> = list.filter("depth").and_then(|d| d.parse().ok());
    // An unknown code finds nothing.
    let root = list.filter("under").map(|u| {
        let code = u.trim().to_uppercase();
        tree.iter().find(|r| r.code == code).map(|r| r.path.as_str()).unwrap_or("~")
    });
    let level = list.filter("level");
    let needle = list.needle();
    let after = list.cursor().map(|(k, _)| k);
    let mut total = 0;
    let mut rows = vec![];
    for r in tree {
        let found = root.is_none_or(|p| r.path.starts_with(p))
            && level.is_none_or(|l| r.level == l)
            && depth.is_none_or(|d| r.path.split('/').count().saturating_sub(2) <= d)
            && needle.as_deref().is_none_or(|n| format!("{} {}", r.code, r.name).to_lowercase().contains(n));
        if found {
            total += 1;
            if after.as_deref().is_none_or(|a| r.path.as_str() > a) && rows.len() <= limit as usize {
                rows.push(r.clone());
            }
        }
    }
    (total, rows)
}

/// The nodes that may be parents (national and regional, at most 1 000), for the editors' forms.
pub fn parents(tree: &[JurisdictionRow]) -> Vec<JurisdictionRow> {
    tree.iter().filter(|r| r.level != "local").take(1000).cloned().collect()
}

pub async fn by_code(db: &Db, programme_id: &str, code: &str) -> surrealdb::Result<Option<JurisdictionRow>> {
    db.query(
        "SELECT record::id(id) AS id, code, name, level, parent.code AS parent_code, path
         FROM jurisdiction WHERE programme = type::record('programme', $p) AND code = $code LIMIT 1",
    )
    .bind(("p", programme_id.to_string()))
    .bind(("code", code.to_string()))
    .await?
    .take(0)
}

/// One row to insert: `parent_code` must exist already or come earlier in the same batch.
#[derive(Clone, Debug, serde::Serialize)]
pub struct NewRow {
    pub code: String,
    pub name: String,
    pub level: String,
    pub parent_code: Option<String>,
    pub path: String,
}

/// Inserts rows in order: a write for a [`super::Tx`] (a duplicate code fails the unique index, an
/// unknown parent throws, and the transaction writes nothing).
pub fn insert_rows(grant: &Grant, rows: Vec<NewRow>) -> super::Write {
    let rows = serde_json::to_value(rows).expect("rows serialise");
    super::Write::new(
        "FOR $r IN $rows {
             LET $parent = IF $r.parent_code THEN
                 (SELECT VALUE id FROM jurisdiction WHERE programme = type::record('programme', $programme) AND code = $r.parent_code LIMIT 1)[0]
             END;
             IF $r.parent_code AND !$parent { THROW 'unknown parent ' + $r.parent_code };
             CREATE jurisdiction SET programme = type::record('programme', $programme), code = $r.code, name = $r.name,
                 level = $r.level, parent = $parent, path = $r.path;
         }",
    )
    .bind("programme", grant.programme().to_string())
    .bind("rows", rows)
}

/// Inserts rows in order, in one transaction: all or nothing.
pub async fn insert_all(db: &Db, grant: &Grant, rows: Vec<NewRow>) -> surrealdb::Result<()> {
    insert_rows(grant, rows).run(db).await
}

/// Renames jurisdictions by code: a write for a [`super::Tx`].
pub fn rename_rows(grant: &Grant, renames: Vec<(String, String)>) -> super::Write {
    let renames: Vec<serde_json::Value> =
        renames.into_iter().map(|(code, name)| serde_json::json!({ "code": code, "name": name })).collect();
    super::Write::new(
        "FOR $r IN $renames {
             UPDATE jurisdiction SET name = $r.name WHERE programme = type::record('programme', $programme) AND code = $r.code;
         }",
    )
    .bind("programme", grant.programme().to_string())
    .bind("renames", serde_json::Value::Array(renames))
}

pub async fn rename(db: &Db, grant: &Grant, code: &str, name: &str) -> surrealdb::Result<bool> {
    let mut res = db
        .query(
            "UPDATE jurisdiction SET name = $name
             WHERE programme = type::record('programme', $p) AND code = $code RETURN record::id(id) AS id",
        )
        .bind(("p", grant.programme().to_string()))
        .bind(("code", code.to_string()))
        .bind(("name", name.to_string()))
        .await?;
    let rows: Vec<surrealdb::types::Value> = res.take(0)?;
    Ok(!rows.is_empty())
}

/// How many records point at a jurisdiction (children, organisations, memberships).
pub async fn references(db: &Db, id: &str) -> surrealdb::Result<i64> {
    let mut res = db
        .query(
            "LET $j = type::record('jurisdiction', $id);
             RETURN count(SELECT id FROM jurisdiction WHERE parent = $j)
                  + count(SELECT id FROM organisation WHERE jurisdiction = $j)
                  + count(SELECT id FROM membership WHERE jurisdiction = $j);",
        )
        .bind(("id", id.to_string()))
        .await?;
    Ok(res.take::<Option<i64>>(1)?.unwrap_or(0))
}

/// Deletes a jurisdiction; the database refuses it while anything still refers to it.
pub async fn delete(db: &Db, grant: &Grant, id: &str) -> surrealdb::Result<()> {
    let res = db
        .query("DELETE type::record('jurisdiction', $id) WHERE programme = type::record('programme', $p)")
        .bind(("id", id.to_string()))
        .bind(("p", grant.programme().to_string()))
        .await?;
    first_real_error(res)?;
    Ok(())
}
