//! Read caches for what nearly every signed-in page reads: the acting person behind a session and a
//! programme's header and overview. An entry is served only while the database handle's write epoch
//! is unchanged (any statement of this process that may change data moves it) and for at most
//! [`TTL`] (and one refresh), which bounds how stale another instance's change can look (a sign-out
//! or password reset on instance A ends the session on instance B within that time), and how long a
//! value that depends on the day (the overview's overdue items, a session's expiry) may lag.
//!
//! Snapshots of watched tables ([`Cache::get_or_load_tables`]) depend on their tables only. On an
//! embedded store no other process writes, so their epochs see every change and they are kept until
//! one moves, with no TTL: refreshing the hub's 50 000 interactions every two seconds cost 1.5 s of
//! a core each time. Against a server they keep the TTL. Each cache holds at most [`MAX_ENTRIES`];
//! when full, expired entries go first, then everything.
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
        self.gated(key, load, Some(TTL), || db.epoch()).await
    }

    /// For a value read from tables of [`crate::backend::db::WATCHED`]: kept while none of their
    /// epochs moves (writes to other tables leave it), and against a database server for at most the
    /// TTL (on an embedded store the epochs see every write). The key names what is cached (a
    /// programme), never an epoch: a write replaces the one entry instead of leaving the old one
    /// beside the new.
    pub async fn get_or_load_tables<E, F>(&self, db: &Db, tables: &[&str], key: &K, load: F) -> Result<V, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        let ttl = (!db.is_embedded()).then_some(TTL);
        self.gated(key, load, ttl, || db.epoch_of_all(tables)).await
    }

    /// Concurrent misses of a key wait for one load instead of each reading (a large read, such as
    /// the register's snapshot, must not run once per waiting request); misses of other keys do not
    /// wait for it. When an entry has only outlived its TTL (no write of this process since), one
    /// request refreshes it while the others are served the entry they had: a large snapshot's
    /// refresh never stalls every request behind it, and another instance's change still shows
    /// within the TTL and one load.
    async fn gated<E, F>(&self, key: &K, load: F, ttl: Option<Duration>, epoch_now: impl Fn() -> u64) -> Result<V, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        let epoch = epoch_now();
        let (fresh, aged) = {
            let mut map = self.lock();
            match map.get(key) {
                Some((v, at, e)) if *e == epoch => (young(*at, ttl), Some(v.clone())),
                // Outdated by a write: it is never served again, so it goes now rather than
                // staying in memory beside the value that replaces it while that loads.
                Some(_) => {
                    map.remove(key);
                    (false, None)
                }
                None => (false, None),
            }
        };
        if let (true, Some(v)) = (fresh, &aged) {
            return Ok(v.clone());
        }
        let gate = self.loading.lock().unwrap_or_else(|e| e.into_inner()).entry(key.clone()).or_default().clone();
        let guard = match (gate.try_lock(), aged) {
            (Ok(guard), _) => guard,
            // Someone is refreshing an entry that only aged: serve it as it was.
            (Err(_), Some(v)) => return Ok(v),
            (Err(_), None) => gate.lock().await,
        };
        let value = self.load_at(key, load, ttl, &epoch_now).await;
        drop(guard);
        // The gate goes once nobody else holds it (the map and this call are its only owners).
        let mut gates = self.loading.lock().unwrap_or_else(|e| e.into_inner());
        if Arc::strong_count(&gate) <= 2 {
            gates.remove(key);
        }
        value
    }

    fn fresh(&self, key: &K, epoch: u64, ttl: Option<Duration>) -> Option<V> {
        let map = self.lock();
        let (v, at, e) = map.get(key)?;
        (*e == epoch && young(*at, ttl)).then(|| v.clone())
    }

    async fn load_at<E, F>(&self, key: &K, load: F, ttl: Option<Duration>, epoch_now: impl Fn() -> u64) -> Result<V, E>
    where
        F: std::future::Future<Output = Result<V, E>>,
    {
        let epoch = epoch_now();
        if let Some(v) = self.fresh(key, epoch, ttl) {
            return Ok(v);
        }
        let value = load.await?;
        if epoch_now() == epoch {
            let mut map = self.lock();
            if map.len() >= MAX_ENTRIES {
                map.retain(|_, (_, at, e)| *e == epoch && young(*at, ttl));
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

/// Whether an entry made `at` is within `ttl` (always, without one).
fn young(at: Instant, ttl: Option<Duration>) -> bool {
    ttl.is_none_or(|ttl| at.elapsed() < ttl)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    fn age(cache: &Cache<&'static str, u32>, key: &'static str) {
        let mut map = cache.lock();
        let entry = map.get_mut(key).expect("an entry");
        entry.1 = Instant::now() - TTL - Duration::from_millis(10);
    }

    #[tokio::test]
    async fn concurrent_misses_load_once_and_an_aged_entry_is_served_while_one_refreshes() {
        let cache: Arc<Cache<&'static str, u32>> = Arc::default();
        let epoch = Arc::new(AtomicU64::new(0));
        let loads = Arc::new(AtomicUsize::new(0));
        let slow = |value: u32, loads: Arc<AtomicUsize>| async move {
            loads.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(100)).await;
            Ok::<u32, ()>(value)
        };
        // Eight misses at once: one load.
        let mut tasks = vec![];
        for _ in 0..8 {
            let (cache, epoch, loads) = (cache.clone(), epoch.clone(), loads.clone());
            tasks.push(tokio::spawn(async move {
                cache.gated(&"k", slow(1, loads), Some(TTL), || epoch.load(Ordering::SeqCst)).await
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), Ok(1));
        }
        assert_eq!(loads.load(Ordering::SeqCst), 1);

        // Aged, same epoch: one request refreshes, the others get the old value without waiting.
        age(&cache, "k");
        let refresher = {
            let (cache, epoch, loads) = (cache.clone(), epoch.clone(), loads.clone());
            tokio::spawn(
                async move { cache.gated(&"k", slow(2, loads), Some(TTL), || epoch.load(Ordering::SeqCst)).await },
            )
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        let started = Instant::now();
        let served =
            cache.gated(&"k", async { panic!("a second refresh") }, Some(TTL), || epoch.load(Ordering::SeqCst)).await;
        assert_eq!(served, Ok::<u32, ()>(1));
        assert!(started.elapsed() < Duration::from_millis(50), "served at once");
        assert_eq!(refresher.await.unwrap(), Ok(2));
        assert_eq!(
            cache.gated(&"k", async { panic!("fresh again") }, Some(TTL), || epoch.load(Ordering::SeqCst)).await,
            Ok::<u32, ()>(2)
        );

        // A write of this process moves the epoch: the old entry is never served, whatever its age.
        epoch.fetch_add(1, Ordering::SeqCst);
        let after = cache.gated(&"k", async { Ok::<u32, ()>(3) }, Some(TTL), || epoch.load(Ordering::SeqCst)).await;
        assert_eq!(after, Ok(3));
    }

    #[tokio::test]
    async fn an_outdated_entry_is_replaced_not_kept_beside_the_new_one() {
        let cache: Cache<&'static str, Arc<Vec<u8>>> = Cache::default();
        let epoch = AtomicU64::new(0);
        let big = Arc::new(vec![0u8; 1 << 20]);
        let loaded =
            cache.gated(&"k", async { Ok::<_, ()>(big.clone()) }, Some(TTL), || epoch.load(Ordering::SeqCst)).await;
        assert_eq!(loaded.as_ref().map(|v| v.len()), Ok(1 << 20));
        drop(loaded);
        epoch.fetch_add(1, Ordering::SeqCst);
        // While the new value loads, the map no longer holds the old one.
        let during = cache
            .gated(
                &"k",
                async {
                    assert!(cache.is_empty(), "the outdated entry went before the load");
                    Ok::<_, ()>(Arc::new(vec![1u8]))
                },
                Some(TTL),
                || epoch.load(Ordering::SeqCst),
            )
            .await;
        assert_eq!(during.map(|v| v.len()), Ok(1));
        assert_eq!(cache.len(), 1);
        assert_eq!(Arc::strong_count(&big), 1, "nothing holds the old value any more");
    }

    #[tokio::test]
    async fn on_an_embedded_store_a_table_snapshot_lasts_until_a_write_to_its_tables() {
        let db = crate::backend::db::connect("mem://", None).await.expect("an embedded store");
        assert!(db.is_embedded());
        let cache: Cache<&'static str, u32> = Cache::default();
        let tables = &["interaction"];
        assert_eq!(cache.get_or_load_tables(&db, tables, &"k", async { Ok::<u32, ()>(1) }).await, Ok(1));
        // Past the TTL, and other tables written: still served, without a load.
        age(&cache, "k");
        db.query("CREATE policy SET title = 'x'").await.expect("a write to another table");
        let kept = cache.get_or_load_tables(&db, tables, &"k", async { panic!("reloaded without a write") }).await;
        assert_eq!(kept, Ok::<u32, ()>(1));
        // A write that may touch one of its tables (here by cascade: deleting an organisation
        // deletes its interactions) ends it.
        db.query("DELETE organisation WHERE false").await.expect("a deletion");
        assert_eq!(cache.get_or_load_tables(&db, tables, &"k", async { Ok::<u32, ()>(2) }).await, Ok(2));
        // The global-epoch caches keep their TTL on any store (they hold values that depend on the day).
        cache.get_or_load(&db, &"d", async { Ok::<u32, ()>(1) }).await.expect("loaded");
        age(&cache, "d");
        assert_eq!(cache.get_or_load(&db, &"d", async { Ok::<u32, ()>(2) }).await, Ok(2));
    }
}
