//! Export and import of a complete logical backup (CLI only; the operator is trusted with the file).
use crate::backend::db::{self, BACKUP_TABLES};
use crate::backend::repo::backup as repo;
use crate::backend::Db;
use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use surrealdb::types::Value;

#[derive(Serialize, Deserialize, PartialEq, Debug)]
pub struct Backup {
    pub format: String,
    pub schema_version: i64,
    /// Present when the backup holds one programme only.
    pub programme: Option<String>,
    pub tables: Vec<(String, Vec<Value>)>,
}

pub const FORMAT: &str = "tessera-backup-1";

pub async fn export(db: &Db, programme: Option<&str>) -> anyhow::Result<Backup> {
    if let Some(p) = programme {
        if crate::backend::repo::programmes::by_id(db, p).await?.is_none() {
            bail!("no programme with id {p}");
        }
    }
    let mut tables = vec![];
    for t in BACKUP_TABLES {
        tables.push((t.to_string(), repo::rows(db, t, programme).await.with_context(|| format!("reading {t}"))?));
    }
    Ok(Backup {
        format: FORMAT.into(),
        schema_version: db::current_version(db).await?,
        programme: programme.map(str::to_string),
        tables,
    })
}

/// Restores into a migrated database; refuses a backup from another schema version.
pub async fn import(db: &Db, backup: Backup) -> anyhow::Result<usize> {
    if backup.format != FORMAT {
        bail!("not a Tessera backup (format {:?})", backup.format);
    }
    let version = db::current_version(db).await?;
    if backup.schema_version != version {
        bail!("the backup has schema version {}, the database {version}", backup.schema_version);
    }
    let mut n = 0;
    for (table, rows) in backup.tables {
        if !BACKUP_TABLES.contains(&table.as_str()) {
            bail!("unknown table {table} in backup");
        }
        n += rows.len();
        repo::insert(db, &table, rows).await.with_context(|| format!("restoring {table}"))?;
    }
    Ok(n)
}
