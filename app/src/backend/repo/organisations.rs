use crate::backend::Db;
use crate::domain::list::ListQuery;
use crate::domain::organisation::OrganisationInput;
use crate::domain::Grant;
use std::borrow::Cow;
use surrealdb::types::SurrealValue;

#[derive(Clone, Debug, SurrealValue)]
pub struct OrganisationRow {
    pub id: String,
    pub name: String,
    pub kind: String,
}

/// A programme's organisations by name (`$p` is the programme's record id).
pub const ORGANISATIONS_OF_P: &str = "SELECT record::id(id) AS id, name, kind FROM organisation
    WHERE programme = $p ORDER BY name";

/// One organisation of a programme (`None` when it is not this programme's).
pub async fn by_id(db: &Db, programme_id: &str, id: &str) -> surrealdb::Result<Option<OrganisationRow>> {
    db.query(
        "SELECT record::id(id) AS id, name, kind FROM type::record('organisation', $id)
         WHERE programme = type::record('programme', $p)",
    )
    .bind(("id", id.to_string()))
    .bind(("p", programme_id.to_string()))
    .await?
    .take::<Vec<OrganisationRow>>(0)
    .map(|rows| rows.into_iter().next())
}

/// The id of a programme's organisation by its exact name.
pub async fn id_by_name(db: &Db, programme_id: &str, name: &str) -> surrealdb::Result<Option<String>> {
    let mut res = db
        .query("SELECT VALUE record::id(id) FROM organisation WHERE programme = type::record('programme', $p) AND name = $name")
        .bind(("p", programme_id.to_string()))
        .bind(("name", name.to_string()))
        .await?;
    Ok(res.take::<Vec<String>>(0)?.into_iter().next())
}

/// The id of the grant's programme's organisation with this name key.
pub async fn id_by_key(db: &Db, grant: &Grant, key: &str) -> surrealdb::Result<Option<String>> {
    let mut res = db
        .query("SELECT VALUE record::id(id) FROM organisation WHERE programme = type::record('programme', $p) AND name_key = $key")
        .bind(("p", grant.programme().to_string()))
        .bind(("key", key.to_string()))
        .await?;
    Ok(res.take::<Vec<String>>(0)?.into_iter().next())
}

pub struct NewOrganisation<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub jurisdiction_id: Option<String>,
    pub migrant_led: bool,
}

pub async fn create(db: &Db, programme_id: &str, o: NewOrganisation<'_>) -> surrealdb::Result<String> {
    let mut res = db
        .query(
            "CREATE organisation SET programme = type::record('programme', $p), name = $name, name_key = $key, kind = $kind,
                jurisdiction = IF $j THEN type::record('jurisdiction', $j) END, migrant_led = $ml
             RETURN record::id(id) AS id",
        )
        .bind(("p", programme_id.to_string()))
        .bind(("name", o.name.to_string()))
        .bind(("key", crate::domain::organisation::name_key(o.name)))
        .bind(("kind", o.kind.to_string()))
        .bind(("j", o.jurisdiction_id))
        .bind(("ml", o.migrant_led))
        .await?;
    let id: Option<String> = res.take((0, "id"))?;
    Ok(id.unwrap_or_default())
}

/// One stakeholder as the register shows it.
#[derive(Clone, Debug, SurrealValue)]
pub struct StakeholderRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub jurisdiction_code: Option<String>,
    pub jurisdiction_name: Option<String>,
    pub jurisdiction_path: Option<String>,
    pub level: Option<String>,
    pub sectors: Vec<String>,
    pub women: Option<i64>,
    pub men: Option<i64>,
    pub other_gender: Option<i64>,
    pub migrant_led: bool,
    pub influence: Option<i64>,
    pub interest: Option<i64>,
    pub position: Option<String>,
    pub website: Option<String>,
    pub notes: Option<String>,
    /// The sort key (the list pattern's cursor is this and the id).
    pub k: String,
}

/// The register's sort columns; the first is the default.
pub const STAKEHOLDER_SORTS: &[&str] = &["name", "kind", "jurisdiction", "influence", "interest"];

