//! Server functions: thin adapters from the wire to `backend::service`. Each has a stable endpoint
//! under `/api/`. Wire types live here too: ids are strings, counts are u32.
pub mod audit;
pub mod auth;
pub mod imports;
pub mod jurisdictions;
pub mod people;
pub mod programmes;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A text in several languages (language code → text), picked for display by the page language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LocalText(pub BTreeMap<String, String>);

impl LocalText {
    pub fn get(&self, lang: crate::i18n::Lang) -> String {
        self.0
            .get(lang.code())
            .or_else(|| self.0.get(crate::i18n::DEFAULT))
            .or_else(|| self.0.values().next())
            .cloned()
            .unwrap_or_default()
    }
}
