use crate::backend::Db;
use crate::domain::list::ListQuery;
use crate::domain::organisation::OrganisationInput;
use crate::domain::Grant;
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

/// One page of the register (the list pattern), kept to the grant's programme: filters `kind`
/// (a kind, or `public` / `private`), `level`, `jurisdiction` (a code: it and its subtree), `sector`,
/// `migrant_led` (`yes` / `no`), `influence` and `interest` (a grid cell), and free text on name
/// and notes. Also counts the filtered rows per influence × interest cell, for the power/interest grid.
pub async fn page(
    db: &Db,
    grant: &Grant,
    list: &ListQuery,
    limit: u32,
) -> surrealdb::Result<(u64, Vec<StakeholderRow>, Vec<GridCell>)> {
    let query = db
        .query(
            // Two phases: filter, count, group and sort on the organisation's own fields (no record
            // links followed for 10 000 rows), then read the display fields of the one page only.
            "LET $p = type::record('programme', $pid);
             LET $root = IF $jur THEN (SELECT VALUE path FROM jurisdiction WHERE programme = $p AND code = $jur)[0] ?? '~' END;
             LET $rows = (SELECT id, name, kind, influence, interest, jurisdiction FROM organisation
                WHERE programme = $p
                  AND ($kind = NONE OR kind = $kind
                       OR ($kind = 'public' AND kind IN $public) OR ($kind = 'private' AND kind NOT IN $public))
                  AND ($level = NONE OR level = $level)
                  AND ($root = NONE OR string::starts_with(jurisdiction.path ?? '', $root))
                  AND ($sector = NONE OR $sector IN sectors)
                  AND ($migrant = NONE OR migrant_led = $migrant)
                  AND ($needle = NONE OR string::contains(string::lowercase(name + ' ' + (notes ?? '')), $needle)));
             LET $hits = (SELECT id, string::lowercase(
                        IF $sort = 'kind' THEN kind + ' ' + name
                        ELSE IF $sort = 'jurisdiction' THEN (jurisdiction.path ?? '~') + ' ' + name
                        ELSE IF $sort = 'influence' THEN <string>(influence ?? 0) + ' ' + name
                        ELSE IF $sort = 'interest' THEN <string>(interest ?? 0) + ' ' + name
                        ELSE name END) AS k, record::id(id) AS key
                FROM $rows WHERE ($inf = NONE OR influence = $inf) AND ($int = NONE OR interest = $int));
             RETURN count($hits);
             LET $page = IF $desc THEN (SELECT * FROM $hits WHERE $ak = NONE OR k < $ak OR (k = $ak AND key < $aid) ORDER BY k DESC, key DESC LIMIT $n)
                ELSE (SELECT * FROM $hits WHERE $ak = NONE OR k > $ak OR (k = $ak AND key > $aid) ORDER BY k, key LIMIT $n) END;
             SELECT key AS id, id.name AS name, id.kind AS kind, id.jurisdiction.code AS jurisdiction_code,
                    id.jurisdiction.name AS jurisdiction_name, id.jurisdiction.path AS jurisdiction_path, id.level AS level,
                    id.sectors AS sectors, id.women AS women, id.men AS men, id.other_gender AS other_gender,
                    id.migrant_led AS migrant_led, id.influence AS influence, id.interest AS interest,
                    id.position AS position, id.website AS website, id.notes AS notes, k
                FROM $page;
             SELECT influence, interest, count() AS n FROM $rows WHERE influence != NONE AND interest != NONE
                GROUP BY influence, interest;",
        )
        .bind(("pid", grant.programme().to_string()))
        .bind(("public", crate::domain::organisation::PUBLIC_KINDS.to_vec()))
        .bind(("kind", list.filter("kind").map(str::to_string)))
        .bind(("level", list.filter("level").map(str::to_string)))
        .bind(("jur", list.filter("jurisdiction").map(|j| j.trim().to_uppercase())))
        .bind(("sector", list.filter("sector").map(str::to_string)))
        .bind(("migrant", list.filter("migrant_led").map(|m| m == "yes")))
        .bind(("inf", list.filter("influence").and_then(|v| v.parse::<i64>().ok())))
        .bind(("int", list.filter("interest").and_then(|v| v.parse::<i64>().ok())));
    let mut res = super::list_params(query, list, STAKEHOLDER_SORTS, limit).await?;
    let total: Option<i64> = res.take(4)?;
    Ok((total.unwrap_or(0).max(0) as u64, res.take(6)?, res.take(7)?))
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
#[derive(Clone, Debug, SurrealValue)]
pub struct Place {
    pub id: String,
    pub code: String,
    pub path: String,
}

/// The sectors the grant's programme offers, and its jurisdictions in tree order.
pub async fn vocabulary(db: &Db, grant: &Grant) -> surrealdb::Result<(Vec<String>, Vec<Place>)> {
    let mut res = db
        .query(
            "LET $p = type::record('programme', $pid);
             RETURN $p.sectors ?? [];
             SELECT record::id(id) AS id, code, path FROM jurisdiction WHERE programme = $p ORDER BY path;",
        )
        .bind(("pid", grant.programme().to_string()))
        .await?;
    let sectors: Vec<String> = res.take(1)?;
    Ok((sectors, res.take(2)?))
}

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
/// those placed nowhere), for the multilevel view's counts and roll-ups. Grouped on the link itself,
/// so no jurisdiction is read per organisation.
pub async fn counts_by_place(db: &Db, grant: &Grant) -> surrealdb::Result<Vec<PathCount>> {
    db.query(
        "SELECT jurisdiction.path AS path, n FROM (SELECT jurisdiction, count() AS n FROM organisation
         WHERE programme = type::record('programme', $pid) GROUP BY jurisdiction)",
    )
    .bind(("pid", grant.programme().to_string()))
    .await?
    .take(0)
}
