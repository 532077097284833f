//! The permission matrix: every server function, page and plain route × every role × two programmes.
//! Expectations come from the one table below; a server function or route missing from it fails the test.
use crate::helpers::*;
use app::domain::Role;
use reqwest::Client;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Role(Role),
}

/// Expected status for `who`, calling into the programme they belong to (`own`) or another one.
type Rule = fn(Who, bool) -> u16;

fn public(status: u16) -> impl Fn(Who, bool) -> u16 {
    move |_, _| status
}
fn signed_in(who: Who, _: bool) -> u16 {
    if who == Who::Anonymous {
        401
    } else {
        200
    }
}
fn signed_in_422(who: Who, _: bool) -> u16 {
    if who == Who::Anonymous {
        401
    } else {
        422
    }
}
fn admin_only(who: Who, _: bool) -> u16 {
    match who {
        Who::Anonymous => 401,
        Who::Role(Role::Admin) => 200,
        _ => 403,
    }
}
/// Any member of the programme may read; outsiders do not learn it exists.
fn member_read(who: Who, own: bool) -> u16 {
    match who {
        Who::Anonymous => 401,
        Who::Role(Role::Admin) => 200,
        _ if !own => 404,
        _ => 200,
    }
}
/// Everyone in the programme but organisation members.
fn not_members(who: Who, own: bool) -> u16 {
    match member_read(who, own) {
        200 if who == Who::Role(Role::Member) => 403,
        status => status,
    }
}
/// Coordinators (and admins) only.
fn staff(who: Who, own: bool) -> u16 {
    match who {
        Who::Anonymous => 401,
        Who::Role(Role::Admin) => 200,
        _ if !own => 404,
        Who::Role(Role::Coordinator) => 200,
        _ => 403,
    }
}

/// The id of a programme that does not exist.
const UNKNOWN: &str = "doesnotexist";

struct Ids<'a> {
    programme: &'a str,
}

type Args = fn(&Ids) -> Vec<(String, String)>;

