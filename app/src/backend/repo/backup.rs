//! Logical backup: every data table as SurrealDB values in their lossless serde form (record links,
//! datetimes and NONE survive the JSON round trip), so a backup restores on any engine, `ws://` too.
use super::first_real_error;
use crate::backend::db::BACKUP_TABLES;
use crate::backend::Db;
use surrealdb::types::Value;

/// Rows of `table`; with a programme, only that programme's rows (and the people in it).
pub async fn rows(db: &Db, table: &str, programme_id: Option<&str>) -> surrealdb::Result<Vec<Value>> {
    let (sql, p) = match (table, programme_id) {
        (_, None) => ("SELECT * FROM type::table($t) ORDER BY id", None),
        ("programme", Some(p)) => ("SELECT * FROM type::record('programme', $p)", Some(p)),
        ("user", Some(p)) => (
            "SELECT * FROM user WHERE id IN (SELECT VALUE user FROM membership WHERE programme = type::record('programme', $p)) ORDER BY id",
            Some(p),
        ),
        // Questions and anonymous feedback belong to the programme through their round; the receipt
        // salt goes with every backup, so receipts still find their submission after a restore.
        ("question" | "feedback" | "theme", Some(p)) => (
            "SELECT * FROM type::table($t) WHERE round.programme = type::record('programme', $p) ORDER BY id",
            Some(p),
        ),
        ("secret", Some(_)) => ("SELECT * FROM secret ORDER BY id", None),
        ("audit", Some(p)) => ("SELECT * FROM audit WHERE programme = $p ORDER BY id", Some(p)),
        (_, Some(p)) => ("SELECT * FROM type::table($t) WHERE programme = type::record('programme', $p) ORDER BY id", Some(p)),
    };
    db.query(sql).bind(("t", table.to_string())).bind(("p", p.map(str::to_string))).await?.take(0)
}

/// Inserts rows with their ids, one transaction per table. An id that exists already fails the
/// table (restore into an empty database).
pub async fn insert(db: &Db, table: &str, rows: Vec<Value>) -> surrealdb::Result<()> {
    if !BACKUP_TABLES.contains(&table) || rows.is_empty() {
        return Ok(());
    }
    let res = db
        .query("BEGIN TRANSACTION; INSERT INTO $t $rows; COMMIT TRANSACTION;")
        .bind(("t", table.to_string()))
        .bind(("rows", rows))
        .await?;
    first_real_error(res)?;
    Ok(())
}