/// What the register filters, counts and sorts on, for one organisation: the whole programme's
/// register is read once into these (a few hundred bytes each) and kept while no write touches the
/// `organisation` table, so a page of a 10 000-row register costs no scan of the store.
#[derive(Clone, Debug, SurrealValue)]
pub struct Entry {
    pub id: String,
    /// The name as written (what other registers show for it).
    pub label: String,
    /// The name, lower-cased (the sort key's tail).
    pub name: String,
    pub kind: String,
    pub level: Option<String>,
    /// The record key of its jurisdiction.
    pub place: Option<String>,
    pub sectors: Vec<String>,
    pub migrant_led: bool,
    pub influence: Option<i64>,
    pub interest: Option<i64>,
    /// Name and notes, lower-cased: what free text matches.
    pub text: String,
    /// The rest of its row, so a page of the register is read from the snapshot.
    pub women: Option<i64>,
    pub men: Option<i64>,
    pub other_gender: Option<i64>,
    pub position: Option<String>,
    pub website: Option<String>,
    pub notes: Option<String>,
}

/// The register's entries of a programme (one round-trip; keep them in a cache).
pub async fn entries(db: &Db, programme_id: &str) -> surrealdb::Result<Vec<Entry>> {
    db.query(
        "SELECT record::id(id) AS id, name AS label, string::lowercase(name) AS name, kind, level,
                IF jurisdiction THEN record::id(jurisdiction) END AS place, sectors, migrant_led, influence, interest,
                string::lowercase(name + ' ' + (notes ?? '')) AS text, women, men, other_gender, position,
                website, notes
         FROM organisation WHERE programme = type::record('programme', $p)",
    )
    .bind(("p", programme_id.to_string()))
    .await?
    .take(0)
}

/// One page of the register (the list pattern) from its entries: filters `kind` (a kind, or
/// `public` / `private`), `level`, `jurisdiction` (a code: it and its subtree), `sector`,
/// `migrant_led` (`yes` / `no`), `influence` and `interest` (a grid cell), and free text on name
/// and notes; sorted by [`STAKEHOLDER_SORTS`] with the list's cursor. Also counts the filtered rows
/// per influence × interest cell, for the power/interest grid. Everything comes from the snapshot
/// (no round-trip); `places` are the programme's jurisdictions (see [`vocabulary`]).
pub fn page(
    entries: &[Entry],
    places: &[Place],
    list: &ListQuery,
    limit: u32,
) -> (u64, Vec<StakeholderRow>, Vec<GridCell>) {
    let (total, keyed, cells) = select(entries, places, list, limit);
    let place: std::collections::HashMap<&str, &Place> = places.iter().map(|p| (p.id.as_str(), p)).collect();
    let rows =
        keyed.into_iter().map(|(k, e)| row(e, e.place.as_deref().and_then(|id| place.get(id).copied()), k)).collect();
    (total, rows, cells)
}

/// An entry of the snapshot as the register shows it, at its place (`at`), with sort key `k`.
pub fn row(e: &Entry, at: Option<&Place>, k: String) -> StakeholderRow {
    StakeholderRow {
        id: e.id.clone(),
        name: e.label.clone(),
        kind: e.kind.clone(),
        jurisdiction_code: at.map(|p| p.code.clone()),
        jurisdiction_name: at.map(|p| p.name.clone()),
        jurisdiction_path: at.map(|p| p.path.clone()),
        level: e.level.clone(),
        sectors: e.sectors.clone(),
        women: e.women,
        men: e.men,
        other_gender: e.other_gender,
        migrant_led: e.migrant_led,
        influence: e.influence,
        interest: e.interest,
        position: e.position.clone(),
        website: e.website.clone(),
        notes: e.notes.clone(),
        k,
    }
}

