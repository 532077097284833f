//! Read caches for what nearly every signed-in page reads: the acting person behind a session and a
//! programme's header and overview. An entry is served only while the database handle's write epoch
//! is unchanged (any statement of this process that may change data moves it) and for at most
//! [`TTL`], which bounds how stale another instance's change can look (a sign-out or password reset
//! on instance A ends the session on instance B within that time). Each cache holds at most
//! [`MAX_ENTRIES`]; when full, expired entries go first, then everything.
use super::Db;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TTL: Duration = Duration::from_secs(2);
pub const MAX_ENTRIES: usize = 10_000;

pub struct Cache<K, V> {
    entries: Mutex<HashMap<K, (V, Instant, u64)>>,
    /// One gate per key while a [`Cache::get_or_load_table`] load runs, so concurrent misses of a
    /// key load it once (and misses of other keys do not wait for it).
    loading: Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
}

impl<K, V> Default for Cache<K, V> {
    fn default() -> Self {
        Cache { entries: Mutex::new(HashMap::new()), loading: Mutex::new(HashMap::new()) }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Cache<K, V> {
    /// The cached value while the epoch holds and it is younger than the TTL, else what `load` reads
    /// (kept only if no write began meanwhile).
    pub async fn get_or_load<E, F>(&self, db: &Db, key: &K, load: F) -> Result<V, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        self.load_at(key, load, || db.epoch()).await
    }

    /// For a value read from one table of [`crate::backend::db::WATCHED`]: kept while that table's
    /// epoch holds (writes to other tables leave it) and for at most the TTL. Concurrent misses wait
    /// for one load instead of each reading the table (a large read, such as the register's
    /// snapshot, must not run once per waiting request).
    pub async fn get_or_load_table<E, F>(&self, db: &Db, table: &str, key: &K, load: F) -> Result<V, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        if let Some(v) = self.fresh(key, db.epoch_of(table)) {
            return Ok(v);
        }
        let gate = self.loading.lock().unwrap_or_else(|e| e.into_inner()).entry(key.clone()).or_default().clone();
        let _one = gate.lock().await;
        let value = self.load_at(key, load, || db.epoch_of(table)).await;
        // The gate goes once nobody else holds it (the map and this call are its only owners).
        let mut gates = self.loading.lock().unwrap_or_else(|e| e.into_inner());
        if Arc::strong_count(&gate) <= 2 {
            gates.remove(key);
        }
        value
    }

    fn fresh(&self, key: &K, epoch: u64) -> Option<V> {
        let map = self.lock();
        let (v, at, e) = map.get(key)?;
        (*e == epoch && at.elapsed() < TTL).then(|| v.clone())
    }

    async fn load_at<E, F>(&self, key: &K, load: F, epoch_now: impl Fn() -> u64) -> Result<V, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        let epoch = epoch_now();
        if let Some(v) = self.fresh(key, epoch) {
            return Ok(v);
        }
        let value = load.await?;
        if epoch_now() == epoch {
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

/// Values that never change once made (a closed round's anonymous tally: a round never reopens and
/// only an open one accepts feedback), kept without epoch or expiry; at most [`MAX_ENTRIES`].
pub struct Frozen<K, V> {
    entries: Mutex<HashMap<K, V>>,
}

impl<K, V> Default for Frozen<K, V> {
    fn default() -> Self {
        Frozen { entries: Mutex::new(HashMap::new()) }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Frozen<K, V> {
    pub async fn get_or_load<E, F>(&self, key: &K, load: F) -> Result<V, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        if let Some(v) = self.lock().get(key) {
            return Ok(v.clone());
        }
        let value = load.await?;
        let mut map = self.lock();
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(key.clone(), value.clone());
        Ok(value)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, V>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}
