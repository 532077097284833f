//! Consultation rounds (WP3.1) for the programme's people.
use crate::error::AppError;
pub use crate::wire::rounds::*;
use leptos::prelude::*;

#[server(endpoint = "rounds/list")]
pub async fn list_rounds(programme_id: String) -> Result<Rounds, AppError> {
    use crate::backend::api::*;
    respond(async { crate::backend::service::rounds::list(&state(), &ctx().await?, &programme_id).await }.await)
}

#[server(endpoint = "rounds/get")]
pub async fn get_round(programme_id: String, id: String) -> Result<RoundDetail, AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let lang = crate::backend::http::request_lang();
            crate::backend::service::rounds::get(&state(), &ctx().await?, &programme_id, &id, lang).await
        }
        .await,
    )
}

/// Invites the register's organisations (by typology, level and jurisdiction) to an open round.
#[server(endpoint = "rounds/invite")]
pub async fn invite_organisations(
    programme_id: String,
    round_id: String,
    #[server(default)] kind: String,
    #[server(default)] level: String,
    #[server(default)] jurisdiction: String,
) -> Result<InviteSummary, AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let filter = InviteFilter { kind, level, jurisdiction };
            crate::backend::service::rounds::invite(&state(), &ctx().await?, &programme_id, &round_id, &filter).await
        }
        .await,
    )
}

/// The columns paper forms of a round are typed into (those who run rounds).
#[server(endpoint = "rounds/paper")]
pub async fn get_paper_sheet(programme_id: String, id: String) -> Result<PaperSheet, AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let lang = crate::backend::http::request_lang();
            crate::backend::service::feedback::paper_sheet(&state(), &ctx().await?, &programme_id, &id, lang).await
        }
        .await,
    )
}

/// Creates a draft round (`id` empty; answers its id) or rewrites a draft's settings.
#[server(endpoint = "rounds/save")]
#[allow(clippy::too_many_arguments)]
pub async fn save_round(
    programme_id: String,
    #[server(default)] id: String,
    #[server(default)] title: String,
    #[server(default)] purpose: String,
    #[server(default)] languages: Vec<String>,
    #[server(default)] scope: Vec<String>,
    #[server(default)] audiences: Vec<String>,
    #[server(default)] attributes: Vec<String>,
    #[server(default)] opens: String,
    #[server(default)] closes: String,
    #[server(default)] deadline_local: String,
    #[server(default)] deadline_regional: String,
    #[server(default)] deadline_national: String,
) -> Result<String, AppError> {
    use crate::backend::api::*;
    use crate::backend::service::rounds as service;
    respond(
        async {
            let ctx = ctx().await?;
            let input = crate::domain::round::RoundInput {
                title: &title,
                purpose: &purpose,
                languages: &languages,
                scope: &scope,
                audiences: &audiences,
                attributes: &attributes,
                opens: &opens,
                closes: &closes,
                deadline_local: &deadline_local,
                deadline_regional: &deadline_regional,
                deadline_national: &deadline_national,
            };
            if id.trim().is_empty() {
                service::create(&state(), &ctx, &programme_id, &input).await
            } else {
                service::update(&state(), &ctx, &programme_id, &id, &input).await.map(|_| id.clone())
            }
        }
        .await,
    )
}

/// Adds a question (`question_id` empty) or edits one, in every language of the round at once.
#[server(endpoint = "rounds/question")]
#[allow(clippy::too_many_arguments)]
pub async fn save_question(
    programme_id: String,
    round_id: String,
    #[server(default)] question_id: String,
    #[server(default)] kind: String,
    #[server(default)] required: Option<String>,
    #[server(default)] text_en: String,
    #[server(default)] text_fr: String,
    #[server(default)] text_ar: String,
    #[server(default)] text_uk: String,
    #[server(default)] options_en: String,
    #[server(default)] options_fr: String,
    #[server(default)] options_ar: String,
    #[server(default)] options_uk: String,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let ctx = ctx().await?;
            let pair = |l: &str, v: &String| (l.to_string(), v.clone());
            let texts = [pair("en", &text_en), pair("fr", &text_fr), pair("ar", &text_ar), pair("uk", &text_uk)];
            let options =
                [pair("en", &options_en), pair("fr", &options_fr), pair("ar", &options_ar), pair("uk", &options_uk)];
            let input = crate::domain::round::QuestionInput {
                kind: &kind,
                required: required.is_some(),
                texts: &texts,
                options: &options,
            };
            crate::backend::service::rounds::save_question(
                &state(),
                &ctx,
                &programme_id,
                &round_id,
                &question_id,
                &input,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "rounds/question_remove")]
pub async fn remove_question(programme_id: String, round_id: String, question_id: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::rounds::remove_question(
                &state(),
                &ctx().await?,
                &programme_id,
                &round_id,
                &question_id,
            )
            .await
        }
        .await,
    )
}

