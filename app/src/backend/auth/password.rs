//! Argon2id hashing. Parameters come from configuration (cheap in tests); verifying an unknown user
//! runs against a dummy hash made with the same parameters so timing does not reveal who has an account.
use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::time::Duration;

/// How long a password check may wait for a free core before it is refused as busy.
pub const MAX_WAIT: Duration = Duration::from_secs(10);

#[derive(Clone, Copy, Debug)]
pub struct HashParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl HashParams {
    /// OWASP's first recommended Argon2id setting (19 MiB, 2 passes, 1 lane).
    pub const PRODUCTION: HashParams = HashParams { memory_kib: 19 * 1024, iterations: 2, parallelism: 1 };
    /// For tests only: the smallest parameters Argon2 accepts.
    pub const TEST: HashParams = HashParams { memory_kib: 8, iterations: 1, parallelism: 1 };
}

/// Hashes on the blocking pool, at most one per core at a time: each Argon2 run holds its memory
/// (19 MiB in production) for its whole duration, so a burst of sign-ins queues here instead of
/// multiplying the server's resident memory. More runs than cores would not finish sooner anyway. A
/// request that waits longer than [`MAX_WAIT`] is refused as busy (429) rather than queued for ever.
#[derive(Clone)]
pub struct Hasher {
    argon: Argon2<'static>,
    dummy: String,
    permits: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Hasher {
    pub fn new(p: HashParams) -> anyhow::Result<Hasher> {
        let params = Params::new(p.memory_kib, p.iterations, p.parallelism, None)
            .map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let salt = SaltString::generate(&mut OsRng);
        let dummy = argon
            .hash_password(b"not a real password, only for equal timing", &salt)
            .map_err(|e| anyhow::anyhow!("argon2: {e}"))?
            .to_string();
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Ok(Hasher { argon, dummy, permits: std::sync::Arc::new(tokio::sync::Semaphore::new(cores)) })
    }

    async fn permit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, AppError> {
        match tokio::time::timeout(MAX_WAIT, self.permits.acquire()).await {
            Ok(permit) => permit.map_err(|e| AppError::from(anyhow::anyhow!(e))),
            Err(_) => {
                tracing::warn!("password hashing busy: request refused");
                Err(AppError::RateLimited)
            }
        }
    }

    /// [`Hasher::hash`] off the async workers, within the concurrency limit.
    pub async fn hash_async(&self, password: String) -> Result<String, AppError> {
        let _permit = self.permit().await?;
        let this = self.clone();
        let joined = tokio::task::spawn_blocking(move || this.hash(&password)).await;
        Ok(joined.map_err(|e| AppError::from(anyhow::anyhow!(e)))??)
    }

    /// [`Hasher::verify`] off the async workers, within the concurrency limit.
    pub async fn verify_async(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        let _permit = self.permit().await?;
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.verify(&password, stored.as_deref()))
            .await
            .map_err(|e| AppError::from(anyhow::anyhow!(e)))
    }

    /// Argon2id of `secret` with a fixed `salt` (base64, as [`new_salt`] makes), so the same secret
    /// always gives the same hash and a look-up can find it: for receipt codes, whose 80 random bits
    /// make a per-record salt unnecessary. Off the async workers, within the concurrency limit.
    pub async fn hash_with_salt_async(&self, secret: String, salt: String) -> Result<String, AppError> {
        let _permit = self.permit().await?;
        let this = self.clone();
        let joined = tokio::task::spawn_blocking(move || -> anyhow::Result<String> {
            let salt = SaltString::from_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
            Ok(this
                .argon
                .hash_password(secret.as_bytes(), &salt)
                .map_err(|e| anyhow::anyhow!("argon2: {e}"))?
                .to_string())
        })
        .await;
        Ok(joined.map_err(|e| AppError::from(anyhow::anyhow!(e)))??)
    }

    pub fn hash(&self, password: &str) -> anyhow::Result<String> {
        let salt = SaltString::generate(&mut OsRng);
        Ok(self
            .argon
            .hash_password(password.as_bytes(), &salt)
            .map_err(|e| anyhow::anyhow!("argon2: {e}"))?
            .to_string())
    }

    /// Checks `password` against `stored`, or against the dummy hash when there is no stored hash,
    /// so both paths cost the same. Returns false for the dummy.
    pub fn verify(&self, password: &str, stored: Option<&str>) -> bool {
        let target = stored.unwrap_or(&self.dummy);
        let ok = PasswordHash::new(target)
            .map(|h| self.argon.verify_password(password.as_bytes(), &h).is_ok())
            .unwrap_or(false);
        ok && stored.is_some()
    }
}

/// A fresh random salt in the form [`Hasher::hash_with_salt_async`] takes.
pub fn new_salt() -> String {
    SaltString::generate(&mut OsRng).as_str().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn hashes_verify_and_dummy_never_matches() {
        let h = Hasher::new(HashParams::TEST).unwrap();
        let stored = h.hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(h.verify("correct horse battery", Some(&stored)));
        assert!(!h.verify("wrong horse battery", Some(&stored)));
        assert!(!h.verify("not a real password, only for equal timing", None));
    }
}
