//! The jurisdiction tree as it crosses the wire.
use crate::domain::list::Page;
use crate::domain::Level;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JurisdictionView {
    pub id: String,
    pub code: String,
    pub name: String,
    pub level: Level,
    pub parent_code: Option<String>,
    /// 0 for the national root; rows come in tree order (each parent before its children).
    pub depth: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JurisdictionTree {
    /// One page of the tree in path order (the list pattern).
    pub items: Page<JurisdictionView>,
    /// National and regional nodes, for the parent field of the editors' form.
    pub parents: Vec<JurisdictionView>,
    pub can_edit: bool,
}
