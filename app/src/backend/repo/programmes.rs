use super::first_real_error;
use crate::backend::Db;
use surrealdb::types::SurrealValue;

#[derive(Clone, Debug, SurrealValue)]
pub struct ProgrammeRow {
    pub id: String,
    pub name: String,
    pub country: String,
    pub languages: Vec<String>,
    pub periods: Vec<String>,
    pub jurisdictions: i64,
    pub people: i64,
    /// The sectors of intervention (and policy areas) the programme offers.
    pub sectors: Vec<String>,
}

pub async fn all(db: &Db) -> surrealdb::Result<Vec<ProgrammeRow>> {
    db.query(
        "SELECT record::id(id) AS id, name, country, languages, periods,
                count(SELECT id FROM jurisdiction WHERE programme = $parent.id) AS jurisdictions,
                count(SELECT id FROM membership WHERE programme = $parent.id) AS people, sectors ?? [] AS sectors
         FROM programme ORDER BY name",
    )
    .await?
    .take(0)
}

pub async fn by_id(db: &Db, id: &str) -> surrealdb::Result<Option<ProgrammeRow>> {
    db.query(
        "SELECT record::id(id) AS id, name, country, languages, periods,
                count(SELECT id FROM jurisdiction WHERE programme = $parent.id) AS jurisdictions,
                count(SELECT id FROM membership WHERE programme = $parent.id) AS people, sectors ?? [] AS sectors
         FROM type::record('programme', $id)",
    )
    .bind(("id", id.to_string()))
    .await?
    .take(0)
}

/// Creates a programme with its work packages, activities, results and KPI definitions, all in one
/// transaction. A taken name fails on the unique index.
pub async fn create(
    db: &Db,
    name: &str,
    country: &str,
    languages: Vec<String>,
    periods: Vec<String>,
    model: serde_json::Value,
) -> surrealdb::Result<String> {
    let res = db
        .query(
            "BEGIN TRANSACTION;
             LET $p = CREATE ONLY programme SET name = $name, country = $country, languages = $languages, periods = $periods;
             FOR $wp IN $model {
                 LET $w = CREATE ONLY work_package SET programme = $p.id, code = $wp.code, position = $wp.position, title = $wp.title;
                 FOR $it IN $wp.items {
                     CREATE wp_item SET programme = $p.id, work_package = $w.id, kind = $it.kind, code = $it.code,
                         position = $it.position, title = $it.title;
                 };
                 FOR $k IN $wp.kpis {
                     CREATE kpi_definition SET programme = $p.id, work_package = $w.id, code = $k.code, position = $k.position,
                         title = $k.title, unit = $k.unit, disaggregation = $k.disaggregation, source = $k.source;
                 };
             };
             record::id($p.id);
             COMMIT TRANSACTION;",
        )
        .bind(("name", name.to_string()))
        .bind(("country", country.to_string()))
        .bind(("languages", languages))
        .bind(("periods", periods))
        .bind(("model", model))
        .await?;
    let mut res = first_real_error(res)?;
    let n = res.num_statements();
    let id: Option<String> = res.take(n - 2)?;
    Ok(id.unwrap_or_default())
}

#[derive(Clone, Debug, SurrealValue)]
pub struct WpRowOut {
    pub id: String,
    pub code: String,
    pub title: serde_json::Value,
}

#[derive(Clone, Debug, SurrealValue)]
pub struct WpItemOut {
    pub wp: String,
    pub kind: String,
    pub code: String,
    pub title: serde_json::Value,
}

#[derive(Clone, Debug, SurrealValue)]
pub struct KpiOut {
    pub wp: String,
    pub code: String,
    pub title: serde_json::Value,
    pub unit: String,
    pub disaggregation: Vec<String>,
    pub source: String,
}

/// A programme's header (with its counts) and its work packages with their items and KPIs, in one
/// round-trip. `None` when the programme does not exist.
/// Also the open action items past their due date on `today` (the first ten, and how many), and the
/// rounds that have opened with the days they closed and were published.
pub async fn overview(db: &Db, programme_id: &str, today: &str) -> surrealdb::Result<Option<Overview>> {
    let mut res = db
        .query(
            "LET $p = type::record('programme', $id);
             SELECT record::id(id) AS id, name, country, languages, periods,
                count(SELECT id FROM jurisdiction WHERE programme = $parent.id) AS jurisdictions,
                count(SELECT id FROM membership WHERE programme = $parent.id) AS people, sectors ?? [] AS sectors FROM $p;
             SELECT record::id(id) AS id, code, title, position FROM work_package WHERE programme = $p ORDER BY position;
             SELECT record::id(work_package) AS wp, kind, code, title, position FROM wp_item WHERE programme = $p ORDER BY position;
             SELECT record::id(work_package) AS wp, code, title, unit, disaggregation, source, position FROM kpi_definition WHERE programme = $p ORDER BY position;
             RETURN count(SELECT id FROM action_item WHERE programme = $p AND status = 'open' AND due < $today);
             SELECT record::id(id) AS id, record::id(meeting) AS meeting_id, meeting.title AS meeting, title,
                    owner.name AS owner, due, status
                FROM action_item WHERE programme = $p AND status = 'open' AND due < $today ORDER BY due, id LIMIT 10;
             SELECT record::id(id) AS id, title, status, opens, closed_on, published_on FROM round
                WHERE programme = $p AND status != 'draft' ORDER BY opens DESC, id LIMIT 20;",
        )
        .bind(("id", programme_id.to_string()))
        .bind(("today", today.to_string()))
        .await?;
    let Some(programme) = res.take::<Vec<ProgrammeRow>>(1)?.into_iter().next() else { return Ok(None) };
    let overdue_total: Option<i64> = res.take(5)?;
    Ok(Some(Overview {
        programme,
        work_packages: res.take(2)?,
        items: res.take(3)?,
        kpis: res.take(4)?,
        overdue_total: overdue_total.unwrap_or(0).max(0) as u64,
        overdue: res.take(6)?,
        rounds: res.take(7)?,
        views: Default::default(),
    }))
}

/// A programme's work packages as the overview shows them in one language.
pub type WorkPackageViews = std::sync::Arc<Vec<crate::wire::programmes::WorkPackageView>>;

pub struct Overview {
    pub programme: ProgrammeRow,
    pub work_packages: Vec<WpRowOut>,
    pub items: Vec<WpItemOut>,
    pub kpis: Vec<KpiOut>,
    pub overdue_total: u64,
    pub overdue: Vec<super::bodies::ActionRow>,
    /// The rounds that have opened, the latest first (at most 20).
    pub rounds: Vec<RoundDates>,
    /// The work packages as the overview shows them, built once per language while this entry
    /// is cached (`service::programmes::overview`), then shared by every request.
    pub views: std::sync::Mutex<Vec<(&'static str, WorkPackageViews)>>,
}

#[derive(Clone, Debug, SurrealValue)]
pub struct RoundDates {
    pub id: String,
    pub title: String,
    pub status: String,
    pub opens: String,
    pub closed_on: Option<String>,
    pub published_on: Option<String>,
}
