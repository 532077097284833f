//! The policy inventory, held to the grant's programme.
use super::Write;
use crate::backend::Db;
use crate::domain::list::ListQuery;
use crate::domain::policy::Policy;
use crate::domain::Grant;

pub const POLICY_SORTS: &[&str] = &["title", "status"];

/// A policy as the inventory reads it (the wire type, read as it is).
pub type PolicyRow = crate::wire::policies::PolicyFields;

macro_rules! policy_fields {
    () => {
        "record::id(id) AS id, title, kind, jurisdiction.code AS jurisdiction_code, jurisdiction.name AS jurisdiction,
         jurisdiction.path AS jurisdiction_path, jurisdiction.level AS level, areas, starts, ends, status, link, gaps,
         needs, weaknesses, recommendations"
    };
}

/// One page of the inventory in the list pattern (filters `level`, `area`, `status`; text in title
/// or jurisdiction), with the total, and every policy of the programme for the comparison of levels.
pub async fn page(
    db: &Db,
    grant: &Grant,
    list: &ListQuery,
    limit: u32,
) -> surrealdb::Result<(u64, Vec<PolicyRow>, Vec<PolicyRow>)> {
    let query = db
        .query(concat!(
            "LET $p = type::record('programme', $pid);
             LET $all = (SELECT ",
            policy_fields!(),
            " FROM policy WHERE programme = $p);
             LET $hits = (SELECT *, (IF $sort = 'status' THEN status ELSE string::lowercase(title) END) AS k FROM $all
                WHERE ($level = NONE OR level = $level) AND ($area = NONE OR $area IN areas)
                  AND ($status = NONE OR status = $status)
                  AND ($needle = NONE OR string::contains(string::lowercase(title + ' ' + jurisdiction), $needle)));
             RETURN count($hits);
             IF $desc THEN (SELECT * FROM $hits WHERE $ak = NONE OR k < $ak OR (k = $ak AND id < $aid) ORDER BY k DESC, id DESC LIMIT $n)
             ELSE (SELECT * FROM $hits WHERE $ak = NONE OR k > $ak OR (k = $ak AND id > $aid) ORDER BY k, id LIMIT $n) END;
             RETURN $all;"
        ))
        .bind(("pid", grant.programme().to_string()))
        .bind(("level", list.filter("level").map(str::to_string)))
        .bind(("area", list.filter("area").map(str::to_string)))
        .bind(("status", list.filter("status").map(str::to_string)));
    let mut res = super::list_params(query, list, POLICY_SORTS, limit).await?;
    let total: Option<i64> = res.take(3)?;
    Ok((total.unwrap_or(0).max(0) as u64, res.take(4)?, res.take(5)?))
}

pub async fn get(db: &Db, grant: &Grant, id: &str) -> surrealdb::Result<Option<PolicyRow>> {
    db.query(concat!(
        "SELECT ",
        policy_fields!(),
        " FROM ONLY type::record('policy', $id) WHERE programme = type::record('programme', $pid)"
    ))
    .bind(("id", id.to_string()))
    .bind(("pid", grant.programme().to_string()))
    .await?
    .take(0)
}

/// Creates (`new`) or updates the policy `id`; its jurisdiction is named by code.
pub fn save(grant: &Grant, id: &str, new: bool, p: &Policy) -> Write {
    Write::new(
        "LET $p = type::record('programme', $pid);
         LET $j = (SELECT VALUE id FROM jurisdiction WHERE programme = $p AND code = $code)[0];
         IF $j = NONE { THROW 'unknown_jurisdiction' };
         IF !$new AND type::record('policy', $id).programme != $p { THROW 'not_found' };
         LET $doc = { programme: $p, jurisdiction: $j, title: $title, kind: $kind, areas: $areas, starts: $starts,
            ends: $ends, status: $status, link: $link, gaps: $gaps, needs: $needs, weaknesses: $weaknesses,
            recommendations: $recommendations };
         IF $new { CREATE type::record('policy', $id) CONTENT $doc RETURN NONE }
         ELSE { UPDATE type::record('policy', $id) MERGE $doc RETURN NONE };",
    )
    .bind("pid", grant.programme().to_string())
    .bind("id", id.to_string())
    .bind("new", new)
    .bind("code", p.jurisdiction_code.clone())
    .bind("title", p.title.clone())
    .bind("kind", p.kind.clone())
    .bind("areas", p.areas.clone())
    .bind("starts", p.starts.clone())
    .bind("ends", p.ends.clone())
    .bind("status", p.status.clone())
    .bind("link", p.link.clone())
    .bind("gaps", p.gaps.clone())
    .bind("needs", p.needs.clone())
    .bind("weaknesses", p.weaknesses.clone())
    .bind("recommendations", p.recommendations.clone())
}
