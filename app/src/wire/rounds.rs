//! Consultation rounds as pages get them.
use crate::domain::disclosure::Shown;
use crate::domain::round::QuestionText;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A round in the programme's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundSummary {
    pub id: String,
    pub title: String,
    pub status: String,
    pub opens: String,
    pub closes: String,
    pub languages: Vec<String>,
}

/// A jurisdiction a round may cover: code and name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub code: String,
    pub name: String,
    pub level: Option<String>,
    /// Its place in the tree (`/N/R/`).
    #[serde(default)]
    pub path: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rounds {
    pub rows: Vec<RoundSummary>,
    /// Whether the viewer runs rounds (coordinators); then the form's choices follow.
    pub can_manage: bool,
    pub places: Vec<Place>,
    pub audiences: Vec<String>,
}

/// One version of a question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: String,
    pub position: i64,
    pub version: i64,
    #[serde(flatten)]
    pub q: QuestionText,
    /// Languages of the round it is not yet written in.
    pub missing: Vec<String>,
}

/// The counts of one question or attribute, after disclosure control: `labels[i]` goes with
/// `cells[i]`; the last cell is "no answer" (or "prefer not to say").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountTable {
    pub title: String,
    pub labels: Vec<String>,
    pub cells: Vec<Shown>,
    /// Each submission is in one cell (else, several choices each).
    pub additive: bool,
}

/// What the anonymous channel says in figures, once the round has closed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnonymousCounts {
    pub total: Shown,
    pub tables: Vec<CountTable>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub from: String,
    pub day: String,
    pub text: String,
}

/// One anonymous submission as a coordinator reads it: its answers, never its attributes; its
/// coding, its moderation, and what in it may identify someone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackView {
    pub id: String,
    pub channel: String,
    pub answers: Vec<(String, String)>,
    pub thread: Vec<Message>,
    /// The respondent kept a receipt, so a reply can reach them.
    pub has_receipt: bool,
    /// Theme ids.
    pub themes: Vec<String>,
    pub moderation: String,
    /// The text that may be quoted: the moderator's (redacted) version once saved, else the free text.
    pub quote: String,
    pub hidden_because: Option<String>,
    pub flags: Vec<crate::domain::analysis::Flag>,
    pub safeguarding: bool,
    pub referral: Option<String>,
}

/// A theme of the codebook with what it counts: anonymous submissions (after disclosure control)
/// and attributed inputs coded into it, and the quotes approved for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeView {
    pub id: String,
    pub parent: Option<String>,
    pub label: BTreeMap<String, String>,
    pub decision: BTreeMap<String, String>,
    pub link: Option<String>,
    pub anonymous: Shown,
    pub inputs: u64,
    /// Contributions from consultation activities (meetings, focus groups, interviews…).
    pub meetings: u64,
    pub quotes: Vec<String>,
}

/// An attributed input as the analysis codes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodedInput {
    pub id: String,
    pub name: String,
    pub level: String,
    pub answers: Vec<(String, String)>,
    pub themes: Vec<String>,
}

/// A round's analysis, for coordinators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub id: String,
    pub title: String,
    pub status: String,
    pub languages: Vec<String>,
    pub themes: Vec<ThemeView>,
    /// One page of the submissions (the list pattern), empty until the round has closed.
    pub feedback: crate::domain::list::Page<FeedbackView>,
    pub inputs: Vec<CodedInput>,
    /// The jurisdictions of the round's scope and whether each has submitted its input.
    pub coverage: Vec<(Place, bool)>,
    /// Invited organisations against those that answered, by typology.
    pub by_typology: Vec<TypologyCoverage>,
    /// The invited organisations that have not submitted their input yet, by name.
    pub waiting: Vec<String>,
    /// The typologies the invitation form offers: the round's audiences first.
    pub audiences: Vec<String>,
    /// Theme counts by region and stakeholder type (anonymous, after disclosure control) and by
    /// level (attributed inputs).
    pub breakdowns: Vec<Breakdown>,
}

/// A table of theme counts by one attribute: a row per theme (by id), a column per value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<Shown>)>,
}

