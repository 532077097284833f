pub mod account;
pub mod activities;
pub mod analysis;
pub mod audit;
pub mod auth;
pub mod bodies;
pub mod home;
pub mod hub;
pub mod input;
pub mod jurisdictions;
pub mod multilevel;
pub mod not_found;
pub mod paper;
pub mod people;
pub mod persons;
pub mod policies;
pub mod programmes;
#[cfg(feature = "ssr")]
pub mod public;
pub mod relations;
pub mod rounds;
pub mod shared;
pub mod stakeholders;

use crate::error::AppError;

/// Declares a route whose page is compiled into its own WebAssembly chunk, fetched the first time
/// the page is shown (`scripts/site.sh` splits it out), so the first load carries only the shell.
macro_rules! lazy_pages {
    ($($route:ident => $page:path),* $(,)?) => {$(
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            fn view(_this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::IntoAny;
                leptos::prelude::view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    AccountRoute => account::AccountPage,
    NewProgrammeRoute => programmes::NewProgrammePage,
    ProgrammeRoute => programmes::ProgrammePage,
    JurisdictionsRoute => jurisdictions::JurisdictionsPage,
    PeopleRoute => people::PeoplePage,
    StakeholdersRoute => stakeholders::StakeholdersPage,
    StakeholderRoute => stakeholders::StakeholderPage,
    HubRoute => hub::HubPage,
    PlatformsRoute => bodies::PlatformsPage,
    MeetingsRoute => bodies::MeetingsPage,
    MeetingRoute => bodies::MeetingPage,
    PoliciesRoute => policies::PoliciesPage,
    PolicyRoute => policies::PolicyPage,
    RoundsRoute => rounds::RoundsPage,
    RoundRoute => rounds::RoundPage,
    AnalysisRoute => analysis::AnalysisPage,
    PaperRoute => paper::PaperPage,
    ActivitiesRoute => activities::ActivitiesPage,
    InputRoute => input::InputPage,
    MultilevelRoute => multilevel::MultilevelPage,
    RelationsRoute => relations::RelationsPage,
    PersonsRoute => persons::PersonsPage,
    ProgrammeAuditRoute => audit::ProgrammeAuditPage,
    PlatformAuditRoute => audit::PlatformAuditPage,
}
use leptos::prelude::*;

/// The error of an action's last run, if it failed.
///
/// One memo per action: a form's fields each read it several times (class, hidden, text,
/// `aria-invalid`, `aria-describedby`), and every `ServerAction::value()` call makes a new mapped
/// signal in the reactive arena, which reading through it would repeat on every read.
pub fn action_error<I, O>(a: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let value = a.value();
    Memo::new(move |_| value.with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned()))).into()
}

/// Whether an action's last run succeeded (one memo per action, as [`action_error`]).
pub fn action_ok<I, O>(a: ServerAction<I>) -> Memo<bool>
where
    I: server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let value = a.value();
    Memo::new(move |_| value.with(|v| v.as_ref().is_some_and(|r| r.is_ok())))
}

/// Reads a route parameter.
pub fn param(name: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || params.read().get(name).unwrap_or_default()
}

/// Whether a query flag such as `?sent=1` is present.
pub fn query_flag(name: &'static str) -> bool {
    leptos_router::hooks::use_query_map().read_untracked().get(name).is_some()
}
