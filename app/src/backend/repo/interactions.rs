//! The hub's interactions log.
use super::Write;
use crate::backend::Db;
use crate::domain::list::ListQuery;
use crate::domain::Grant;
use surrealdb::types::SurrealValue;

#[derive(Clone, Debug, SurrealValue)]
pub struct InteractionRow {
    pub id: String,
    pub on: String,
    pub kind: String,
    pub a_name: String,
    pub b_name: String,
    /// Each side's level of action (its own, else its jurisdiction's) and whether it is public.
    pub a_level: Option<String>,
    pub b_level: Option<String>,
    pub a_kind: String,
    pub b_kind: String,
    pub quality: i64,
    pub note: Option<String>,
}

/// The log, newest first, in the list pattern (keyset on date and id), with the total; `org`
/// keeps one organisation's interactions. Also every interaction's sides and quality, for WP2.K3/K4.
pub async fn page(
    db: &Db,
    grant: &Grant,
    list: &ListQuery,
    limit: u32,
) -> surrealdb::Result<(u64, Vec<InteractionRow>, Vec<InteractionRow>)> {
    let mut res = db
        .query(
            "LET $p = type::record('programme', $pid);
             LET $all = (SELECT record::id(id) AS id, on, kind, a.name AS a_name, b.name AS b_name,
                    a.level ?? a.jurisdiction.level AS a_level, b.level ?? b.jurisdiction.level AS b_level,
                    a.kind AS a_kind, b.kind AS b_kind, quality, note
                FROM interaction WHERE programme = $p);
             LET $hits = (SELECT * FROM $all WHERE ($org = NONE OR a_name = $org OR b_name = $org)
                AND ($needle = NONE OR string::contains(string::lowercase(a_name + ' ' + b_name + ' ' + (note ?? '')), $needle)));
             RETURN count($hits);
             SELECT * FROM $hits WHERE $ak = NONE OR on < $ak OR (on = $ak AND id < $aid) ORDER BY on DESC, id DESC LIMIT $n;
             RETURN $all;",
        )
        .bind(("pid", grant.programme().to_string()))
        .bind(("org", list.filter("org").map(str::to_string)))
        .bind(("needle", list.needle()))
        .bind(("ak", list.cursor().map(|c| c.0)))
        .bind(("aid", list.cursor().map(|c| c.1)))
        .bind(("n", i64::from(limit) + 1))
        .await?;
    let total: Option<i64> = res.take(3)?;
    Ok((total.unwrap_or(0).max(0) as u64, res.take(4)?, res.take(5)?))
}

pub fn add(grant: &Grant, a: &str, b: &str, kind: &str, on: &str, quality: i64, note: Option<String>) -> Write {
    Write::new(
        "LET $p = type::record('programme', $pid);
         LET $x = type::record('organisation', $a);
         LET $y = type::record('organisation', $b);
         IF $x.programme != $p OR $y.programme != $p { THROW 'not_found' };
         CREATE interaction SET programme = $p, a = $x, b = $y, kind = $kind, on = $on, quality = $quality, note = $note",
    )
    .bind("pid", grant.programme().to_string())
    .bind("a", a.to_string())
    .bind("b", b.to_string())
    .bind("kind", kind.to_string())
    .bind("on", on.to_string())
    .bind("quality", quality)
    .bind("note", note)
}
