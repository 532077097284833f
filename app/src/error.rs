//! The one error type that crosses the wire. Its `code()` is stable snake_case and doubles as the i18n
//! key (`error.<code>`); field problems carry their own keys (`field.<code>`).
use crate::domain::FieldError;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    /// Not signed in, or the session ended.
    Unauthorized,
    /// Signed in, but this role or scope may not do this.
    Forbidden,
    NotFound,
    /// Input did not parse; nothing was saved.
    Validation {
        fields: Vec<FieldError>,
    },
    /// A uniqueness rule or a concurrent change; `field` names the input when one is at fault.
    Conflict {
        field: Option<String>,
    },
    /// Too many attempts; try again later.
    RateLimited,
    /// Wrong e-mail or password (one message for both, so accounts cannot be probed).
    BadCredentials,
    /// A single-use link that is unknown, used or expired.
    InvalidToken,
    /// A request from another origin was refused.
    CrossOrigin,
    /// Something failed on the server; `reference` finds the full chain in the server log.
    Internal {
        reference: String,
    },
    /// The request never reached the application (network, decoding).
    Transport {
        message: String,
    },
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::NotFound => "not_found",
            AppError::Validation { .. } => "validation",
            AppError::Conflict { .. } => "conflict",
            AppError::RateLimited => "rate_limited",
            AppError::BadCredentials => "bad_credentials",
            AppError::InvalidToken => "invalid_token",
            AppError::CrossOrigin => "cross_origin",
            AppError::Internal { .. } => "internal",
            AppError::Transport { .. } => "transport",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::BadCredentials => 401,
            AppError::Forbidden | AppError::CrossOrigin => 403,
            AppError::NotFound => 404,
            AppError::Conflict { .. } => 409,
            AppError::Validation { .. } | AppError::InvalidToken => 422,
            AppError::RateLimited => 429,
            AppError::Internal { .. } | AppError::Transport { .. } => 500,
        }
    }

    pub fn validation(fields: Vec<FieldError>) -> Self {
        AppError::Validation { fields }
    }

    pub fn field(field: &str, code: &str) -> Self {
        AppError::Validation { fields: vec![FieldError::new(field, code)] }
    }

    /// The field errors for one input, for showing next to it.
    pub fn field_errors(&self, field: &str) -> Vec<FieldError> {
        match self {
            AppError::Validation { fields } => fields.iter().filter(|f| f.field == field).cloned().collect(),
            AppError::Conflict { field: Some(f) } if f == field => vec![FieldError::new(field, "taken")],
            _ => vec![],
        }
    }
}

#[cfg(feature = "ssr")]
impl AppError {
    /// An internal failure: the details go to the log once, under a random reference; the browser
    /// gets only the reference.
    pub fn internal(details: &dyn fmt::Debug) -> AppError {
        use rand::Rng;
        let reference = format!("{:012x}", rand::thread_rng().gen::<u64>() & 0xffff_ffff_ffff);
        tracing::error!(reference = %reference, error = ?details, "request failed");
        AppError::Internal { reference }
    }
}

impl From<crate::domain::grant::Denied> for AppError {
    fn from(d: crate::domain::grant::Denied) -> Self {
        match d {
            crate::domain::grant::Denied::NotFound => AppError::NotFound,
            crate::domain::grant::Denied::Forbidden => AppError::Forbidden,
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Internal { reference } => write!(f, "internal error (ref {reference})"),
            AppError::Transport { message } => write!(f, "transport error: {message}"),
            other => f.write_str(other.code()),
        }
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::Deserialization(m) => {
                let _ = m;
                AppError::validation(vec![FieldError::new("form", "malformed")])
            }
            // On the server a framework failure is ours: logged under a reference, never shown raw.
            #[cfg(feature = "ssr")]
            other => AppError::internal(&format!("server function: {other}")),
            // In the browser it is the request that failed (offline, server gone).
            #[cfg(not(feature = "ssr"))]
            other => AppError::Transport { message: other.to_string() },
        }
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn framework_errors_reach_the_browser_only_as_a_reference() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::ServerError("/srv/secret/path: boom".into()));
        assert_eq!(e.code(), "internal");
        assert!(!format!("{e} {}", serde_json::to_string(&e).unwrap()).contains("secret"));
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::validation(vec![e])
    }
}

impl From<Vec<FieldError>> for AppError {
    fn from(e: Vec<FieldError>) -> Self {
        AppError::validation(e)
    }
}

/// Collects the results of several parsers so a form reports every bad field at once.
#[derive(Default)]
pub struct Fields(Vec<FieldError>);

impl Fields {
    pub fn check<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::validation(self.0))
        }
    }
}
