//! The work-package model every programme starts with (WP0–WP4 of the Council of Europe programme,
//! with their activities, results and KPIs), bundled from `data/work-packages.json`, and its shape
//! as the rows a new programme is seeded with.
#[derive(serde::Deserialize)]
pub struct Model {
    pub work_packages: Vec<ModelWp>,
}

#[derive(serde::Deserialize)]
pub struct ModelWp {
    pub code: String,
    pub en: String,
    pub fr: String,
    pub activities: Vec<ModelItem>,
    pub results: Vec<ModelItem>,
    pub kpis: Vec<ModelKpi>,
}

#[derive(serde::Deserialize)]
pub struct ModelItem {
    #[serde(default)]
    pub code: Option<String>,
    pub en: String,
    pub fr: String,
}

#[derive(serde::Deserialize)]
pub struct ModelKpi {
    pub code: String,
    pub en: String,
    pub fr: String,
    pub unit: String,
    pub disaggregation: Vec<String>,
    pub computable: bool,
}

pub fn model() -> Model {
    serde_json::from_str(include_str!("../../../data/work-packages.json")).expect("the bundled model parses")
}

#[derive(serde::Serialize)]
pub struct WpRow {
    code: String,
    position: i64,
    title: serde_json::Value,
    items: Vec<ItemRow>,
    kpis: Vec<KpiRow>,
}

#[derive(serde::Serialize)]
pub struct ItemRow {
    kind: &'static str,
    code: String,
    position: i64,
    title: serde_json::Value,
}

#[derive(serde::Serialize)]
pub struct KpiRow {
    code: String,
    position: i64,
    title: serde_json::Value,
    unit: String,
    disaggregation: Vec<String>,
    source: &'static str,
}

pub fn model_as_rows() -> Vec<WpRow> {
    let text = |en: &str, fr: &str| serde_json::json!({ "en": en, "fr": fr });
    model()
        .work_packages
        .into_iter()
        .enumerate()
        .map(|(i, wp)| WpRow {
            position: i as i64,
            title: text(&wp.en, &wp.fr),
            items: wp
                .activities
                .iter()
                .enumerate()
                .map(|(j, a)| ItemRow {
                    kind: "activity",
                    code: a.code.clone().unwrap_or_else(|| format!("{}.{}", wp.code, j + 1)),
                    position: j as i64,
                    title: text(&a.en, &a.fr),
                })
                .chain(wp.results.iter().enumerate().map(|(j, r)| ItemRow {
                    kind: "result",
                    code: format!("{}.R{}", wp.code, j + 1),
                    position: j as i64,
                    title: text(&r.en, &r.fr),
                }))
                .collect(),
            kpis: wp
                .kpis
                .iter()
                .enumerate()
                .map(|(j, k)| KpiRow {
                    code: k.code.clone(),
                    position: j as i64,
                    title: text(&k.en, &k.fr),
                    unit: k.unit.clone(),
                    disaggregation: k.disaggregation.clone(),
                    source: if k.computable { "computed" } else { "reported" },
                })
                .collect(),
            code: wp.code,
        })
        .collect()
}