/// The filtering, counting and ordering of [`page`]: the number of rows found, the sort key and id of
/// the page's entries (and one more, when there is a next page), and the grid's cells.
pub fn select<'e>(
    entries: &'e [Entry],
    places: &[Place],
    list: &ListQuery,
    limit: u32,
) -> (u64, Vec<(String, &'e Entry)>, Vec<GridCell>) {
    use crate::domain::organisation::PUBLIC_KINDS;
    let paths: std::collections::HashMap<&str, &str> =
        places.iter().map(|p| (p.id.as_str(), p.path.as_str())).collect();
    let path_of = |e: &Entry| e.place.as_deref().and_then(|id| paths.get(id).copied());
    let kind = list.filter("kind");
    let level = list.filter("level");
    // An unknown code finds nothing (as a code that names no place in the tree).
    let root = list.filter("jurisdiction").map(|code| {
        let code = code.trim().to_uppercase();
        places.iter().find(|p| p.code == code).map(|p| p.path.as_str()).unwrap_or("~")
    });
    let sector = list.filter("sector");
    let migrant = list.filter("migrant_led").map(|m| m == "yes");
    let inf = list.filter("influence").and_then(|v| v.parse::<i64>().ok());
    let int = list.filter("interest").and_then(|v| v.parse::<i64>().ok());
    let needle = list.needle();
    let rows = entries.iter().filter(|e| {
        kind.is_none_or(|k| {
            e.kind == k
                || (k == "public" && PUBLIC_KINDS.contains(&e.kind.as_str()))
                || (k == "private" && !PUBLIC_KINDS.contains(&e.kind.as_str()))
        }) && level.is_none_or(|l| e.level.as_deref() == Some(l))
            && root.is_none_or(|r| path_of(e).unwrap_or("").starts_with(r))
            && sector.is_none_or(|s| e.sectors.iter().any(|x| x == s))
            && migrant.is_none_or(|m| e.migrant_led == m)
            && needle.as_deref().is_none_or(|n| e.text.contains(n))
    });
    let mut grid: std::collections::BTreeMap<(i64, i64), i64> = Default::default();
    let mut hits: Vec<&'e Entry> = vec![];
    for e in rows {
        if let (Some(i), Some(n)) = (e.influence, e.interest) {
            *grid.entry((i, n)).or_default() += 1;
        }
        if inf.is_none_or(|v| e.influence == Some(v)) && int.is_none_or(|v| e.interest == Some(v)) {
            hits.push(e);
        }
    }
    let sort = super::applied_sort(list, STAKEHOLDER_SORTS);
    // Borrowed for the default sort, so a page of a large register copies no names but its own.
    let key = |e: &'e Entry| -> Cow<'e, str> {
        match sort {
            "kind" => Cow::Owned(format!("{} {}", e.kind, e.name)),
            "jurisdiction" => Cow::Owned(format!("{} {}", path_of(e).unwrap_or("~").to_lowercase(), e.name)),
            "influence" => Cow::Owned(format!("{} {}", e.influence.unwrap_or(0), e.name)),
            "interest" => Cow::Owned(format!("{} {}", e.interest.unwrap_or(0), e.name)),
            _ => Cow::Borrowed(e.name.as_str()),
        }
    };
    let total = hits.len() as u64;
    let keyed: Vec<(String, &'e Entry)> =
        crate::domain::list::keyed_page(hits.into_iter().map(|e| (key(e), e.id.as_str(), e)), list, limit)
            .into_iter()
            .map(|(k, _, e)| (k.into_owned(), e))
            .collect();
    let cells = grid.into_iter().map(|((influence, interest), n)| GridCell { influence, interest, n }).collect();
    (total, keyed, cells)
}

/// How many organisations sit in one cell of the power/interest grid.
#[derive(Clone, Debug, SurrealValue)]
pub struct GridCell {
    pub influence: i64,
    pub interest: i64,
    pub n: i64,
}

/// One stakeholder of the grant's programme.
pub async fn stakeholder(db: &Db, grant: &Grant, id: &str) -> surrealdb::Result<Option<StakeholderRow>> {
    db.query(
        "SELECT record::id(id) AS id, name, kind, jurisdiction.code AS jurisdiction_code,
                jurisdiction.name AS jurisdiction_name, jurisdiction.path AS jurisdiction_path, level, sectors,
                women, men, other_gender, migrant_led, influence, interest, position, website, notes, name AS k
         FROM type::record('organisation', $id) WHERE programme = type::record('programme', $pid)",
    )
    .bind(("id", id.to_string()))
    .bind(("pid", grant.programme().to_string()))
    .await?
    .take::<Vec<StakeholderRow>>(0)
    .map(|rows| rows.into_iter().next())
}

/// A jurisdiction as the register places organisations in it.
pub use super::jurisdictions::JurisdictionRow as Place;

/// Adds a sector to the programme's list (a write for a `Tx`).
pub fn add_sector(grant: &Grant, sector: &str) -> super::Write {
    super::Write::new("UPDATE type::record('programme', $pid) SET sectors = array::union(sectors ?? [], [$sector])")
        .bind("pid", grant.programme().to_string())
        .bind("sector", sector.to_string())
}

/// One organisation to write: `id` is its record key (a new one for a new organisation), `new` says
/// which, and `jurisdiction_id` is the record key of its jurisdiction.
pub struct SaveRow<'a> {
    pub id: String,
    pub new: bool,
    pub input: &'a OrganisationInput,
    pub jurisdiction_id: Option<String>,
}

/// Creates or updates organisations of the grant's programme from validated input, in order: a write
/// for a `Tx` (a name taken fails the unique index; an update of another programme's organisation
/// throws `not_found`).
pub fn save_all(grant: &Grant, rows: &[SaveRow<'_>]) -> super::Write {
    // Absent keys read as NONE (a JSON null would be NULL, which option fields refuse).
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let o = r.input;
            let mut m = serde_json::Map::new();
            let mut put = |k: &str, v: serde_json::Value| {
                if !v.is_null() {
                    m.insert(k.to_string(), v);
                }
            };
            put("id", r.id.clone().into());
            put("new", r.new.into());
            put("j", serde_json::json!(r.jurisdiction_id));
            put("name", o.name.clone().into());
            put("name_key", crate::domain::organisation::name_key(&o.name).into());
            put("kind", o.kind.clone().into());
            put("level", serde_json::json!(o.level));
            put("sectors", serde_json::json!(o.sectors));
            put("women", serde_json::json!(o.women));
            put("men", serde_json::json!(o.men));
            put("other_gender", serde_json::json!(o.other_gender));
            put("migrant_led", o.migrant_led.into());
            put("influence", serde_json::json!(o.influence));
            put("interest", serde_json::json!(o.interest));
            put("position", serde_json::json!(o.position));
            put("website", serde_json::json!(o.website));
            put("notes", serde_json::json!(o.notes));
            serde_json::Value::Object(m)
        })
        .collect();
    // One CREATE or UPDATE per row: linear (an INSERT of a mapped array grows quadratically here).
    super::Write::new(
        "LET $p = type::record('programme', $pid);
         FOR $r IN $rows {
             LET $place = IF $r.j THEN type::record('jurisdiction', $r.j) END;
             IF $r.new {
                 CREATE type::record('organisation', $r.id) SET programme = $p,
                     name = $r.name, name_key = $r.name_key, kind = $r.kind, jurisdiction = $place, level = $r.level,
                     sectors = $r.sectors, women = $r.women, men = $r.men, other_gender = $r.other_gender,
                     migrant_led = $r.migrant_led, influence = $r.influence, interest = $r.interest,
                     position = $r.position, website = $r.website, notes = $r.notes;
             } ELSE {
                 IF array::len((UPDATE type::record('organisation', $r.id) SET
                     name = $r.name, name_key = $r.name_key, kind = $r.kind, jurisdiction = $place, level = $r.level,
                     sectors = $r.sectors, women = $r.women, men = $r.men, other_gender = $r.other_gender,
                     migrant_led = $r.migrant_led, influence = $r.influence, interest = $r.interest,
                     position = $r.position, website = $r.website, notes = $r.notes, updated_at = time::now()
                     WHERE programme = $p RETURN VALUE id)) = 0 { THROW 'not_found' };
             };
         };",
    )
    .bind("pid", grant.programme().to_string())
    .bind("rows", serde_json::Value::Array(rows))
}

