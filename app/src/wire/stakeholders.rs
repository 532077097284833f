//! The stakeholder register as it crosses the wire.
use crate::domain::list::Page;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StakeholderView {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub jurisdiction_code: Option<String>,
    pub jurisdiction_name: Option<String>,
    pub level: Option<String>,
    pub sectors: Vec<String>,
    pub women: Option<u32>,
    pub men: Option<u32>,
    pub other_gender: Option<u32>,
    pub migrant_led: bool,
    pub influence: Option<u8>,
    pub interest: Option<u8>,
    pub position: Option<String>,
    pub website: Option<String>,
    pub notes: Option<String>,
    /// Whether the viewer may edit this one.
    pub can_edit: bool,
}

/// One cell of the power/interest grid: how many organisations have this influence and interest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GridCount {
    pub influence: u8,
    pub interest: u8,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stakeholders {
    /// Rows and grid are inert markup: neither is in the page's hydration data.
    #[serde(serialize_with = "super::hydration::rows_inert")]
    pub page: Page<StakeholderView>,
    /// The filtered register counted per influence × interest (the grid ignores its own cell filter).
    #[serde(default, skip_serializing_if = "super::hydration::inert")]
    pub grid: Vec<GridCount>,
    /// May create organisations (coordinators, admins, officials) and extend sectors (coordinators).
    pub can_create: bool,
    pub can_add_sectors: bool,
    pub sectors: Vec<String>,
    /// Jurisdiction codes the viewer may place an organisation in.
    pub jurisdictions: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StakeholderProfile {
    pub organisation: StakeholderView,
    pub sectors: Vec<String>,
    pub jurisdictions: Vec<String>,
    /// Members edit their profile but not the coordinator's assessment (kind, place, influence,
    /// interest, position).
    pub can_assess: bool,
    /// Its contact persons, for those who may edit it (personal data: observers do not see them).
    pub contacts: Option<Vec<crate::wire::contacts::ContactView>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EdgeView {
    pub id: String,
    pub kind: String,
    pub from_id: String,
    pub from_name: String,
    pub to_id: String,
    pub to_name: String,
    pub note: Option<String>,
    pub can_remove: bool,
}

/// The relationship map: one organisation's neighbourhood (or the programme's first edges), the
/// counts per kind, and the most connected organisations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationMap {
    pub focus: Option<(String, String)>,
    pub edges: Vec<EdgeView>,
    /// More edges exist than are shown.
    pub truncated: bool,
    pub by_kind: Vec<(String, u32)>,
    pub most_connected: Vec<(String, String, u32)>,
}

/// One node of the multilevel view: a jurisdiction and the organisations acting there and below.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceCount {
    pub code: String,
    pub name: String,
    pub level: String,
    pub depth: u32,
    pub here: u32,
    pub below: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Multilevel {
    pub nodes: crate::domain::list::Page<PlaceCount>,
    /// Organisations placed in no jurisdiction.
    pub unplaced: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InteractionView {
    pub id: String,
    pub on: String,
    pub kind: String,
    pub a_name: String,
    pub b_name: String,
    pub quality: u8,
    pub note: Option<String>,
}

/// The hub page: the interactions log and the WP2 KPIs computed from it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HubView {
    /// The log's rows and the indicators' tables are inert markup: not in the hydration data.
    #[serde(serialize_with = "super::hydration::rows_inert")]
    pub log: crate::domain::list::Page<InteractionView>,
    /// WP2.K3: interactions between public bodies, by pair of levels.
    #[serde(default, skip_serializing_if = "super::hydration::inert")]
    pub k3: Vec<crate::domain::hub::KpiLine>,
    #[serde(default, skip_serializing_if = "super::hydration::inert")]
    pub k3_all: crate::domain::hub::KpiLine,
    /// WP2.K4: all interactions, by public/private pair.
    #[serde(default, skip_serializing_if = "super::hydration::inert")]
    pub k4: Vec<crate::domain::hub::KpiLine>,
    #[serde(default, skip_serializing_if = "super::hydration::inert")]
    pub k4_all: crate::domain::hub::KpiLine,
    pub can_record: bool,
}
