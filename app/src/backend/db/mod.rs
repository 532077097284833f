//! Connection and schema migrations. One binary talks to an embedded store (`mem://`,
//! `surrealkv://PATH`) or to a SurrealDB server or cluster (`ws://HOST:PORT`).
use anyhow::{bail, Context};
use std::borrow::Cow;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use surrealdb::engine::any::{self, Any};
use surrealdb::engine::local::Db as Local;
use surrealdb::method::IntoVariables;
use surrealdb::opt::auth::Root;
use surrealdb::types::SurrealValue;
use surrealdb::{IndexedResults, Surreal};

use super::repo::{Tx, Write};

/// One SDK handle shared by every request. Cloning a `Surreal` opens a new SDK session (and dropping it
/// only queues the session's removal), so the handle is shared behind an `Arc` and never cloned per
/// request: the benchmark showed per-request clones piling up sessions until pages stalled.
///
/// Every query goes through [`Db::query`], which counts it: the count of database round-trips is
/// what `/metrics` reports and what the benchmark reads per page. A statement that changes data
/// also moves the handle's write epoch, which invalidates every read cache of this process
/// ([`crate::backend::cache`]).
#[derive(Clone)]
pub struct Db {
    conn: std::sync::Arc<Conn>,
    epoch: std::sync::Arc<AtomicU64>,
    /// One epoch per table of [`WATCHED`]: moved only by writes that may touch that table.
    tables: std::sync::Arc<[AtomicU64; WATCHED.len()]>,
}

/// Tables with an epoch of their own, for caches of one table that must survive the writes of
/// others (the register's snapshot and anonymous submissions, for one; a closed round's theme
/// figures and the writes to other rounds or registers).
pub const WATCHED: [&str; 22] = [
    "organisation",
    "jurisdiction",
    "feedback",
    "contribution",
    "contact",
    "interaction",
    "meeting",
    "action_item",
    "membership",
    "user",
    "token",
    "audit",
    "platform",
    "seat",
    "policy",
    "relation",
    "round",
    "question",
    "theme",
    "input",
    "invited",
    "activity",
];

static ROUND_TRIPS: AtomicU64 = AtomicU64::new(0);

impl Db {
    /// One round-trip to the database: all statements of `sql` run in one request.
    pub fn query<'a>(&'a self, sql: impl Into<Cow<'a, str>>) -> Query<'a> {
        ROUND_TRIPS.fetch_add(1, Ordering::Relaxed);
        let sql = sql.into();
        // The statement's text only (never a bound value): `RUST_LOG=tessera::db=debug` shows what
        // each page reads.
        tracing::debug!(target: "tessera::db", sql = %sql.split_whitespace().take(12).collect::<Vec<_>>().join(" "));
        // A write moves the epochs when it is sent and again when it has run: a read that began
        // while it ran (and may hold the data before it) is kept under an epoch already gone.
        let touched = changes_data(&sql).then(|| {
            let tables = WATCHED.map(|table| may_touch(&sql, table));
            self.touch(&tables);
            (self, tables)
        });
        let inner = match &*self.conn {
            Conn::Embedded(c) => Inner::Embedded(c.query(sql)),
            Conn::Server(c) => Inner::Server(c.query(sql)),
        };
        Query { inner, touched }
    }

    /// Moves the handle's epoch and those of the `tables` flagged.
    fn touch(&self, tables: &[bool; WATCHED.len()]) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        for (touched, epoch) in tables.iter().zip(self.tables.iter()) {
            if *touched {
                epoch.fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    /// Moves on whenever this process sends a statement that may change data.
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::SeqCst)
    }

    /// Moves on whenever this process sends a statement that may change data in `table`, one of
    /// [`WATCHED`] (any other name reads the handle's epoch).
    pub fn epoch_of(&self, table: &str) -> u64 {
        match WATCHED.iter().position(|t| *t == table) {
            Some(i) => self.tables[i].load(Ordering::SeqCst),
            None => self.epoch(),
        }
    }

