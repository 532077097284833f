//! Repositories: one module per aggregate, SurrealQL with bound parameters only. They never decide
//! who may do what; services do. Ids leave here as plain strings (the record key).
pub mod activities;
pub mod analysis;
pub mod audit;
pub mod backup;
pub mod bodies;
pub mod contacts;
pub mod inputs;
pub mod interactions;
pub mod jurisdictions;
pub mod memberships;
pub mod organisations;
pub mod outbox;
pub mod policies;
pub mod programmes;
pub mod relations;
pub mod rounds;
pub mod sessions;
pub mod tokens;
pub mod users;
pub mod write;

pub use write::{Tx, Write};

use surrealdb::types::QueryError;
use surrealdb::IndexedResults;

/// The cause of a failed multi-statement query: inside a transaction the statements that did not run
/// report "not executed"/"cancelled"; the one that failed carries the real error.
pub fn first_real_error(mut res: IndexedResults) -> Result<IndexedResults, surrealdb::Error> {
    let errors = res.take_errors();
    if errors.is_empty() {
        return Ok(res);
    }
    let mut errors: Vec<(usize, surrealdb::Error)> = errors.into_iter().collect();
    errors.sort_by_key(|(i, _)| *i);
    let cause = errors
        .iter()
        .find(|(_, e)| !matches!(e.query_details(), Some(QueryError::NotExecuted | QueryError::Cancelled)))
        .or(errors.last())
        .map(|(_, e)| e.clone())
        .expect("errors is not empty");
    Err(cause)
}

/// Whether an error is a UNIQUE index refusing a duplicate; returns the index name.
pub fn unique_violation(e: &surrealdb::Error) -> Option<String> {
    let m = e.message();
    let rest = m.strip_prefix("Database index `")?;
    let (index, tail) = rest.split_once('`')?;
    tail.starts_with(" already contains ").then(|| index.to_string())
}

/// Whether a transaction failed only because another one wrote the same records at the same time
/// (SurrealDB says it "can be retried").
pub fn retryable(e: &surrealdb::Error) -> bool {
    let m = e.message();
    m.contains("can be retried") || m.contains("read or write conflict")
}

/// A record key like the ones SurrealDB makes (20 random alphanumerics), for records a transaction
/// creates and then refers to (a new account and its membership).
pub fn random_key() -> String {
    use rand::distributions::{Alphanumeric, DistString};
    Alphanumeric.sample_string(&mut rand::rngs::OsRng, 20).to_lowercase()
}

/// A fresh random key for ids that leave the server in links (not used for anonymous data, which gets
/// the database's own random keys).
pub fn random_token() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn sha256_hex(s: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(s.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Binds what every list query of the one list pattern reads (see [`crate::domain::list`]):
/// `$needle` (lower-cased free text or NONE), `$sort` (a column the register declared, else its
/// default), `$desc`, the cursor `$ak`/`$aid` (sort key and id of the last row shown, or NONE) and
/// `$n` (rows to read: one more than the page, so the page knows whether another follows).
///
/// Each list statement computes its sort key `k` from `$sort`, keeps to the grant's scope in its
/// `WHERE`, and reads `count()` of the filtered rows and then, in one literal statement:
/// `IF $desc THEN (… WHERE $ak = NONE OR k < $ak OR (k = $ak AND id < $aid) ORDER BY k DESC, id DESC
/// LIMIT $n) ELSE (… > … ORDER BY k, id LIMIT $n) END`, so ties are broken by id.
pub fn list_params<'a>(
    query: crate::backend::Query<'a>,
    list: &crate::domain::list::ListQuery,
    sorts: &[&str],
    limit: u32,
) -> crate::backend::Query<'a> {
    let sort = applied_sort(list, sorts);
    let (ak, aid) = match list.cursor() {
        Some((k, id)) => (Some(k), Some(id)),
        None => (None, None),
    };
    query
        .bind(("needle", list.needle()))
        .bind(("sort", sort.to_string()))
        .bind(("desc", list.desc))
        .bind(("ak", ak))
        .bind(("aid", aid))
        .bind(("n", i64::from(limit) + 1))
}

/// The sort column a list actually applies.
pub fn applied_sort<'s>(list: &crate::domain::list::ListQuery, sorts: &[&'s str]) -> &'s str {
    sorts.iter().find(|s| **s == list.sort).or(sorts.first()).copied().unwrap_or("")
}
