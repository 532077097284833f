//! Contact persons and the record of one person as they cross the wire.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContactView {
    pub id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role_title: Option<String>,
    pub legal_basis: String,
    pub consent_given_on: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

/// Everything the programme holds on one person (a coordinator's answer to an access request).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonRecord {
    pub searched_for: String,
    pub contacts: Vec<ContactView>,
}
