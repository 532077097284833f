//! Repositories: one module per aggregate, SurrealQL with bound parameters only. They never decide
//! who may do what; services do. Ids leave here as plain strings (the record key).
pub mod accounts;
pub mod audit;
pub mod backup;
pub mod jurisdictions;
pub mod organisations;
pub mod programmes;
pub mod sessions;
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