#[derive(Clone, Debug, SurrealValue)]
pub struct PathCount {
    pub path: Option<String>,
    pub n: i64,
}

/// How many of the programme's organisations act at each jurisdiction (by its path; `None` for
/// those placed nowhere), for the multilevel view's counts and roll-ups, from the register's entries.
pub fn counts_by_place(entries: &[Entry], places: &[Place]) -> Vec<PathCount> {
    let mut by_place: std::collections::HashMap<Option<&str>, i64> = Default::default();
    for e in entries {
        *by_place.entry(e.place.as_deref()).or_default() += 1;
    }
    let path = |id: &str| places.iter().find(|p| p.id == id).map(|p| p.path.clone());
    by_place.into_iter().map(|(place, n)| PathCount { path: place.and_then(path), n }).collect()
}

#[cfg(test)]
mod tests {
    use super::{select, Entry, Place};
    use crate::domain::list::{cursor, ListQuery};

    fn entry(id: &str, name: &str, kind: &str, place: Option<&str>, grid: Option<(i64, i64)>) -> Entry {
        Entry {
            id: id.into(),
            label: name.into(),
            name: name.to_lowercase(),
            kind: kind.into(),
            level: None,
            place: place.map(str::to_string),
            sectors: vec![],
            migrant_led: kind == "migrant_org",
            influence: grid.map(|g| g.0),
            interest: grid.map(|g| g.1),
            text: name.to_lowercase(),
            women: None,
            men: None,
            other_gender: None,
            position: None,
            website: None,
            notes: None,
        }
    }

