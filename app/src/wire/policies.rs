//! The policy inventory as pages get it.
use crate::domain::list::Page;
use crate::domain::policy::AreaRow;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// A policy as stored and shown; the repository reads it as it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(SurrealValue))]
pub struct PolicyFields {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub jurisdiction_code: String,
    pub jurisdiction: String,
    /// The jurisdiction's place in the tree (`/N/R/`), which decides who may edit it.
    pub jurisdiction_path: String,
    pub level: Option<String>,
    pub areas: Vec<String>,
    pub starts: Option<String>,
    pub ends: Option<String>,
    pub status: String,
    pub link: Option<String>,
    pub gaps: Vec<String>,
    pub needs: Vec<String>,
    pub weaknesses: Vec<String>,
    pub recommendations: Vec<String>,
}

impl PolicyFields {
    /// Gaps, needs and weaknesses found.
    pub fn findings(&self) -> usize {
        self.gaps.len() + self.needs.len() + self.weaknesses.len()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyView {
    #[serde(flatten)]
    pub fields: PolicyFields,
    /// Whether the viewer may edit it (coordinators; officials inside their subtree).
    pub editable: bool,
}

/// One page of the inventory, the levels compared per area, and what the forms offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Policies {
    pub page: Page<PolicyView>,
    pub comparison: Vec<AreaRow>,
    /// The programme's policy areas (its sectors) and jurisdiction codes.
    pub areas: Vec<String>,
    pub places: Vec<String>,
    pub can_add: bool,
}

/// One policy, and what its edit form offers when the viewer may edit it (else both empty).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyDetail {
    pub policy: PolicyView,
    pub areas: Vec<String>,
    pub places: Vec<String>,
}
