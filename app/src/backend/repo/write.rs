//! Writes that commit together. A repository describes a change as a [`Write`] (SurrealQL and its
//! bound parameters) instead of running it; a service collects the writes of one change, its audit
//! record and the mail it queues into a [`Tx`] and commits them in one SurrealDB transaction and one
//! round-trip: all of them or none.
use super::first_real_error;
use crate::backend::Db;
use surrealdb::types::{SurrealValue, Value};

pub struct Write {
    sql: String,
    params: Vec<(String, Value)>,
}

impl Write {
    pub fn new(sql: impl Into<String>) -> Write {
        Write { sql: sql.into(), params: vec![] }
    }

    pub fn bind(mut self, name: &str, value: impl SurrealValue) -> Write {
        self.params.push((name.to_string(), value.into_value()));
        self
    }

    /// Runs this write alone (still in a transaction of its own).
    pub async fn run(self, db: &Db) -> surrealdb::Result<()> {
        Tx::new().with(self).commit(db).await
    }
}

#[derive(Default)]
pub struct Tx {
    writes: Vec<Write>,
}

impl Tx {
    pub fn new() -> Tx {
        Tx::default()
    }

    pub fn with(mut self, w: Write) -> Tx {
        self.writes.push(w);
        self
    }

    pub fn push(&mut self, w: Write) {
        self.writes.push(w);
    }

    /// Commits every write or none. The error is the statement that failed (a UNIQUE index, an
    /// ASSERT, a `THROW` of a guard), not the "not executed" of the ones after it.
    pub async fn commit(self, db: &Db) -> surrealdb::Result<()> {
        let mut sql = String::from("BEGIN TRANSACTION;\n");
        let mut params = vec![];
        for (i, w) in self.writes.into_iter().enumerate() {
            let names: Vec<&str> = w.params.iter().map(|(n, _)| n.as_str()).collect();
            sql.push_str(&prefix_params(&w.sql, &format!("w{i}_"), &names));
            sql.push_str(";\n");
            params.extend(w.params.into_iter().map(|(n, v)| (format!("w{i}_{n}"), v)));
        }
        sql.push_str("COMMIT TRANSACTION;");
        let mut q = db.query(sql);
        for p in params {
            q = q.bind(p);
        }
        first_real_error(q.await?)?;
        Ok(())
    }
}

/// Gives each write's own parameters a unique name within the transaction (`$id` of the third write
/// becomes `$w2_id`); other `$` names (`$value`, `$parent`, …) are left alone.
fn prefix_params(sql: &str, prefix: &str, names: &[&str]) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut chars = sql.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while let Some(&(j, d)) = chars.peek() {
            if d.is_ascii_alphanumeric() || d == '_' {
                end = j + d.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let ident = &sql[start..end];
        if names.contains(&ident) {
            out.push_str(prefix);
        }
        out.push_str(ident);
    }
    out
}

/// The error a guard raises with `THROW "<code>"`, if this is one.
pub fn thrown(e: &surrealdb::Error, code: &str) -> bool {
    e.message().contains(code)
}

#[cfg(test)]
mod tests {
    use super::prefix_params;

    #[test]
    fn only_the_writes_own_parameters_are_renamed() {
        assert_eq!(
            prefix_params(
                "UPDATE type::record('t', $id) SET a = $idx, v = $value WHERE $id != NONE",
                "w3_",
                &["id", "idx"]
            ),
            "UPDATE type::record('t', $w3_id) SET a = $w3_idx, v = $value WHERE $w3_id != NONE"
        );
        assert_eq!(prefix_params("RETURN $a;", "w0_", &[]), "RETURN $a;");
        assert_eq!(prefix_params("é $a", "w0_", &["a"]), "é $w0_a");
    }
}
