//! In-memory sliding-window limiter for login attempts. Being per instance is acceptable: it slows
//! guessing on each instance and keeps no personal data beyond a short-lived key.
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct RateLimiter {
    max: usize,
    window: Duration,
    hits: Mutex<HashMap<String, Vec<Instant>>>,
}

impl RateLimiter {
    pub fn new(max: usize, window: Duration) -> Self {
        RateLimiter { max, window, hits: Mutex::new(HashMap::new()) }
    }

    /// Whether `key` is still below the limit (does not count an attempt).
    pub fn allowed(&self, key: &str) -> bool {
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if let Some(v) = hits.get_mut(key) {
            v.retain(|t| now.duration_since(*t) < self.window);
            return v.len() < self.max;
        }
        true
    }

    /// Counts one failed attempt for `key`; old keys are dropped as the map is touched.
    pub fn record(&self, key: &str) {
        let mut hits = self.hits.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if hits.len() > 10_000 {
            hits.retain(|_, v| v.last().is_some_and(|t| now.duration_since(*t) < self.window));
        }
        hits.entry(key.to_string()).or_default().push(now);
    }

    pub fn clear(&self, key: &str) {
        self.hits.lock().unwrap_or_else(|e| e.into_inner()).remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn blocks_after_max_and_clears() {
        let l = RateLimiter::new(3, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(l.allowed("a"));
            l.record("a");
        }
        assert!(!l.allowed("a"));
        assert!(l.allowed("b"));
        l.clear("a");
        assert!(l.allowed("a"));
    }
    #[test]
    fn window_expires() {
        let l = RateLimiter::new(1, Duration::from_millis(20));
        l.record("a");
        assert!(!l.allowed("a"));
        std::thread::sleep(Duration::from_millis(30));
        assert!(l.allowed("a"));
    }
}
