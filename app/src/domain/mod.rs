//! Pure, wasm-safe domain types and parsers. The same parser gives instant feedback in the browser and
//! is the authority on the server ("parse, don't validate").
pub mod activity;
pub mod analysis;
pub mod body;
pub mod contact;
pub mod disclosure;
pub mod grant;
pub mod hub;
pub mod jurisdiction;
pub mod list;
pub mod organisation;
pub mod period;
pub mod policy;
pub mod role;
pub mod round;
pub mod scope;
pub mod table;
pub mod text;

pub use grant::{Action, Grant, Reach};
pub use jurisdiction::{JurisdictionCode, Level};
pub use period::Period;
pub use role::Role;
pub use scope::Scope;
pub use text::{CountryCode, Email, LanguageList, Name, Password};

use serde::{Deserialize, Serialize};

/// One problem with one input: `field` names the form field (or CSV column), `code` is an i18n key
/// under `field.` (for example `too_short`), `row` is the 1-based line of an imported file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
}

impl FieldError {
    pub fn new(field: &str, code: &str) -> Self {
        Self { field: field.into(), code: code.into(), row: None }
    }
    pub fn at_row(mut self, row: u32) -> Self {
        self.row = Some(row);
        self
    }
}