fn none(_: &Ids) -> Vec<(String, String)> {
    vec![]
}
fn kv(pairs: &[(&str, String)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

/// (endpoint, arguments, rule). Order matters only for `auth/logout`, which comes last.
/// The expected status for an actor, in their own programme or another.
type Expect = Box<dyn Fn(Who, bool) -> u16>;

fn server_fns() -> Vec<(&'static str, Args, Expect)> {
    vec![
        ("auth/me", none, Box::new(public(200))),
        (
            "auth/login",
            |_| kv(&[("email", format!("{}@nowhere.example", unique("x"))), ("password", "not-a-password-1".into())]),
            Box::new(public(401)),
        ),
        ("auth/forgot", |_| kv(&[("email", format!("{}@nowhere.example", unique("x")))]), Box::new(public(200))),
        (
            "auth/reset",
            |_| kv(&[("token", "nope".into()), ("password", "a fine long password".into())]),
            Box::new(public(422)),
        ),
        ("auth/invitation", |_| kv(&[("token", "nope".into())]), Box::new(public(422))),
        ("auth/join", |_| kv(&[("token", "nope".into())]), Box::new(signed_in_422 as Rule)),
        (
            "auth/accept",
            |_| kv(&[("token", "nope".into()), ("name", "N".into()), ("password", "a fine long password".into())]),
            Box::new(public(422)),
        ),
        (
            "account/password",
            |_| kv(&[("current", "not-my-password".into()), ("password", "a fine long password".into())]),
            Box::new(signed_in_422 as Rule),
        ),
        ("programmes/list", none, Box::new(signed_in as Rule)),
        ("programmes/get", |i| kv(&[("id", i.programme.into())]), Box::new(member_read as Rule)),
        ("programmes/header", |i| kv(&[("id", i.programme.into())]), Box::new(member_read as Rule)),
        (
            "programmes/create",
            |_| {
                kv(&[
                    ("name", unique("Matrix ")),
                    ("country", "XA".into()),
                    ("languages", "en".into()),
                    ("periods", "2026".into()),
                ])
            },
            Box::new(admin_only as Rule),
        ),
        ("jurisdictions/list", |i| kv(&[("programme_id", i.programme.into())]), Box::new(member_read as Rule)),
        (
            "jurisdictions/create",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("code", unique("M-")),
                    ("name", "Town".into()),
                    ("level", "local".into()),
                    ("parent_code", "R".into()),
                ])
            },
            Box::new(staff as Rule),
        ),
        (
            "jurisdictions/rename",
            |i| kv(&[("programme_id", i.programme.into()), ("code", "R".into()), ("name", "Region".into())]),
            Box::new(staff as Rule),
        ),
        // Deleting a code that does not exist: allowed roles learn it is not there, the others are refused first.
        (
            "jurisdictions/delete",
            |i| kv(&[("programme_id", i.programme.into()), ("code", "NO-SUCH".into())]),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        ("people/list", |i| kv(&[("programme_id", i.programme.into())]), Box::new(not_members as Rule)),
        (
            "people/invite",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("email", format!("{}@test.example", unique("inv"))),
                    ("role", "observer".into()),
                    ("jurisdiction_code", "".into()),
                    ("organisation", "".into()),
                ])
            },
            Box::new(staff as Rule),
        ),
        ("audit/search", |i| kv(&[("programme_id", i.programme.into())]), Box::new(staff as Rule)),
        ("organisations/list", |i| kv(&[("programme_id", i.programme.into())]), Box::new(member_read as Rule)),
        // An unknown organisation: readers learn it is not there.
        (
            "organisations/get",
            |i| kv(&[("programme_id", i.programme.into()), ("id", "nosuchorg".into())]),
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        // Creating: coordinators and officials (in their subtree); members and observers are refused.
        (
            "organisations/save",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("name", unique("Matrix org ")),
                    ("kind", "cso".into()),
                    ("jurisdiction_code", "R".into()),
                ])
            },
            Box::new(|w, o| match w {
                Who::Role(Role::Official) if o => 200,
                _ => staff(w, o),
            }),
        ),
        // Scoped: a member editing an organisation that is not theirs, an official placing one
        // outside their subtree (the demo-like region R is theirs; N lies above it).
        (
            "organisations/save",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("name", unique("Outside ")),
                    ("kind", "cso".into()),
                    ("jurisdiction_code", "N".into()),
                ])
            },
            Box::new(|w, o| match w {
                Who::Role(Role::Official) if o => 422,
                _ => staff(w, o),
            }),
        ),
        (
            "organisations/add_sector",
            |i| kv(&[("programme_id", i.programme.into()), ("sector", "matrix_sector".into())]),
            Box::new(staff as Rule),
        ),
        // An unknown organisation: editors learn it is not there, the others are refused or not told.
        (
            "contacts/save",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("organisation_id", "nosuchorg".into()),
                    ("name", "N".into()),
                    ("legal_basis", "public_task".into()),
                ])
            },
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "contacts/delete",
            |i| {
                kv(&[("programme_id", i.programme.into()), ("organisation_id", "nosuchorg".into()), ("id", "x".into())])
            },
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "persons/get",
            |i| kv(&[("programme_id", i.programme.into()), ("who", "nobody@x.example".into())]),
            Box::new(staff as Rule),
        ),
        (
            "persons/erase",
            |i| kv(&[("programme_id", i.programme.into()), ("who", "nobody@x.example".into())]),
            Box::new(staff as Rule),
        ),
        ("organisations/multilevel", |i| kv(&[("programme_id", i.programme.into())]), Box::new(member_read as Rule)),
        ("hub/seats", |i| kv(&[("programme_id", i.programme.into())]), Box::new(member_read as Rule)),
        ("policies/list", |i| kv(&[("programme_id", i.programme.into())]), Box::new(member_read as Rule)),
        (
            "policies/get",
            |i| kv(&[("programme_id", i.programme.into()), ("id", "nosuchpolicy".into())]),
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        // Without a title: those who may keep policies learn why; nothing is written.
        (
            "policies/save",
            |i| kv(&[("programme_id", i.programme.into()), ("title", "".into())]),
            Box::new(|w, o| match w {
                Who::Role(Role::Official) if o => 422,
                _ => match staff(w, o) {
                    200 => 422,
                    s => s,
                },
            }),
        ),
        ("rounds/list", |i| kv(&[("programme_id", i.programme.into())]), Box::new(member_read as Rule)),
        (
            "rounds/get",
            |i| kv(&[("programme_id", i.programme.into()), ("id", "nosuchround".into())]),
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        // Without a title: coordinators learn why; nothing is written.
        (
            "rounds/save",
            |i| kv(&[("programme_id", i.programme.into()), ("title", "".into())]),
            Box::new(|w, o| match staff(w, o) {
                200 => 422,
                s => s,
            }),
        ),
        (
            "rounds/question",
            |i| {
                kv(&[("programme_id", i.programme.into()), ("round_id", "nosuchround".into()), ("kind", "text".into())])
            },
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "rounds/question_remove",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("round_id", "nosuchround".into()),
                    ("question_id", "nosuchquestion".into()),
                ])
            },
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "rounds/move",
            |i| kv(&[("programme_id", i.programme.into()), ("id", "nosuchround".into()), ("to", "open".into())]),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        // Answering a round that does not exist: those who answer for someone learn it is not there;
        // everyone else in the programme answers for no one.
        (
            "rounds/input",
            |i| kv(&[("programme_id", i.programme.into()), ("round_id", "nosuchround".into())]),
            Box::new(|w, o| match member_read(w, o) {
                200 if matches!(w, Who::Role(Role::Official | Role::Member)) => 404,
                200 => 403,
                s => s,
            }),
        ),
        (
            "rounds/invite",
            |i| kv(&[("programme_id", i.programme.into()), ("round_id", "nosuchround".into())]),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "rounds/paper",
            |i| kv(&[("programme_id", i.programme.into()), ("id", "nosuchround".into())]),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "rounds/analysis",
            |i| kv(&[("programme_id", i.programme.into()), ("id", "nosuchround".into())]),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "rounds/theme",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("round_id", "nosuchround".into()),
                    ("label_en", "Jobs".into()),
                ])
            },
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "rounds/moderate",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("round_id", "nosuchround".into()),
                    ("feedback_id", "x".into()),
                    ("moderation", "pending".into()),
                ])
            },
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "activities/list",
            |i| kv(&[("programme_id", i.programme.into()), ("round_id", "nosuchround".into())]),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "activities/record",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("round_id", "nosuchround".into()),
                    ("title", "Focus group".into()),
                    ("format", "focus_group".into()),
                    ("held_on", "2026-03-02".into()),
                    ("participants[migrant]", "5".into()),
                    ("contributions", "Evening classes".into()),
                ])
            },
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "activities/delete",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("round_id", "nosuchround".into()),
                    ("activity_id", "x".into()),
                ])
            },
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "activities/code",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("round_id", "nosuchround".into()),
                    ("contribution_id", "x".into()),
                ])
            },
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "rounds/code_input",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("round_id", "nosuchround".into()),
                    ("input_id", "x".into()),
                ])
            },
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "rounds/reply",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("round_id", "nosuchround".into()),
                    ("feedback_id", "nosuchfeedback".into()),
                    ("text", "Thank you".into()),
                ])
            },
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        ("platforms/list", |i| kv(&[("programme_id", i.programme.into())]), Box::new(member_read as Rule)),
        ("meetings/list", |i| kv(&[("programme_id", i.programme.into())]), Box::new(member_read as Rule)),
        (
            "meetings/get",
            |i| kv(&[("programme_id", i.programme.into()), ("id", "nosuchmeeting".into())]),
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        // Writes with input that fails validation or names nothing: coordinators learn why, nothing is written.
        (
            "platforms/create",
            |i| kv(&[("programme_id", i.programme.into()), ("name", "".into()), ("level", "regional".into())]),
            // Officials create regional platforms of their area: they get the form's errors.
            Box::new(|w, o| match w {
                Who::Role(Role::Official) if o => 422,
                _ => match staff(w, o) {
                    200 => 422,
                    s => s,
                },
            }),
        ),
        (
            "seats/add",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("body", "hub".into()),
                    ("organisation", "Nobody".into()),
                    ("role", "member".into()),
                    ("since", "2026-01-01".into()),
                ])
            },
            Box::new(|w, o| match staff(w, o) {
                200 => 422,
                s => s,
            }),
        ),
        (
            "seats/end",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("seat", "nosuchseat".into()),
                    ("until", "2026-01-01".into()),
                ])
            },
            // Officials run the platforms of their area: an unknown record is 404 for them too.
            Box::new(|w, o| match w {
                Who::Role(Role::Official) if o => 404,
                _ => match staff(w, o) {
                    200 => 404,
                    s => s,
                },
            }),
        ),
        (
            "meetings/record",
            |i| kv(&[("programme_id", i.programme.into()), ("body", "hub".into()), ("title", "".into())]),
            Box::new(|w, o| match staff(w, o) {
                200 => 422,
                s => s,
            }),
        ),
        (
            "actions/add",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("meeting", "nosuchmeeting".into()),
                    ("title", "x".into()),
                    ("owner", "x".into()),
                    ("due", "2026-01-01".into()),
                ])
            },
            // Officials run the platforms of their area: an unknown record is 404 for them too.
            Box::new(|w, o| match w {
                Who::Role(Role::Official) if o => 404,
                _ => match staff(w, o) {
                    200 => 404,
                    s => s,
                },
            }),
        ),
        (
            "actions/status",
            |i| kv(&[("programme_id", i.programme.into()), ("item", "nosuchitem".into()), ("status", "done".into())]),
            // Officials run the platforms of their area: an unknown record is 404 for them too.
            Box::new(|w, o| match w {
                Who::Role(Role::Official) if o => 404,
                _ => match staff(w, o) {
                    200 => 404,
                    s => s,
                },
            }),
        ),
        ("hub/get", |i| kv(&[("programme_id", i.programme.into())]), Box::new(member_read as Rule)),
        // Unknown organisations: those who may record learn the names are not known.
        (
            "hub/record",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("a", "Nobody".into()),
                    ("b", "Noone".into()),
                    ("kind", "meeting".into()),
                    ("on", "2026-01-01".into()),
                    ("quality", "3".into()),
                ])
            },
            Box::new(|w, o| match w {
                Who::Role(Role::Official) if o => 422,
                _ => match staff(w, o) {
                    200 => 422,
                    s => s,
                },
            }),
        ),
        ("relations/map", |i| kv(&[("programme_id", i.programme.into())]), Box::new(member_read as Rule)),
        (
            "relations/add",
            |i| {
                kv(&[
                    ("programme_id", i.programme.into()),
                    ("from", "nosuchorg".into()),
                    ("kind", "funds".into()),
                    ("to", "Nobody".into()),
                ])
            },
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "relations/remove",
            |i| kv(&[("programme_id", i.programme.into()), ("id", "nosuchedge".into())]),
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        ("imports/result", |_| kv(&[("register", "jurisdictions".into())]), Box::new(public(200))),
        ("auth/logout", none, Box::new(public(200))),
    ]
}

