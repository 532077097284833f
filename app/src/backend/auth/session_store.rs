//! A tower-sessions store on SurrealDB 3 (the published one targets SurrealDB 2). Records are kept as
//! JSON with their expiry; the signed-in user's id is copied out so all of a person's sessions can be
//! ended at once (password reset).
use crate::backend::repo::sessions;
use crate::backend::Db;
use async_trait::async_trait;
use time::format_description::well_known::Rfc3339;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

#[derive(Clone)]
pub struct SurrealSessionStore {
    db: Db,
}

impl std::fmt::Debug for SurrealSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SurrealSessionStore")
    }
}

impl SurrealSessionStore {
    pub fn new(db: Db) -> Self {
        SurrealSessionStore { db }
    }
}

fn backend<E: std::fmt::Display>(e: E) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn encode(record: &Record) -> session_store::Result<(String, Option<String>, String)> {
    let data = serde_json::to_string(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    let user = record.data.get(super::SESSION_USER).and_then(|v| v.as_str()).map(str::to_string);
    let expires = record.expiry_date.format(&Rfc3339).map_err(|e| session_store::Error::Encode(e.to_string()))?;
    Ok((data, user, expires))
}

#[async_trait]
impl SessionStore for SurrealSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        loop {
            let (data, user, expires) = encode(record)?;
            if sessions::create(&self.db, &record.id.to_string(), &data, user, &expires).await.map_err(backend)? {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let (data, user, expires) = encode(record)?;
        sessions::save(&self.db, &record.id.to_string(), &data, user, &expires).await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match sessions::load(&self.db, &id.to_string()).await.map_err(backend)? {
            Some(row) => {
                let record: Record =
                    serde_json::from_str(&row.data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
                Ok((record.expiry_date > time::OffsetDateTime::now_utc()).then_some(record))
            }
            None => Ok(None),
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sessions::delete(&self.db, &id.to_string()).await.map_err(backend)
    }
}

#[async_trait]
impl ExpiredDeletion for SurrealSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        sessions::delete_expired(&self.db).await.map_err(backend)
    }
}