    fn places() -> Vec<Place> {
        let p = |id: &str, code: &str, path: &str| Place {
            id: id.into(),
            code: code.into(),
            path: path.into(),
            name: code.into(),
            level: String::new(),
            parent_code: None,
        };
        vec![p("n", "XA", "/XA/"), p("r", "XA-NO", "/XA/XA-NO/"), p("m", "XA-NO-01", "/XA/XA-NO/XA-NO-01/")]
    }

    fn query(pairs: &[(&str, &str)]) -> ListQuery {
        let mut q = ListQuery::default();
        for (k, v) in pairs {
            match *k {
                "q" => q.q = v.to_string(),
                "sort" => q.sort = v.to_string(),
                "desc" => q.desc = *v == "1",
                "after" => q.after = v.to_string(),
                _ => {
                    q.filters.insert(k.to_string(), v.to_string());
                }
            }
        }
        q
    }

    #[test]
    fn pages_follow_each_other_without_gaps_or_repeats_in_both_directions() {
        let entries: Vec<Entry> =
            (0..23).map(|i| entry(&format!("id{i:02}"), &format!("Org {}", i % 7), "cso", None, None)).collect();
        for desc in ["0", "1"] {
            let mut seen = vec![];
            let mut after = String::new();
            loop {
                let (total, keys, _) = select(&entries, &places(), &query(&[("desc", desc), ("after", &after)]), 5);
                assert_eq!(total, 23);
                let page: Vec<_> = keys.iter().take(5).cloned().collect();
                seen.extend(page.iter().map(|(_, e)| e.id.clone()));
                if keys.len() <= 5 {
                    break;
                }
                let (k, e) = &page[4];
                after = cursor(k, &e.id);
            }
            let mut sorted = seen.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), 23, "every row once ({desc})");
        }
    }

    #[test]
    fn filters_count_the_grid_before_its_own_cell_and_the_subtree_by_path() {
        let entries = vec![
            entry("a", "Alpha", "cso", Some("m"), Some((5, 5))),
            entry("b", "Beta", "ministry", Some("n"), Some((5, 5))),
            entry("c", "Gamma", "migrant_org", Some("r"), Some((1, 2))),
            entry("d", "Delta", "media", None, None),
        ];
        let (total, keys, grid) = select(&entries, &places(), &query(&[("kind", "private")]), 50);
        assert_eq!(total, 3);
        assert_eq!(keys.iter().map(|k| k.1.id.as_str()).collect::<Vec<_>>(), ["a", "d", "c"]);
        assert_eq!(grid.iter().map(|c| (c.influence, c.interest, c.n)).collect::<Vec<_>>(), [(1, 2, 1), (5, 5, 1)]);
        let (total, _, grid) = select(&entries, &places(), &query(&[("influence", "5"), ("interest", "5")]), 50);
        assert_eq!((total, grid.len()), (2, 2), "a cell filters rows, not the grid it is chosen from");
        let (total, keys, _) = select(&entries, &places(), &query(&[("jurisdiction", "xa-no")]), 50);
        assert_eq!((total, keys[0].1.id.as_str()), (2, "a"));
        assert_eq!(select(&entries, &places(), &query(&[("jurisdiction", "ZZ")]), 50).0, 0);
        let (_, keys, _) = select(&entries, &places(), &query(&[("sort", "jurisdiction")]), 50);
        assert_eq!(keys.iter().map(|k| k.1.id.as_str()).collect::<Vec<_>>(), ["b", "c", "a", "d"]);
        assert_eq!(select(&entries, &places(), &query(&[("q", "GAM")]), 50).0, 1);
        assert_eq!(select(&entries, &places(), &query(&[("migrant_led", "yes")]), 50).0, 1);
    }
}