    /// One number that moves whenever the epoch of any of `tables` does (each only grows, so their
    /// sum does too): a cache of what several tables make keeps one entry per key, not one per
    /// combination of epochs.
    pub fn epoch_of_all(&self, tables: &[&str]) -> u64 {
        tables.iter().fold(0u64, |sum, t| sum.wrapping_add(self.epoch_of(t)))
    }

    /// Whether the store lives in this process (`mem://`, `surrealkv://`): then no other process
    /// can write to it (SurrealKV locks its directory), and the epochs see every write.
    pub fn is_embedded(&self) -> bool {
        matches!(*self.conn, Conn::Embedded(_))
    }

    /// Round-trips made by this process since it started.
    pub fn round_trips() -> u64 {
        ROUND_TRIPS.load(Ordering::Relaxed)
    }
}

/// Whether SurrealQL may change data. Our statements are written with upper-case keywords; a false
/// positive only costs a cache refill.
fn changes_data(sql: &str) -> bool {
    ["CREATE", "UPDATE", "UPSERT", "DELETE", "INSERT", "RELATE", "DEFINE", "REMOVE", "ALTER"].iter().any(|k| {
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        sql.match_indices(k).any(|(i, _)| !sql[..i].ends_with(word) && !sql[i + k.len()..].starts_with(word))
    })
}

/// Whether a data-changing statement may touch `table`: it names the table, or it names its table
/// at run time (`type::table`, `INSERT INTO $t`), or it deletes and names a table whose records'
/// deletion cascades to `table` (the schema's `REFERENCE ON DELETE CASCADE`, read from the
/// migrations by [`cascades_to`]). Deleting a programme would cascade to every table; none of our
/// statements does, so `programme` is left out (every write names it).
fn may_touch(sql: &str, table: &str) -> bool {
    sql.contains(table)
        || sql.contains("type::table")
        || sql.contains("INTO $")
        || (sql.contains("DELETE") && cascades_to(table).iter().any(|parent| sql.contains(parent)))
}

/// The tables whose records' deletion reaches `table` through `REFERENCE ON DELETE CASCADE` fields,
/// directly or through other tables, as the migrations define them (but `programme`).
fn cascades_to(table: &str) -> &'static [&'static str] {
    static CLOSURE: std::sync::OnceLock<Vec<(&'static str, Vec<&'static str>)>> = std::sync::OnceLock::new();
    let closure = CLOSURE.get_or_init(|| {
        // (child, parent) for every cascading reference.
        let mut edges: Vec<(&'static str, &'static str)> = vec![];
        for (_, _, sql) in MIGRATIONS {
            for line in sql.lines().filter(|l| l.contains("ON DELETE CASCADE")) {
                let mut words = line.split_whitespace();
                let child = words.by_ref().skip_while(|w| *w != "ON").nth(1);
                let parent = line.split("record<").nth(1).and_then(|rest| rest.split('>').next());
                if let (Some(child), Some(parent)) = (child, parent) {
                    if parent != "programme" {
                        edges.push((child, parent));
                    }
                }
            }
        }
        let tables: std::collections::BTreeSet<&'static str> = edges.iter().map(|(c, _)| *c).collect();
        tables
            .into_iter()
            .map(|t| {
                let mut reach: Vec<&'static str> = vec![];
                let mut todo = vec![t];
                while let Some(child) = todo.pop() {
                    for (_, parent) in edges.iter().filter(|(c, _)| *c == child) {
                        if !reach.contains(parent) && *parent != t {
                            reach.push(parent);
                            todo.push(parent);
                        }
                    }
                }
                (t, reach)
            })
            .collect()
    });
    closure.iter().find(|(t, _)| *t == table).map(|(_, r)| r.as_slice()).unwrap_or(&[])
}

pub const NAMESPACE: &str = "tessera";
pub const DATABASE: &str = "main";

