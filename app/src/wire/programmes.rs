//! Programmes, work packages and KPIs as they cross the wire.
use super::LocalText;
use crate::domain::Role;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeSummary {
    pub id: String,
    pub name: String,
    pub country: String,
    pub languages: Vec<String>,
    pub periods: Vec<String>,
    /// The viewer's role here (`Admin` for platform admins without a membership).
    pub my_role: Role,
    pub jurisdictions: u32,
    pub people: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProgrammeOverview {
    pub summary: ProgrammeSummary,
    /// Written as inert markup: not in the page's hydration data.
    #[serde(default, skip_serializing_if = "super::hydration::inert")]
    pub work_packages: std::sync::Arc<Vec<WorkPackageView>>,
    /// Open action items of the hub's and platforms' meetings past their due date.
    pub overdue: super::bodies::Overdue,
    /// Closing the loop: each round that has opened, and the days from its closing to its results.
    pub rounds: Vec<RoundLoop>,
    /// The day the last consultation opened, if any.
    pub last_consultation: Option<String>,
    /// No consultation has opened in the last six months.
    pub consultation_overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundLoop {
    pub id: String,
    pub title: String,
    pub status: String,
    pub opens: String,
    pub closed_on: Option<String>,
    pub published_on: Option<String>,
    /// Days from closing to publication, or to today while the results are not published.
    pub days_to_results: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkPackageView {
    pub code: String,
    pub title: LocalText,
    pub activities: Vec<WpItemView>,
    pub results: Vec<WpItemView>,
    pub kpis: Vec<KpiView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WpItemView {
    pub code: String,
    pub title: LocalText,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiView {
    pub code: String,
    pub title: LocalText,
    pub unit: String,
    pub disaggregation: Vec<String>,
    pub source: String,
}
