//! Server-only code: database, repositories, services (rules, authorization, audit) and auth.
//! Pages never reach in here; server functions call services through `api`.
pub mod api;
pub mod assets;
pub mod auth;
pub mod cache;
pub mod db;
pub mod error;
pub mod export;
pub mod http;
pub mod import;
pub mod repo;
pub mod service;

use std::sync::Arc;
use std::time::Duration;

pub use db::{Db, Query};
pub use error::ServerError;

/// Runtime settings the services need (the server crate builds them from flags and env).
#[derive(Clone, Debug)]
pub struct Settings {
    /// Base URL written into mailed links, e.g. `https://tessera.example.org`.
    pub public_url: String,
    /// How long invitation and reset links stay valid.
    pub token_ttl: Duration,
    /// SMTP server (`smtp://user:pass@host:587`); without one, links are shown to the inviter.
    pub smtp_url: Option<String>,
    /// Whether mail may travel without TLS (`--smtp-allow-plaintext`).
    pub smtp_allow_plaintext: bool,
    pub mail_from: String,
    /// Reverse proxies whose `X-Forwarded-For` names the client; anyone else's is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// Everything a request needs, cheap to clone (all shared state sits behind Arcs or handles).
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub hasher: Arc<auth::password::Hasher>,
    pub limits: Arc<auth::rate_limit::Limits>,
    pub settings: Arc<Settings>,
    /// The hashed names of the browser bundle the shell links to.
    pub assets: Arc<assets::Assets>,
    pub caches: Arc<Caches>,
}

/// The read caches (see [`cache`]): the acting person by session id, programmes by id.
#[derive(Default)]
pub struct Caches {
    pub people: cache::Cache<String, Option<auth::Ctx>>,
    pub headers: cache::Cache<String, Option<repo::programmes::ProgrammeRow>>,
    pub all_programmes: cache::Cache<(), Vec<repo::programmes::ProgrammeRow>>,
    pub overviews: cache::Cache<String, Option<Arc<repo::programmes::Overview>>>,
    /// The register's entries by programme id, kept while no write touches `organisation`.
    pub registers: cache::Cache<String, Arc<Vec<repo::organisations::Entry>>>,
    /// Jurisdiction trees by programme id, kept while no write touches `jurisdiction`.
    pub trees: cache::Cache<String, Arc<Vec<repo::jurisdictions::JurisdictionRow>>>,
    /// The anonymous tallies of rounds that no longer accept feedback, which never change again.
    pub tallies: cache::Frozen<String, Arc<repo::rounds::Tally>>,
    /// The submission ids of rounds that no longer accept feedback, in order.
    pub feedback_ids: cache::Frozen<String, Arc<Vec<String>>>,
    /// A closed round's theme figures, by round id, kept while no write touches `feedback` (coding
    /// and moderation do) or `contribution`.
    pub coded: cache::Cache<String, Arc<service::analysis::Coded>>,
    /// The register's names free text is checked against, by programme id, kept while no write
    /// touches `organisation` or `contact`.
    pub names: cache::Cache<String, Arc<crate::domain::analysis::Names>>,
    /// A closed round's submissions' marks (what the analysis filters on), by round id, kept while no
    /// write touches `feedback`.
    pub feedback_marks: cache::Cache<String, Arc<Vec<repo::rounds::FeedbackMark>>>,
    /// The hub's interactions log, by programme id, kept while no write touches `interaction`,
    /// `organisation` or `jurisdiction`.
    pub interactions: cache::Cache<String, Arc<service::hub::Log>>,
    /// Every meeting of a programme with its open items, by programme id, kept while no write
    /// touches `meeting`, `action_item` or `organisation`.
    pub meetings: cache::Cache<String, Arc<Vec<service::bodies::MeetingEntry>>>,
    /// A programme's platforms and seats, by programme id, kept while no write touches `platform`,
    /// `seat`, `organisation` or `jurisdiction`.
    pub bodies: cache::Cache<String, Arc<repo::bodies::Bodies>>,
    /// Meetings with their attendees and action items, by programme and meeting id, kept while no
    /// write touches `meeting`, `action_item`, `organisation` or `platform`.
    pub meeting_details: cache::Cache<String, Arc<repo::bodies::MeetingParts>>,
    /// A programme's policy inventory, by programme id, kept while no write touches `policy` or
    /// `jurisdiction`.
    pub policies: cache::Cache<String, Arc<Vec<repo::policies::PolicyRow>>>,
    /// A programme's relationship edges, by programme id, kept while no write touches `relation`,
    /// `organisation` or `jurisdiction`.
    pub relations: cache::Cache<String, Arc<Vec<repo::relations::EdgeRow>>>,
    /// Rounds with their scope and current questions, by programme and round id, kept while no
    /// write touches `round`, `question` or `jurisdiction`.
    pub rounds: cache::Cache<String, Arc<repo::rounds::RoundParts>>,
    /// Each programme's list of rounds, kept while no write touches `round`.
    pub round_lists: cache::Cache<String, Arc<Vec<crate::wire::rounds::RoundSummary>>>,
    /// Each round's codebook, by round id, kept while no write touches `theme`.
    pub themes: cache::Cache<String, Arc<Vec<repo::analysis::ThemeRow>>>,
    /// Every input to a round, by programme and round id, kept while no write touches `input`,
    /// `organisation`, `jurisdiction` or `theme`.
    pub inputs: cache::Cache<String, Arc<Vec<repo::inputs::InputRow>>>,
    /// A programme's people and open invitations, by programme id, kept while no write touches
    /// `membership`, `user`, `token`, `jurisdiction` or `organisation`.
    pub members: cache::Cache<String, Arc<repo::memberships::People>>,
    /// The first page of each programme's audit log (`""`: the platform's), kept while no write
    /// touches `audit`.
    pub audit_heads: cache::Cache<String, Arc<(u64, Vec<repo::audit::EntryRow>)>>,
    /// A round's activities with their contributions, by `{programme}/{round}`, kept while no write
    /// touches `activity`, `contribution`, `jurisdiction` or `theme`.
    pub activities: cache::Cache<String, Arc<Vec<repo::activities::ActivityRow>>>,
    /// A programme's contacts by organisation and name, kept while no write touches `contact` or
    /// `organisation`.
    pub contacts: cache::Cache<String, Arc<Vec<repo::contacts::ContactRow>>>,
    /// The organisations invited to a round with whether each has answered, by `{programme}/{round}`,
    /// kept while no write touches `invited`, `input` or `organisation`.
    pub invited: cache::Cache<String, Arc<Vec<repo::rounds::InvitedRow>>>,
}

impl AppState {
    pub fn new(db: Db, hash: auth::password::HashParams, settings: Settings) -> anyhow::Result<AppState> {
        Ok(AppState {
            db,
            hasher: Arc::new(auth::password::Hasher::new(hash)?),
            limits: Arc::new(auth::rate_limit::Limits::default()),
            settings: Arc::new(settings),
            assets: Arc::new(assets::Assets::default()),
            caches: Arc::default(),
        })
    }
}
