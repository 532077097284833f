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

/// The tables a snapshot of the inventory is read from: a write to either replaces it.
pub const POLICY_TABLES: &[&str] = &["policy", "jurisdiction"];

/// Every policy of the programme, in one round-trip: what the list, its export and the comparison
/// of levels read.
pub async fn all(db: &Db, grant: &Grant) -> surrealdb::Result<Vec<PolicyRow>> {
    db.query(concat!("SELECT ", policy_fields!(), " FROM policy WHERE programme = type::record('programme', $pid)"))
        .bind(("pid", grant.programme().to_string()))
        .await?
        .take(0)
}

/// The policies of a snapshot that the list pattern finds (filters `level`, `area`, `status`; text
/// in title or jurisdiction; sort by title or status; cursor): how many, and `limit + 1` at most.
pub fn select(all: &[PolicyRow], list: &ListQuery, limit: u32) -> (u64, Vec<PolicyRow>) {
    let (level, area, status) = (list.filter("level"), list.filter("area"), list.filter("status"));
    let needle = list.needle();
    let sort = super::applied_sort(list, POLICY_SORTS);
    let hits: Vec<_> = all
        .iter()
        .filter(|r| {
            level.is_none_or(|l| r.level.as_deref() == Some(l))
                && area.is_none_or(|a| r.areas.iter().any(|x| x == a))
                && status.is_none_or(|s| r.status == s)
                && needle
                    .as_deref()
                    .is_none_or(|n| format!("{} {}", r.title, r.jurisdiction).to_lowercase().contains(n))
        })
        .map(|r| (if sort == "status" { r.status.clone() } else { r.title.to_lowercase() }, r.id.as_str(), r))
        .collect();
    let total = hits.len() as u64;
    (total, crate::domain::list::keyed_page(hits, list, limit).into_iter().map(|(_, _, r)| r.clone()).collect())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, title: &str, status: &str, level: Option<&str>, areas: &[&str], place: &str) -> PolicyRow {
        PolicyRow {
            id: id.into(),
            title: title.into(),
            kind: "strategy".into(),
            jurisdiction_code: place.to_uppercase(),
            jurisdiction: place.into(),
            jurisdiction_path: format!("/{place}/"),
            level: level.map(str::to_string),
            areas: areas.iter().map(|a| a.to_string()).collect(),
            starts: None,
            ends: None,
            status: status.into(),
            link: None,
            gaps: vec![],
            needs: vec![],
            weaknesses: vec![],
            recommendations: vec![],
        }
    }

    fn ids(rows: &[PolicyRow]) -> Vec<&str> {
        rows.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn the_inventory_filters_searches_sorts_and_pages_in_memory() {
        let all = vec![
            row("a", "Housing plan", "adopted", Some("national"), &["housing"], "Nation"),
            row("b", "employment strategy", "draft", Some("regional"), &["employment", "housing"], "North"),
            row("c", "Health access", "adopted", Some("regional"), &["health"], "North"),
            row("d", "Language courses", "draft", None, &[], "Southtown"),
        ];
        let q = |pairs: &[(&str, &str)]| {
            let mut list = ListQuery::default();
            for (k, v) in pairs {
                match *k {
                    "q" => list.q = v.to_string(),
                    "sort" => list.sort = v.to_string(),
                    "desc" => list.desc = true,
                    "after" => list.after = v.to_string(),
                    _ => {
                        list.filters.insert(k.to_string(), v.to_string());
                    }
                }
            }
            list
        };
        // By title, case aside; the total counts every hit, the page holds `limit + 1` at most.
        let (total, rows) = select(&all, &q(&[]), 10);
        assert_eq!((total, ids(&rows)), (4, vec!["b", "c", "a", "d"]));
        let (total, rows) = select(&all, &q(&[]), 1);
        assert_eq!((total, ids(&rows)), (4, vec!["b", "c"]));
        // The next page starts after the cursor, in either direction.
        let (_, rows) = select(&all, &q(&[("after", "health access~c")]), 10);
        assert_eq!(ids(&rows), ["a", "d"]);
        let (_, rows) = select(&all, &q(&[("desc", ""), ("after", "housing plan~a")]), 10);
        assert_eq!(ids(&rows), ["c", "b"]);
        // Filters and free text (title or jurisdiction).
        assert_eq!(ids(&select(&all, &q(&[("level", "regional")]), 10).1), ["b", "c"]);
        assert_eq!(ids(&select(&all, &q(&[("area", "housing")]), 10).1), ["b", "a"]);
        assert_eq!(ids(&select(&all, &q(&[("status", "draft")]), 10).1), ["b", "d"]);
        assert_eq!(ids(&select(&all, &q(&[("q", "NORTH")]), 10).1), ["b", "c"]);
        assert_eq!(select(&all, &q(&[("level", "local")]), 10), (0, vec![]));
        // By status, then id.
        assert_eq!(ids(&select(&all, &q(&[("sort", "status")]), 10).1), ["a", "c", "b", "d"]);
    }
}