/// A round's published results, as the public page shows them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub total: Shown,
    pub themes: Vec<ThemeView>,
    pub counts: AnonymousCounts,
    pub inputs: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundDetail {
    pub id: String,
    pub title: String,
    pub purpose: String,
    pub status: String,
    pub languages: Vec<String>,
    pub scope: Vec<Place>,
    pub audiences: Vec<String>,
    pub attributes: Vec<String>,
    pub opens: String,
    pub closes: String,
    pub deadlines: BTreeMap<String, String>,
    /// The public feedback form's path.
    pub public_path: String,
    pub questions: Vec<QuestionView>,
    /// The status the round may move to next, if the viewer may move it.
    pub next: Option<String>,
    pub can_manage: bool,
    /// `None` until the round closes.
    pub counts: Option<AnonymousCounts>,
    /// The attributed inputs the viewer may read: submitted ones within their reach, and their own.
    pub inputs: Vec<InputView>,
    /// The viewer's own input, when they answer for someone.
    pub mine: Option<MyInput>,
    /// What the settings form offers (coordinators, while the round is a draft; else empty).
    pub places: Vec<Place>,
    pub audience_choices: Vec<String>,
}

/// An attributed input as its readers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputView {
    pub id: String,
    /// The organisation or jurisdiction that answers.
    pub name: String,
    pub level: String,
    pub status: String,
    pub submitted_on: Option<String>,
    pub updated_on: String,
    /// Question and answer, as they read.
    pub answers: Vec<(String, String)>,
    /// The answers as stored, to fill the form again.
    pub raw: Vec<crate::domain::round::Answer>,
    /// The inputs this one draws on, and those that draw on it: (id, name).
    pub draws_on: Vec<(String, String)>,
    pub drawn_on_by: Vec<(String, String)>,
}

/// The viewer's own part in a round, when they answer for a jurisdiction or an organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyInput {
    pub name: String,
    pub level: String,
    pub deadline: Option<String>,
    /// The input can still be written (the round is open and the deadline has not passed).
    pub open: bool,
    pub input: Option<InputView>,
    /// Submitted inputs from below (for officials), which a synthesis can draw on.
    pub below: Vec<InputView>,
}

/// What the public pages need of a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicRound {
    pub token: String,
    pub title: String,
    pub purpose: String,
    pub status: String,
    pub closes: String,
    pub languages: Vec<String>,
    pub attributes: Vec<String>,
    pub regions: Vec<Place>,
    pub questions: Vec<(String, QuestionText)>,
}

/// What the paper-forms page shows: the columns a batch is typed into, each with what its cell may
/// hold, in the reader's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaperSheet {
    pub id: String,
    pub title: String,
    pub status: String,
    pub columns: Vec<PaperColumn>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaperColumn {
    /// `q1`…, or an attribute's name.
    pub name: String,
    /// The question's text, or the attribute's label.
    pub label: String,
    pub required: bool,
    /// A question's kind, or `attribute`.
    pub kind: String,
    /// Numbered options (a question) or `code = label` pairs (an attribute).
    pub choices: Vec<String>,
}

/// Which organisations of the register a round invitation reaches (empty: any).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InviteFilter {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub jurisdiction: String,
}

/// What a round invitation did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InviteSummary {
    pub organisations: u32,
    /// People of the programme sent the link to answer.
    pub notified: u32,
    /// People without an account, invited into the programme.
    pub invited: u32,
    /// Organisations with no contact person with an e-mail address.
    pub without_contact: u32,
}

/// How far a round's invitations reached, by typology.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypologyCoverage {
    pub kind: String,
    pub invited: u32,
    pub answered: u32,
}

/// A theme of the codebook, to code a contribution into.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ThemeChoice {
    pub id: String,
    pub parent: Option<String>,
    pub label: BTreeMap<String, String>,
}

/// One thing said at a consultation activity, with the themes it is coded into, and what in it may
/// identify someone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContributionView {
    pub id: String,
    pub text: String,
    pub themes: Vec<String>,
    pub flags: Vec<crate::domain::analysis::Flag>,
}

/// A meeting, working group, focus group, interview or workshop of a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityView {
    pub id: String,
    pub title: String,
    pub format: String,
    pub held_on: String,
    pub place: Option<String>,
    /// (participant type, count), in the order of `PARTICIPANT_TYPES`.
    pub participants: Vec<(String, u32)>,
    pub total: u32,
    pub women: Option<u32>,
    pub provisions: Vec<crate::domain::activity::Provision>,
    pub notes: Option<String>,
    pub contributions: Vec<ContributionView>,
}

/// A round's consultation activities (the list pattern), what their provisions cost together, and
/// the codebook to code their contributions into.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Activities {
    pub id: String,
    pub title: String,
    pub status: String,
    pub page: crate::domain::list::Page<ActivityView>,
    /// (provision, activities that made it, total cost in cents) over the whole round.
    pub provision_totals: Vec<(String, u32, i64)>,
    pub themes: Vec<ThemeChoice>,
    /// Whether activities can still be recorded (not once the round is published).
    pub can_record: bool,
}