/// Migrations in order; the number is the schema version each one brings the database to.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "foundation", include_str!("migrations/0001_foundation.surql")),
    (2, "lookup_indexes", include_str!("migrations/0002_lookup_indexes.surql")),
    (3, "outbox_failures", include_str!("migrations/0003_outbox_failures.surql")),
    (4, "stakeholders", include_str!("migrations/0004_stakeholders.surql")),
    (5, "contacts", include_str!("migrations/0005_contacts.surql")),
    (6, "relations", include_str!("migrations/0006_relations.surql")),
    (7, "interactions", include_str!("migrations/0007_interactions.surql")),
    (8, "bodies", include_str!("migrations/0008_bodies.surql")),
    (9, "policies", include_str!("migrations/0009_policies.surql")),
    (10, "rounds", include_str!("migrations/0010_rounds.surql")),
    (11, "inputs", include_str!("migrations/0011_inputs.surql")),
    (12, "analysis", include_str!("migrations/0012_analysis.surql")),
    (13, "invitations", include_str!("migrations/0013_invitations.surql")),
    (14, "activities", include_str!("migrations/0014_activities.surql")),
    (15, "action_item_meeting", include_str!("migrations/0015_action_item_meeting.surql")),
];

/// What a backup holds, parents before children (the order of a backup and of its restore): every
/// data table but sessions, the single-use links (`token`) and the mail queue that carries them
/// (`outbox`): a backup file must never hold a usable link.
pub const BACKUP_TABLES: &[&str] = &[
    "user",
    "programme",
    "jurisdiction",
    "organisation",
    "contact",
    "relation",
    "interaction",
    "platform",
    "seat",
    "meeting",
    "action_item",
    "policy",
    "round",
    "question",
    "theme",
    "feedback",
    "input",
    "invited",
    "activity",
    "contribution",
    "secret",
    "membership",
    "work_package",
    "wp_item",
    "kpi_definition",
    "audit",
];

pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
}

/// Credentials for a remote server, from `TESSERA_DB_USER` / `TESSERA_DB_PASS`.
pub struct Credentials {
    pub username: String,
    pub password: String,
}

pub async fn connect(url: &str, creds: Option<Credentials>) -> anyhow::Result<Db> {
    connect_with(url, creds, Memory::default()).await
}

/// The two connections: an embedded store (`mem://`, `surrealkv://`) opened in this process, or a
/// SurrealDB server.
enum Conn {
    Embedded(Surreal<Local>),
    Server(Surreal<Any>),
}

/// A query on either connection: bind its parameters, then await it for its results.
pub struct Query<'a> {
    inner: Inner<'a>,
    /// For a write: the handle and the watched tables it may touch, moved again once it has run.
    touched: Option<(&'a Db, [bool; WATCHED.len()])>,
}

enum Inner<'a> {
    Embedded(surrealdb::method::Query<'a, Local>),
    Server(surrealdb::method::Query<'a, Any>),
}

impl Query<'_> {
    pub fn bind(self, vars: impl IntoVariables) -> Self {
        let inner = match self.inner {
            Inner::Embedded(q) => Inner::Embedded(q.bind(vars)),
            Inner::Server(q) => Inner::Server(q.bind(vars)),
        };
        Query { inner, touched: self.touched }
    }
}

impl<'a> IntoFuture for Query<'a> {
    type Output = surrealdb::Result<IndexedResults>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        let run: Self::IntoFuture = match self.inner {
            Inner::Embedded(q) => Box::pin(q.into_future()),
            Inner::Server(q) => Box::pin(q.into_future()),
        };
        match self.touched {
            None => run,
            Some((db, tables)) => Box::pin(async move {
                let result = run.await;
                db.touch(&tables);
                result
            }),
        }
    }
}

/// What the embedded store may hold in memory. SurrealKV otherwise sizes both from the machine: on
/// 16–64 GiB a memtable of 1 GiB (written data stays resident until it fills) and a block cache of
/// half the memory, which made the server grow past 800 MiB under the benchmark's load. The SDK's
/// connection string cannot set them, so an embedded store is opened through the datastore builder.
#[derive(Clone, Copy, Debug)]
pub struct Memory {
    /// Written data held before it is flushed to a table file; also the largest transaction.
    pub memtable_mib: u64,
    /// Table-file blocks kept for reads.
    pub cache_mib: u64,
}