/// Page routes (axum syntax) and plain routes, with the path to request and the rule.
type Url = fn(&Ids) -> String;

fn routes() -> Vec<(&'static str, Url, Expect)> {
    vec![
        ("/", |_| "/".into(), Box::new(public(200))),
        ("/login", |_| "/login".into(), Box::new(public(200))),
        ("/password/forgot", |_| "/password/forgot".into(), Box::new(public(200))),
        ("/password/reset/{token}", |_| "/password/reset/abc".into(), Box::new(public(200))),
        ("/invitation/{token}", |_| "/invitation/abc".into(), Box::new(public(422))),
        ("/account", |_| "/account".into(), Box::new(signed_in as Rule)),
        ("/programmes/new", |_| "/programmes/new".into(), Box::new(admin_only as Rule)),
        ("/programmes/{id}", |i| format!("/programmes/{}", i.programme), Box::new(member_read as Rule)),
        (
            "/programmes/{id}/jurisdictions",
            |i| format!("/programmes/{}/jurisdictions", i.programme),
            Box::new(member_read as Rule),
        ),
        ("/programmes/{id}/people", |i| format!("/programmes/{}/people", i.programme), Box::new(not_members as Rule)),
        ("/programmes/{id}/audit", |i| format!("/programmes/{}/audit", i.programme), Box::new(staff as Rule)),
        ("/admin/audit", |_| "/admin/audit".into(), Box::new(admin_only as Rule)),
        ("/healthz", |_| "/healthz".into(), Box::new(public(200))),
        ("/readyz", |_| "/readyz".into(), Box::new(public(200))),
        ("/lang/{code}", |_| "/lang/fr?back=/".into(), Box::new(public(303))),
        ("/i18n/{file}", |_| app::i18n::catalogue_files()[0].0.clone(), Box::new(public(200))),
        ("/metrics", |_| "/metrics".into(), Box::new(public(404))),
        // Posted as a file (see `request`).
        (
            "/programmes/{id}/import/jurisdictions",
            |i| format!("/programmes/{}/import/jurisdictions", i.programme),
            Box::new(staff as Rule),
        ),
        (
            "/programmes/{id}/organisations",
            |i| format!("/programmes/{}/organisations", i.programme),
            Box::new(member_read as Rule),
        ),
        (
            "/programmes/{id}/organisations/{org}",
            |i| format!("/programmes/{}/organisations/nosuchorg", i.programme),
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "/programmes/{id}/import/organisations",
            |i| format!("/programmes/{}/import/organisations", i.programme),
            Box::new(|w, o| match w {
                Who::Role(Role::Official) if o => 200,
                _ => staff(w, o),
            }),
        ),
        // Contact persons are personal data: coordinators import them. The file names an organisation the
        // register lacks, so those allowed in get the row's error (422).
        (
            "/programmes/{id}/import/contacts",
            |i| format!("/programmes/{}/import/contacts", i.programme),
            Box::new(|w, o| match staff(w, o) {
                200 => 422,
                s => s,
            }),
        ),
        // The hub's interactions log: whoever edits the register imports it. The file names an
        // organisation the register lacks, so those allowed in get the row's error (422).
        (
            "/programmes/{id}/import/interactions",
            |i| format!("/programmes/{}/import/interactions", i.programme),
            Box::new(|w, o| match w {
                Who::Role(Role::Official) if o => 422,
                _ => match staff(w, o) {
                    200 => 422,
                    s => s,
                },
            }),
        ),
        (
            "/programmes/{id}/export/organisations",
            |i| format!("/programmes/{}/export/organisations?format=csv", i.programme),
            Box::new(member_read as Rule),
        ),
        ("/programmes/{id}/hub", |i| format!("/programmes/{}/hub", i.programme), Box::new(member_read as Rule)),
        (
            "/programmes/{id}/policies",
            |i| format!("/programmes/{}/policies", i.programme),
            Box::new(member_read as Rule),
        ),
        (
            "/programmes/{id}/policies/{policy}",
            |i| format!("/programmes/{}/policies/nosuchpolicy", i.programme),
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "/programmes/{id}/export/policies",
            |i| format!("/programmes/{}/export/policies?format=csv", i.programme),
            Box::new(member_read as Rule),
        ),
        (
            "/programmes/{id}/export/inputs",
            |i| format!("/programmes/{}/export/inputs?round=nosuchround&format=csv", i.programme),
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        ("/programmes/{id}/rounds", |i| format!("/programmes/{}/rounds", i.programme), Box::new(member_read as Rule)),
        (
            "/programmes/{id}/rounds/{round}",
            |i| format!("/programmes/{}/rounds/nosuchround", i.programme),
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        // The anonymous channel: public, and an unknown link is 404 for everyone; the write-only
        // addresses answer GET with 405.
        (
            "/programmes/{id}/rounds/{round}/input",
            |i| format!("/programmes/{}/rounds/nosuchround/input", i.programme),
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "/programmes/{id}/rounds/{round}/analysis",
            |i| format!("/programmes/{}/rounds/nosuchround/analysis", i.programme),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "/programmes/{id}/import/paper",
            |i| format!("/programmes/{}/import/paper?round=nosuchround", i.programme),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "/programmes/{id}/export/results",
            |i| format!("/programmes/{}/export/results?round=nosuchround&format=csv", i.programme),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "/programmes/{id}/export/activities",
            |i| format!("/programmes/{}/export/activities?round=nosuchround&format=csv", i.programme),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "/programmes/{id}/rounds/{round}/activities",
            |i| format!("/programmes/{}/rounds/nosuchround/activities", i.programme),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "/programmes/{id}/export/paper",
            |i| format!("/programmes/{}/export/paper?round=nosuchround&format=csv", i.programme),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "/programmes/{id}/rounds/{round}/paper",
            |i| format!("/programmes/{}/rounds/nosuchround/paper", i.programme),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "/programmes/{id}/rounds/{round}/preview",
            |i| format!("/programmes/{}/rounds/nosuchround/preview", i.programme),
            Box::new(|w, o| match staff(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        ("/f/{token}/results", |_| "/f/nosuchround/results".to_string(), Box::new(public(404))),
        ("/f/{token}", |_| "/f/nosuchround".to_string(), Box::new(public(404))),
        ("/f/{token}/receipt", |_| "/f/nosuchround/receipt".to_string(), Box::new(public(404))),
        ("/f/{token}/saved", |_| "/f/nosuchround/saved".to_string(), Box::new(public(405))),
        ("/f/{token}/message", |_| "/f/nosuchround/message".to_string(), Box::new(public(405))),
        (
            "/programmes/{id}/platforms",
            |i| format!("/programmes/{}/platforms", i.programme),
            Box::new(member_read as Rule),
        ),
        (
            "/programmes/{id}/meetings",
            |i| format!("/programmes/{}/meetings", i.programme),
            Box::new(member_read as Rule),
        ),
        (
            "/programmes/{id}/meetings/{meeting}",
            |i| format!("/programmes/{}/meetings/nosuchmeeting", i.programme),
            Box::new(|w, o| match member_read(w, o) {
                200 => 404,
                s => s,
            }),
        ),
        (
            "/programmes/{id}/multilevel",
            |i| format!("/programmes/{}/multilevel", i.programme),
            Box::new(member_read as Rule),
        ),
        (
            "/programmes/{id}/relations",
            |i| format!("/programmes/{}/relations", i.programme),
            Box::new(member_read as Rule),
        ),
        (
            "/programmes/{id}/export/interactions",
            |i| format!("/programmes/{}/export/interactions?format=xlsx", i.programme),
            Box::new(member_read as Rule),
        ),
        (
            "/programmes/{id}/export/relations",
            |i| format!("/programmes/{}/export/relations?format=csv", i.programme),
            Box::new(member_read as Rule),
        ),
        ("/programmes/{id}/persons", |i| format!("/programmes/{}/persons", i.programme), Box::new(staff as Rule)),
        (
            "/programmes/{id}/persons/export",
            |i| format!("/programmes/{}/persons/export?who=nobody%40x.example", i.programme),
            Box::new(staff as Rule),
        ),
        (
            "/programmes/{id}/export/people",
            |i| format!("/programmes/{}/export/people?format=csv", i.programme),
            Box::new(not_members as Rule),
        ),
        (
            "/programmes/{id}/export/audit",
            |i| format!("/programmes/{}/export/audit?format=xlsx", i.programme),
            Box::new(staff as Rule),
        ),
        (
            "/programmes/{id}/export/jurisdictions",
            |i| format!("/programmes/{}/export/jurisdictions?format=csv", i.programme),
            Box::new(member_read as Rule),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_has_a_row_in_the_matrix() {
    let fns: Vec<String> = server_fns().iter().map(|(e, _, _)| format!("/api/{e}")).collect();
    let registered: Vec<_> = server_fn::axum::server_fn_paths().collect();
    assert!(registered.len() >= 10, "only {} server functions registered: is the app linked?", registered.len());
    for (path, _) in registered {
        assert!(fns.iter().any(|f| f == path), "server function {path} is missing from the permission matrix");
    }
    let table: Vec<&str> = routes().iter().map(|(r, _, _)| *r).collect();
    for listing in leptos_axum::generate_route_list(app::App) {
        assert!(table.contains(&listing.path()), "page route {} is missing from the permission matrix", listing.path());
    }
    let plain = tessera_server::router::plain_routes(Default::default());
    assert!(plain.len() >= 4, "only {} plain routes", plain.len());
    for (r, _) in plain {
        assert!(table.contains(&r), "route {r} is missing from the permission matrix");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_role_gets_the_expected_answer_in_both_programmes() {
    let app = TestApp::spawn().await;
    let own = app.programme().await;
    let other = app.programme().await;
    app.ensure_region(&own).await;
    app.ensure_region(&other).await;
    let mut actors: Vec<(Who, Client)> = vec![(Who::Anonymous, client())];
    for role in Role::ALL {
        actors.push((Who::Role(role), app.actor(role, &own).await.0));
    }
    let mut failures = vec![];
    let mut checked = 0;
    // A programme that does not exist: whoever is signed in, admins too, gets 404 from everything that
    // names one, and nothing is written under it.
    let places = [(Some(true), own.as_str()), (Some(false), other.as_str()), (None, UNKNOWN)];
    let expect = |rule: &Expect, who: Who, place: Option<bool>, names_programme: bool| match place {
        Some(is_own) => rule(who, is_own),
        None if names_programme && who != Who::Anonymous => 404,
        None => rule(who, false),
    };
    for (path, to_url, rule) in routes() {
        for (who, c) in &actors {
            for (place, programme) in places {
                let url = to_url(&Ids { programme });
                let status = if path.ends_with("/import/organisations") {
                    let csv = format!("name,kind,jurisdiction_code\n{},cso,R\n", unique("Imported "));
                    app.import(c, programme, "organisations", "o.csv", csv.into_bytes()).await.status.as_u16()
                } else if path.ends_with("/import/contacts") {
                    let csv = b"organisation,name,legal_basis\nNowhere Society,A,public_task\n".to_vec();
                    app.import(c, programme, "contacts", "c.csv", csv).await.status.as_u16()
                } else if path.ends_with("/import/interactions") {
                    let csv = b"on,a,b,kind,quality\n2026-01-05,Nowhere Society,Elsewhere,meeting,3\n".to_vec();
                    app.import(c, programme, "interactions", "i.csv", csv).await.status.as_u16()
                } else if path.ends_with("/import/paper") {
                    let csv = b"q1\nSomething\n".to_vec();
                    app.import(c, programme, "paper?round=nosuchround", "p.csv", csv).await.status.as_u16()
                } else if path.contains("/import/") {
                    let csv = format!("code,name,level,parent_code\n{},Town,local,R\n", unique("I-"));
                    app.import(c, programme, "jurisdictions", "t.csv", csv.into_bytes()).await.status.as_u16()
                } else {
                    c.get(app.url(&url)).send().await.unwrap().status().as_u16()
                };
                checked += 1;
                let expected = expect(&rule, *who, place, url.contains(programme));
                if status != expected {
                    failures.push(format!("GET {path} ({url}) as {who:?}: {status}, expected {expected}"));
                }
            }
        }
    }
    for (endpoint, args, rule) in server_fns() {
        for (who, c) in &actors {
            for (place, programme) in places {
                let form = args(&Ids { programme });
                let names_programme = form.iter().any(|(_, v)| v == programme);
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                let r = app.call(c, endpoint, &form).await;
                checked += 1;
                let expected = expect(&rule, *who, place, names_programme);
                if r.status.as_u16() != expected {
                    failures.push(format!(
                        "{endpoint} as {who:?} (own: {place:?}): {} {}, expected {expected}",
                        r.status, r.body
                    ));
                }
            }
        }
    }
    let expected = (routes().len() + server_fns().len()) * actors.len() * places.len();
    assert!(checked > 0 && checked == expected, "checked {checked} answers, expected {expected}");
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    let mut res = app
        .state
        .db
        .query(
            "RETURN count(SELECT id FROM jurisdiction WHERE programme = type::record('programme', $p))
                + count(SELECT id FROM membership WHERE programme = type::record('programme', $p))
                + count(SELECT id FROM token WHERE programme = type::record('programme', $p))
                + count(SELECT id FROM audit WHERE programme = type::record('programme', $p))",
        )
        .bind(("p", UNKNOWN))
        .await
        .unwrap();
    let written: Option<i64> = res.take(0).unwrap();
    assert_eq!(written, Some(0), "rows written under a programme that does not exist");
}
