//! Read caches for what nearly every signed-in page reads: the acting person behind a session and a
//! programme's header and overview. An entry is served only while the database handle's write epoch
//! is unchanged (any statement of this process that may change data moves it) and for at most
//! [`TTL`], which bounds how stale another instance's change can look (a sign-out or password reset
//! on instance A ends the session on instance B within that time). Each cache holds at most
//! [`MAX_ENTRIES`]; when full, expired entries go first, then everything.
use super::Db;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const TTL: Duration = Duration::from_secs(2);
pub const MAX_ENTRIES: usize = 10_000;

pub struct Cache<K, V> {
    entries: Mutex<HashMap<K, (V, Instant, u64)>>,
}

impl<K, V> Default for Cache<K, V> {
    fn default() -> Self {
        Cache { entries: Mutex::new(HashMap::new()) }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Cache<K, V> {
    /// The cached value while the epoch holds and it is younger than the TTL, else what `load` reads
    /// (kept only if no write began meanwhile).
    pub async fn get_or_load<E, F>(&self, db: &Db, key: &K, load: F) -> Result<V, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        let epoch = db.epoch();
        if let Some((v, at, e)) = self.lock().get(key) {
            if *e == epoch && at.elapsed() < TTL {
                return Ok(v.clone());
            }
        }
        let value = load.await?;
        if db.epoch() == epoch {
            let mut map = self.lock();
            if map.len() >= MAX_ENTRIES {
                map.retain(|_, (_, at, e)| *e == epoch && at.elapsed() < TTL);
                if map.len() >= MAX_ENTRIES {
                    map.clear();
                }
            }
            map.insert(key.clone(), (value.clone(), Instant::now(), epoch));
        }
        Ok(value)
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, (V, Instant, u64)>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}
