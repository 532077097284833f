//! The hub's seats, the consultative platforms, their meetings and action items, as pages get them.
use crate::domain::body::CompositionWarning;
use crate::domain::hub::KpiLine;
use crate::domain::list::Page;
use serde::{Deserialize, Serialize};

/// A seat on the hub or a platform; `current` on the day it was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeatView {
    pub id: String,
    pub organisation_id: String,
    pub organisation: String,
    pub level: Option<String>,
    pub role: String,
    pub since: String,
    pub until: Option<String>,
    pub current: bool,
}

/// A count-only indicator (WP2.K1, WP2.K2): its lines and the distinct total.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountKpi {
    /// Written as an inert table: not in the hydration data.
    #[serde(default, skip_serializing_if = "super::hydration::inert")]
    pub lines: Vec<KpiLine>,
    pub total: u32,
}

/// The hub's members over time, WP2.K1 computed from the current ones, and WP2.K2 from the
/// platforms' current members (the hub page shows WP2's four indicators together).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HubSeats {
    pub seats: Vec<SeatView>,
    pub k1: CountKpi,
    pub k2: CountKpi,
    pub can_manage: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformView {
    pub id: String,
    pub name: String,
    pub level: String,
    pub place: Option<String>,
    pub seats: Vec<SeatView>,
    pub current: u32,
    pub warnings: Vec<CompositionWarning>,
    /// Whether the viewer runs this platform (coordinators; officials in whose area it sits).
    pub can_manage: bool,
}

/// The consultative platforms, and WP2.K2 computed from their current members.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlatformsView {
    pub platforms: Vec<PlatformView>,
    pub k2: CountKpi,
    /// Whether the viewer may create a platform (officials: a regional one of their area).
    pub can_manage: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingView {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub format: String,
    pub on: String,
    pub attendees: u32,
    pub open_items: u32,
}

/// (value, label) for a select or a checkbox.
pub type Choice = (String, String);

/// One body's meetings (the list pattern), what body it is, and who may attend the next one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingsView {
    /// `hub` or a platform's id.
    pub body: String,
    /// Every body of the programme: the hub first, then the platforms by name.
    pub bodies: Vec<Choice>,
    #[serde(serialize_with = "super::hydration::rows_inert")]
    pub page: Page<MeetingView>,
    /// The body's current members, who can be ticked as attending.
    pub members: Vec<Choice>,
    pub can_manage: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionView {
    pub id: String,
    pub meeting_id: String,
    pub meeting: String,
    pub title: String,
    pub owner: String,
    pub due: String,
    pub status: String,
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingDetail {
    pub id: String,
    /// `hub` or the platform's id, and the platform's name.
    pub body: String,
    pub body_name: Option<String>,
    pub title: String,
    pub kind: String,
    pub format: String,
    pub on: String,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    pub decisions: Vec<String>,
    pub attendees: Vec<Choice>,
    pub items: Vec<ActionView>,
    pub can_manage: bool,
}

/// Open action items past their due date, for the programme page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overdue {
    pub items: Vec<ActionView>,
    pub total: u32,
}
