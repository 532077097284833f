//! The audit log as it crosses the wire.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// RFC 3339, UTC.
    pub at: String,
    pub actor_email: String,
    pub action: String,
    pub target: String,
    pub summary: String,
}
