pub mod ctx;
pub mod password;
pub mod rate_limit;
pub mod session_store;

pub use ctx::{Ctx, Membership};

/// Session keys.
pub const SESSION_USER: &str = "user";
