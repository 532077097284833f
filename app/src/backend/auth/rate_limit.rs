//! In-memory sliding-window limiters (sign-in attempts, reset requests). Being per instance is
//! acceptable: they slow guessing and mail floods on each instance and keep no personal data beyond
//! short-lived keys. Checking and counting an attempt is one step under one lock, so parallel requests
//! cannot all pass the check before any is counted; the number of keys is capped, so a flood of
//! distinct keys cannot grow memory without bound.
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Keys kept at most per limiter; beyond that the least recently hit key is forgotten.
pub const MAX_KEYS: usize = 10_000;

pub struct RateLimiter {
    max: usize,
    window: Duration,
    hits: Mutex<HashMap<String, Vec<Instant>>>,
}

impl RateLimiter {
    pub fn new(max: usize, window: Duration) -> Self {
        RateLimiter { max, window, hits: Mutex::new(HashMap::new()) }
    }

    /// Counts one attempt for `key` if it is still below the limit, atomically; false when the limit
    /// is reached (the attempt is then not counted).
    pub fn try_hit(&self, key: &str) -> bool {
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if let Some(v) = hits.get_mut(key) {
            v.retain(|t| now.duration_since(*t) < self.window);
            if v.len() >= self.max {
                return false;
            }
            v.push(now);
            return true;
        }
        if hits.len() >= MAX_KEYS {
            hits.retain(|_, v| v.last().is_some_and(|t| now.duration_since(*t) < self.window));
        }
        if hits.len() >= MAX_KEYS {
            let oldest = hits.iter().min_by_key(|(_, v)| v.last().copied()).map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                hits.remove(&k);
            }
        }
        if self.max == 0 {
            return false;
        }
        hits.insert(key.to_string(), vec![now]);
        true
    }

    /// Takes back the latest attempt of `key` (a successful sign-in is not held against its address).
    pub fn refund(&self, key: &str) {
        if let Some(v) = self.hits.lock().unwrap_or_else(|e| e.into_inner()).get_mut(key) {
            v.pop();
        }
    }

    /// Forgets `key` (a successful sign-in clears its account's count).
    pub fn clear(&self, key: &str) {
        self.hits.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
    }

    pub fn keys(&self) -> usize {
        self.hits.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// Keys for the limits of the anonymous channel: a keyed hash of the client's address under a secret
/// that lives only in this process's memory and is replaced every `every`. Nothing of it is written
/// anywhere; once a secret is replaced, no key made with it can be linked to an address again.
pub struct RotatingKeys {
    every: Duration,
    secret: Mutex<(Instant, [u8; 32])>,
}

impl RotatingKeys {
    pub fn new(every: Duration) -> Self {
        RotatingKeys { every, secret: Mutex::new((Instant::now(), fresh_secret())) }
    }

    /// The key of `addr` under the current secret (a new secret when the current one has aged).
    pub fn key(&self, addr: Option<std::net::IpAddr>) -> String {
        use sha2::{Digest, Sha256};
        let mut guard = self.secret.lock().unwrap_or_else(|e| e.into_inner());
        if guard.0.elapsed() >= self.every {
            *guard = (Instant::now(), fresh_secret());
        }
        let mut h = Sha256::new();
        h.update(guard.1);
        drop(guard);
        match addr {
            Some(std::net::IpAddr::V4(a)) => h.update(a.octets()),
            // An IPv6 client is keyed by its /64, which one household or phone usually holds whole.
            Some(std::net::IpAddr::V6(a)) => h.update(&a.octets()[..8]),
            None => h.update(b"unknown"),
        }
        h.finalize().iter().take(12).map(|b| format!("{b:02x}")).collect()
    }
}

fn fresh_secret() -> [u8; 32] {
    use rand::RngCore;
    let mut s = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut s);
    s
}

/// The limits the services apply.
pub struct Limits {
    /// Sign-in attempts per account (e-mail address as typed, lower-cased).
    pub login_per_account: RateLimiter,
    /// Failed (and in-flight) sign-in attempts per client address.
    pub login_per_client: RateLimiter,
    /// Password-reset requests per client address.
    pub reset_per_client: RateLimiter,
    /// Password-reset requests per recipient address.
    pub reset_per_recipient: RateLimiter,
    /// Password-reset requests in all.
    pub reset_overall: RateLimiter,
    /// The anonymous channel's keys (rotated hourly, never stored).
    pub anonymous_keys: RotatingKeys,
    /// Anonymous submissions per client key.
    pub feedback_per_client: RateLimiter,
    /// Receipt look-ups per client key.
    pub receipt_per_client: RateLimiter,
    /// Wrong receipt codes in all (slows guessing spread over many addresses).
    pub receipt_wrong_overall: RateLimiter,
}

impl Default for Limits {
    fn default() -> Self {
        let quarter = Duration::from_secs(15 * 60);
        let hour = Duration::from_secs(3600);
        Limits {
            login_per_account: RateLimiter::new(5, quarter),
            login_per_client: RateLimiter::new(30, quarter),
            reset_per_client: RateLimiter::new(20, hour),
            reset_per_recipient: RateLimiter::new(3, hour),
            reset_overall: RateLimiter::new(200, hour),
            anonymous_keys: RotatingKeys::new(hour),
            feedback_per_client: RateLimiter::new(30, hour),
            receipt_per_client: RateLimiter::new(10, quarter),
            receipt_wrong_overall: RateLimiter::new(300, quarter),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_up_to_the_limit_and_clears() {
        let l = RateLimiter::new(3, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(l.try_hit("a"));
        }
        assert!(!l.try_hit("a"));
        assert!(l.try_hit("b"));
        l.clear("a");
        assert!(l.try_hit("a"));
    }

    #[test]
    fn anonymous_keys_rotate_and_never_show_the_address() {
        let addr: std::net::IpAddr = "203.0.113.77".parse().unwrap();
        let keys = RotatingKeys::new(Duration::from_millis(30));
        let a = keys.key(Some(addr));
        assert_eq!(a, keys.key(Some(addr)));
        assert_eq!(a.len(), 24);
        std::thread::sleep(Duration::from_millis(40));
        assert_ne!(a, keys.key(Some(addr)), "a new secret gives new keys");
    }

    #[test]
    fn window_expires() {
        let l = RateLimiter::new(1, Duration::from_millis(20));
        assert!(l.try_hit("a"));
        assert!(!l.try_hit("a"));
        std::thread::sleep(Duration::from_millis(30));
        assert!(l.try_hit("a"));
    }

    #[test]
    fn parallel_attempts_never_exceed_the_limit() {
        let l = std::sync::Arc::new(RateLimiter::new(5, Duration::from_secs(60)));
        let passed: usize = (0..40)
            .map(|_| {
                let l = l.clone();
                std::thread::spawn(move || l.try_hit("victim@example.org") as usize)
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .sum();
        assert_eq!(passed, 5);
    }

    #[test]
    fn a_flood_of_distinct_keys_stays_bounded() {
        let l = RateLimiter::new(5, Duration::from_secs(60));
        for i in 0..(MAX_KEYS + 500) {
            assert!(l.try_hit(&format!("k{i}")));
        }
        assert!(l.keys() <= MAX_KEYS);
    }
}
