//! Downloads of a register's list: the same query (filters and sort from the URL) through the same
//! service the page uses, as CSV or XLSX. Each export is audited with its row count.
use super::audit::Audit;
use crate::backend::auth::Ctx;
use crate::backend::export::{self, FileFormat};
use crate::backend::AppState;
use crate::domain::list::{self, ListQuery};
use crate::error::AppError;
use crate::i18n::Lang;

/// The registers that export, as they appear in `/programmes/{id}/export/{register}`.
pub const REGISTERS: &[&str] = &[
    "people",
    "audit",
    "jurisdictions",
    "organisations",
    "relations",
    "interactions",
    "policies",
    "inputs",
    "activities",
    "paper",
    "results",
];

/// A file to download.
pub struct Download {
    pub filename: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

pub async fn download(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    register: &str,
    params: &[(String, String)],
    lang: Lang,
) -> Result<Download, AppError> {
    let format = params
        .iter()
        .find(|(k, _)| k == "format")
        .and_then(|(_, v)| FileFormat::parse(v))
        .ok_or_else(|| AppError::field("format", "invalid_format"))?;
    let pairs = params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let sheet = match register {
        "people" => {
            let q = ListQuery::from_params(pairs, list::PEOPLE_FILTERS);
            super::people::export(state, ctx, programme_id, &q, lang).await?
        }
        "audit" => {
            let q = ListQuery::from_params(pairs, list::AUDIT_FILTERS);
            super::audit::export(state, ctx, programme_id, &q, lang).await?
        }
        "jurisdictions" => {
            let q = ListQuery::from_params(pairs, list::JURISDICTION_FILTERS);
            super::jurisdictions::export(state, ctx, programme_id, &q).await?
        }
        "organisations" => {
            let q = ListQuery::from_params(pairs, list::STAKEHOLDER_FILTERS);
            super::stakeholders::export(state, ctx, programme_id, &q).await?
        }
        "relations" => {
            let q = ListQuery::from_params(pairs, &["focus"]);
            super::relations::export(state, ctx, programme_id, &q).await?
        }
        "interactions" => {
            let q = ListQuery::from_params(pairs, &["org"]);
            super::hub::export(state, ctx, programme_id, &q).await?
        }
        "policies" => {
            let q = ListQuery::from_params(pairs, list::POLICY_FILTERS);
            super::policies::export(state, ctx, programme_id, &q).await?
        }
        "inputs" => {
            let q = ListQuery::from_params(pairs, &["round"]);
            let round = q.filter("round").ok_or(AppError::NotFound)?;
            super::inputs::export(state, ctx, programme_id, round, lang).await?
        }
        "activities" => {
            let q = ListQuery::from_params(pairs, &["round", "kind"]);
            let round = q.filter("round").ok_or(AppError::NotFound)?.to_string();
            super::activities::export(state, ctx, programme_id, &round, &q, lang).await?
        }
        // A round's figures after disclosure control, themes and approved quotes.
        "results" => {
            let q = ListQuery::from_params(pairs, &["round"]);
            let round = q.filter("round").ok_or(AppError::NotFound)?;
            super::analysis::export_results(state, ctx, programme_id, round, lang).await?
        }
        // The empty sheet paper forms are typed into (its columns only).
        "paper" => {
            let q = ListQuery::from_params(pairs, &["round"]);
            let round = q.filter("round").ok_or(AppError::NotFound)?;
            super::feedback::paper_template(state, ctx, programme_id, round).await?
        }
        _ => return Err(AppError::NotFound),
    };
    let bytes = export::write(&sheet, format).map_err(AppError::from)?;
    Audit::of(ctx)
        .record(
            state,
            Some(programme_id),
            "export",
            format!("{register}:{programme_id}"),
            format!("{} rows, {}", sheet.rows.len(), format.extension()),
        )
        .await?;
    Ok(Download {
        filename: format!("{register}-{programme_id}.{}", format.extension()),
        content_type: format.content_type(),
        bytes,
    })
}