impl Default for Memory {
    fn default() -> Self {
        // An import of 50 000 interactions writes 400 000 keys and 49 MB in one transaction, which
        // takes about 100 MiB of memtable, and fits. The arena's pages are resident only once
        // written to, but a full memtable waits for its flush beside the next one (SurrealKV
        // stalls writes at two waiting), so the peak is a multiple of this: measured under the
        // benchmark's load, 128 MiB peaked at 546 MiB resident and 256 MiB at 792–836.
        Memory { memtable_mib: 128, cache_mib: 32 }
    }
}

/// Connects to `url` with the embedded store's memory bounded by `memory` (a server sizes its own).
pub async fn connect_with(url: &str, creds: Option<Credentials>, memory: Memory) -> anyhow::Result<Db> {
    let conn = if url.starts_with("mem:") || url.starts_with("memory") || url.starts_with("surrealkv:") {
        Conn::Embedded(embedded(url, memory).await.with_context(|| format!("opening {}", redact(url)))?)
    } else {
        let db = any::connect(url).await.with_context(|| format!("connecting to {}", redact(url)))?;
        if let Some(c) = creds {
            db.signin(Root { username: c.username, password: c.password })
                .await
                .context("signing in to the database")?;
        }
        Conn::Server(db)
    };
    match &conn {
        Conn::Embedded(db) => db.use_ns(NAMESPACE).use_db(DATABASE).await?,
        Conn::Server(db) => db.use_ns(NAMESPACE).use_db(DATABASE).await?,
    };
    Ok(Db { conn: std::sync::Arc::new(conn), epoch: Default::default(), tables: Default::default() })
}

/// Opens an embedded store as the SDK's own `connect` does (checked version, bootstrap, then the
/// maintenance tasks), with SurrealKV's memory set.
async fn embedded(url: &str, memory: Memory) -> anyhow::Result<Surreal<Local>> {
    use surrealdb_engine_local::Datastore;
    const MIB: u64 = 1024 * 1024;
    let config = surrealdb_cnf::ConfigMap::empty()
        .with_key_value("surrealkv_max_memtable_size", (memory.memtable_mib * MIB).to_string())
        .with_key_value("surrealkv_block_cache_capacity", (memory.cache_mib * MIB).to_string());
    let store = Datastore::builder()
        .with_config(config)
        .with_auth(false)
        .without_maintenance_tasks()
        .build_with_path(url)
        .await?;
    store.check_version().await?;
    store.bootstrap().await?;
    store.start_maintenance_tasks();
    Ok(Surreal::<Local>::unstable_from_datastore(store, None).await?)
}

fn redact(url: &str) -> String {
    match url.split_once('@') {
        Some((_, host)) => format!("…@{host}"),
        None => url.to_string(),
    }
}

#[derive(SurrealValue)]
struct VersionRow {
    version: i64,
}

/// The highest schema version recorded, 0 for an empty database.
pub async fn current_version(db: &Db) -> anyhow::Result<i64> {
    let mut res = db.query("SELECT version FROM schema_migration ORDER BY version DESC LIMIT 1").await?;
    // Before the first migration the table does not exist, which reads as no rows or an error.
    let rows: Vec<VersionRow> = res.take(0).unwrap_or_default();
    Ok(rows.first().map(|r| r.version).unwrap_or(0))
}