/// Moves a round one step forward (`to` is the next status).
#[server(endpoint = "rounds/move")]
pub async fn move_round(programme_id: String, id: String, to: String) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async { crate::backend::service::rounds::move_to(&state(), &ctx().await?, &programme_id, &id, &to).await }
            .await,
    )
}

/// Answers an anonymous submission whose author kept a receipt.
#[server(endpoint = "rounds/reply")]
pub async fn reply_feedback(
    programme_id: String,
    round_id: String,
    feedback_id: String,
    #[server(default)] text: String,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::rounds::reply(
                &state(),
                &ctx().await?,
                &programme_id,
                &round_id,
                &feedback_id,
                &text,
            )
            .await
        }
        .await,
    )
}

/// Saves the viewer's input to a round as a draft, or submits it (`submit` present). Answers come as
/// `q[a_<question>][]` (and `q[a_<question>_<option>][]` for a ranking's places).
#[server(endpoint = "rounds/input")]
pub async fn save_input(
    programme_id: String,
    round_id: String,
    #[server(default)] submit: Option<String>,
    #[server(default)] draws_on: Vec<String>,
    #[server(default)] q: std::collections::BTreeMap<String, Vec<String>>,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let form: Vec<(String, String)> = q
                .iter()
                .flat_map(|(k, vs)| {
                    let k = k.strip_prefix("a_").unwrap_or(k).to_string();
                    vs.iter().map(move |v| (format!("q_{k}"), v.clone()))
                })
                .collect();
            crate::backend::service::inputs::save(
                &state(),
                &ctx().await?,
                &programme_id,
                &round_id,
                &form,
                submit.is_some(),
                &draws_on,
            )
            .await
        }
        .await,
    )
}

/// A round's analysis (coordinators): codebook, coding, moderation, coverage.
#[server(endpoint = "rounds/analysis")]
pub async fn get_analysis(
    programme_id: String,
    id: String,
    #[server(default)] query: crate::domain::list::ListQuery,
) -> Result<Analysis, AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let lang = crate::backend::http::request_lang();
            crate::backend::service::analysis::get(&state(), &ctx().await?, &programme_id, &id, &query, lang).await
        }
        .await,
    )
}

/// Adds a theme to the codebook (`id` empty) or rewrites one, with its "you said, we did" answer.
#[server(endpoint = "rounds/theme")]
#[allow(clippy::too_many_arguments)]
pub async fn save_theme(
    programme_id: String,
    round_id: String,
    #[server(default)] id: String,
    #[server(default)] parent: String,
    #[server(default)] label_en: String,
    #[server(default)] label_fr: String,
    #[server(default)] label_ar: String,
    #[server(default)] label_uk: String,
    #[server(default)] decision_en: String,
    #[server(default)] decision_fr: String,
    #[server(default)] decision_ar: String,
    #[server(default)] decision_uk: String,
    #[server(default)] link: String,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let pair = |l: &str, v: &String| (l.to_string(), v.clone());
            let labels = [pair("en", &label_en), pair("fr", &label_fr), pair("ar", &label_ar), pair("uk", &label_uk)];
            let decisions = [
                pair("en", &decision_en),
                pair("fr", &decision_fr),
                pair("ar", &decision_ar),
                pair("uk", &decision_uk),
            ];
            let input = crate::backend::service::analysis::ThemeInput {
                id: &id,
                parent: &parent,
                labels: &labels,
                decisions: &decisions,
                link: &link,
            };
            crate::backend::service::analysis::save_theme(&state(), &ctx().await?, &programme_id, &round_id, &input)
                .await
        }
        .await,
    )
}

/// Codes and moderates one anonymous submission.
#[server(endpoint = "rounds/moderate")]
#[allow(clippy::too_many_arguments)]
pub async fn moderate_feedback(
    programme_id: String,
    round_id: String,
    feedback_id: String,
    #[server(default)] themes: Vec<String>,
    #[server(default)] moderation: String,
    #[server(default)] quote: String,
    #[server(default)] hidden_because: String,
    #[server(default)] safeguarding: Option<String>,
    #[server(default)] referral: String,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            let m = crate::backend::service::analysis::ModerationInput {
                themes: &themes,
                moderation: &moderation,
                quote: &quote,
                hidden_because: &hidden_because,
                safeguarding: safeguarding.is_some(),
                referral: &referral,
            };
            crate::backend::service::analysis::moderate(
                &state(),
                &ctx().await?,
                &programme_id,
                &round_id,
                &feedback_id,
                &m,
            )
            .await
        }
        .await,
    )
}

/// Codes a submitted attributed input into themes.
#[server(endpoint = "rounds/code_input")]
pub async fn code_input(
    programme_id: String,
    round_id: String,
    input_id: String,
    #[server(default)] themes: Vec<String>,
) -> Result<(), AppError> {
    use crate::backend::api::*;
    respond(
        async {
            crate::backend::service::analysis::code_input(
                &state(),
                &ctx().await?,
                &programme_id,
                &round_id,
                &input_id,
                &themes,
            )
            .await
        }
        .await,
    )
}
