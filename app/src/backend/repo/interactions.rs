//! The hub's interactions log.
use super::Write;
use crate::backend::Db;
use crate::domain::hub::Interaction;
use crate::domain::Grant;
use surrealdb::types::SurrealValue;

/// An interaction as the log shows it (made from the hub's snapshot, `service::hub`).
#[derive(Clone, Debug)]
pub struct InteractionRow {
    pub id: String,
    pub on: String,
    pub kind: String,
    pub a_name: String,
    pub b_name: String,
    pub quality: i64,
    pub note: Option<String>,
}

/// One interaction as kept in the hub's snapshot: the organisations by record key.
#[derive(Clone, Debug, SurrealValue)]
pub struct Link {
    pub id: String,
    pub on: String,
    pub kind: String,
    pub a: String,
    pub b: String,
    pub quality: i64,
    pub note: Option<String>,
}

/// Every interaction of a programme (one round-trip; keep them in a cache).
pub async fn links(db: &Db, programme_id: &str) -> surrealdb::Result<Vec<Link>> {
    db.query(
        "SELECT record::id(id) AS id, on, kind, record::id(a) AS a, record::id(b) AS b, quality, note
         FROM interaction WHERE programme = type::record('programme', $p)",
    )
    .bind(("p", programme_id.to_string()))
    .await?
    .take(0)
}

/// Writes an import's interactions in one statement: new ones (`id` NONE) are created, the others
/// get their quality and note; every organisation must be the programme's.
pub fn save_all(grant: &Grant, add: &[Interaction], update: &[(String, Interaction)]) -> Write {
    let row = |id: Option<&str>, i: &Interaction| {
        let mut m = serde_json::Map::new();
        if let Some(id) = id {
            m.insert("id".into(), id.into());
        }
        for (k, v) in [("a", &i.a), ("b", &i.b), ("kind", &i.kind), ("on", &i.on)] {
            m.insert(k.into(), v.clone().into());
        }
        m.insert("quality".into(), i.quality.into());
        if let Some(n) = &i.note {
            m.insert("note".into(), n.clone().into());
        }
        serde_json::Value::Object(m)
    };
    let rows: Vec<serde_json::Value> =
        add.iter().map(|i| row(None, i)).chain(update.iter().map(|(id, i)| row(Some(id), i))).collect();
    Write::new(
        "LET $p = type::record('programme', $pid);
         FOR $r IN $rows {
             LET $x = type::record('organisation', $r.a);
             LET $y = type::record('organisation', $r.b);
             IF $x.programme != $p OR $y.programme != $p { THROW 'not_found' };
             IF $r.id = NONE {
                 CREATE interaction SET programme = $p, a = $x, b = $y, kind = $r.kind, on = $r.on,
                     quality = $r.quality, note = $r.note RETURN NONE;
             } ELSE {
                 UPDATE type::record('interaction', $r.id) SET quality = $r.quality, note = $r.note
                     WHERE programme = $p RETURN NONE;
             };
         };",
    )
    .bind("pid", grant.programme().to_string())
    .bind("rows", rows)
}
