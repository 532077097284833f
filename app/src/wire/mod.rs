//! Types that cross the wire: what server functions answer and pages render. Services build them and
//! `api` returns them; both import them from here, below both, so neither imports the other's
//! module for its types.
pub mod audit;
pub mod auth;
pub mod bodies;
pub mod contacts;
pub mod hydration;
pub mod imports;
pub mod jurisdictions;
pub mod people;
pub mod policies;
pub mod programmes;
pub mod rounds;
pub mod stakeholders;

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