/// Applies every migration newer than the database, each in one transaction with its record.
/// Refuses a database whose schema is newer than this binary.
pub async fn migrate(db: &Db) -> anyhow::Result<Vec<i64>> {
    let current = current_version(db).await?;
    if current > latest_version() {
        bail!(
            "the database schema is version {current}, newer than this build of Tessera knows ({}); \
             run a newer release",
            latest_version()
        );
    }
    let mut applied = vec![];
    for (version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        // The migration, the table that records it and its record commit together.
        Tx::new()
            .with(Write::new(
                "DEFINE TABLE IF NOT EXISTS schema_migration SCHEMAFULL;
                 DEFINE FIELD IF NOT EXISTS version ON schema_migration TYPE int;
                 DEFINE FIELD IF NOT EXISTS name ON schema_migration TYPE string;
                 DEFINE FIELD IF NOT EXISTS applied_at ON schema_migration TYPE datetime DEFAULT time::now();
                 DEFINE INDEX IF NOT EXISTS schema_migration_version ON schema_migration FIELDS version UNIQUE",
            ))
            .with(Write::new(*sql))
            .with(
                Write::new("CREATE schema_migration SET version = $version, name = $name")
                    .bind("version", *version)
                    .bind("name", name.to_string()),
            )
            .commit(db)
            .await
            .with_context(|| format!("migration {version} ({name})"))?;
        tracing::info!(version, name, "schema migration applied");
        applied.push(*version);
    }
    Ok(applied)
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_are_told_from_reads() {
        for w in
            ["CREATE user SET a = 1", "LET $x = 1; UPDATE t SET a = 2", "BEGIN; DELETE session:x; COMMIT", "UPSERT x"]
        {
            assert!(super::changes_data(w), "{w}");
        }
        for r in
            ["SELECT updated_at, created FROM user", "SELECT * FROM t WHERE NOT_CREATE = 1 OR CREATED = 2", "RETURN 1"]
        {
            assert!(!super::changes_data(r), "{r}");
        }
    }

    #[test]
    fn a_table_epoch_moves_only_with_writes_that_may_touch_it() {
        assert!(super::may_touch("UPDATE type::record('organisation', $id) SET name = $n", "organisation"));
        assert!(super::may_touch("BEGIN TRANSACTION; INSERT INTO $t $rows; COMMIT TRANSACTION;", "organisation"));
        assert!(super::may_touch("DELETE type::table($t)", "organisation"));
        assert!(!super::may_touch("CREATE feedback CONTENT $row", "organisation"));
    }

    #[test]
    fn a_deletion_moves_the_epochs_of_the_tables_it_cascades_to() {
        // Read from the migrations: an organisation's interactions, seats and contacts go with it,
        // a platform's meetings and (through them) their action items.
        for child in ["interaction", "seat", "contact", "action_item", "input", "token"] {
            assert!(super::cascades_to(child).contains(&"organisation"), "{child}");
        }
        assert!(super::cascades_to("action_item").contains(&"platform"), "through meeting");
        assert!(super::cascades_to("feedback").contains(&"round"));
        assert!(!super::cascades_to("organisation").contains(&"programme"));
        let delete = "DELETE type::record('organisation', $id)";
        assert!(super::may_touch(delete, "interaction"));
        assert!(super::may_touch(delete, "seat"));
        assert!(super::may_touch("DELETE type::record('platform', $id)", "action_item"));
        assert!(!super::may_touch(delete, "policy"));
        // Naming a table without deleting reaches only that table.
        assert!(!super::may_touch("UPDATE type::record('organisation', $id) SET name = $n", "interaction"));
    }

    /// A read that ran beside a write may hold the data from before it: the write moves its tables'
    /// epochs again once it has run, so what that read cached is never served after the write.
    #[tokio::test]
    async fn a_write_moves_its_epochs_when_sent_and_again_when_done() {
        let db = super::connect("mem://", None).await.unwrap();
        let (org, feedback) = (db.epoch_of("organisation"), db.epoch_of("feedback"));
        let write = db.query("CREATE organisation SET name = 'x'");
        assert_eq!(db.epoch_of("organisation"), org + 1, "moved when sent");
        write.await.unwrap().check().unwrap();
        assert_eq!(db.epoch_of("organisation"), org + 2, "and again when done");
        assert_eq!(db.epoch_of("feedback"), feedback, "other tables keep theirs");
        let before = db.epoch();
        db.query("SELECT * FROM organisation").await.unwrap();
        assert_eq!(db.epoch(), before, "a read moves nothing");
    }
}
