//! The one import path's front door: a register's file (CSV or XLSX, see `backend::import`) goes to
//! that register's service, which validates every row, plans the upsert and commits it in one
//! transaction. A plain form post gets its result through the session.
use crate::backend::auth::Ctx;
use crate::backend::AppState;
use crate::domain::table::ImportOutcome;
use crate::error::AppError;
use crate::wire::imports::ImportResult;
use tower_sessions::Session;

/// The registers that import, as they appear in `/programmes/{id}/import/{register}`.
pub const REGISTERS: &[&str] = &["jurisdictions", "organisations", "contacts", "interactions", "paper"];

const RESULT_KEY: &str = "import_result";

pub async fn import(
    state: &AppState,
    ctx: &Ctx,
    programme_id: &str,
    register: &str,
    params: &[(String, String)],
    file: &[u8],
) -> Result<ImportOutcome, AppError> {
    match register {
        "jurisdictions" => super::jurisdictions::import(state, ctx, programme_id, file).await,
        "organisations" => super::stakeholders::import(state, ctx, programme_id, file).await,
        "contacts" => super::contacts::import(state, ctx, programme_id, file).await,
        "interactions" => super::hub::import(state, ctx, programme_id, file).await,
        // Transcribed paper forms of one round (`?round=`).
        "paper" => {
            let round = param(params, "round").ok_or(AppError::NotFound)?;
            super::feedback::import_paper(state, ctx, programme_id, round, file).await
        }
        _ => Err(AppError::NotFound),
    }
}

fn param<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
}

/// The page a plain (script-free) import post returns to, where its import form is.
pub fn back_path(register: &str, programme_id: &str, params: &[(String, String)]) -> String {
    let p = crate::domain::list::encode(programme_id);
    match (register, param(params, "round")) {
        ("paper", Some(round)) => {
            format!("/programmes/{p}/rounds/{}/paper?imported=1", crate::domain::list::encode(round))
        }
        ("contacts", _) => format!("/programmes/{p}/persons?imported=1"),
        ("interactions", _) => format!("/programmes/{p}/hub?imported=1"),
        _ => format!("/programmes/{p}/{register}?imported=1"),
    }
}

pub async fn keep_result(session: &Session, result: ImportResult) -> Result<(), AppError> {
    session.insert(RESULT_KEY, result).await.map_err(|e| AppError::from(anyhow::anyhow!("session: {e}")))
}

pub async fn take_result(session: &Session, register: &str) -> Result<Option<ImportResult>, AppError> {
    let found: Option<ImportResult> =
        session.get(RESULT_KEY).await.map_err(|e| AppError::from(anyhow::anyhow!("session: {e}")))?;
    match found {
        Some(r) if r.register == register => {
            session.remove_value(RESULT_KEY).await.map_err(|e| AppError::from(anyhow::anyhow!("session: {e}")))?;
            Ok(Some(r))
        }
        _ => Ok(None),
    }
}
