//! Consultation rounds and their questionnaires, held to the grant's programme; and the anonymous
//! feedback they receive, which carries no programme, person or time of day, only its round.
use super::{first_real_error, Write};
use crate::backend::Db;
use crate::domain::round::{Answer, QuestionText, Round};
use crate::domain::Grant;
use crate::wire::rounds::{Place, RoundSummary};
use std::collections::BTreeMap;
use surrealdb::types::SurrealValue;

#[derive(Clone, Debug, SurrealValue)]
struct SummaryRow {
    id: String,
    title: String,
    status: String,
    opens: String,
    closes: String,
    languages: Vec<String>,
}

#[derive(Clone, Debug, SurrealValue)]
struct PlaceRow {
    code: String,
    name: String,
    level: Option<String>,
    path: String,
}

fn place(p: PlaceRow) -> Place {
    Place { code: p.code, name: p.name, level: p.level, path: p.path }
}

/// The programme's rounds, the latest first.
pub async fn list(db: &Db, grant: &Grant) -> surrealdb::Result<Vec<RoundSummary>> {
    let rows: Vec<SummaryRow> = db
        .query(
            "SELECT record::id(id) AS id, title, status, opens, closes, languages FROM round
             WHERE programme = type::record('programme', $pid) ORDER BY opens DESC, id",
        )
        .bind(("pid", grant.programme().to_string()))
        .await?
        .take(0)?;
    Ok(rows
        .into_iter()
        .map(|r| RoundSummary {
            id: r.id,
            title: r.title,
            status: r.status,
            opens: r.opens,
            closes: r.closes,
            languages: r.languages,
        })
        .collect())
}

#[derive(Clone, Debug, SurrealValue)]
pub struct RoundRow {
    pub id: String,
    pub programme: String,
    pub title: String,
    pub purpose: String,
    pub status: String,
    pub languages: Vec<String>,
    pub audiences: Vec<String>,
    pub attributes: Vec<String>,
    pub opens: String,
    pub closes: String,
    pub deadlines: BTreeMap<String, String>,
    pub token: String,
}

#[derive(Clone, Debug, SurrealValue)]
pub struct QuestionRow {
    pub id: String,
    pub position: i64,
    pub version: i64,
    pub lineage: String,
    pub kind: String,
    pub required: bool,
    pub text: BTreeMap<String, String>,
    pub options: BTreeMap<String, Vec<String>>,
}

impl QuestionRow {
    pub fn text(&self) -> QuestionText {
        QuestionText {
            kind: self.kind.clone(),
            required: self.required,
            text: self.text.clone(),
            options: self.options.clone(),
        }
    }
}

macro_rules! round_fields {
    () => {
        "record::id(id) AS id, record::id(programme) AS programme, title, purpose, status, languages, audiences,
         attributes, opens, closes, deadlines, token"
    };
}
macro_rules! question_fields {
    () => {
        "record::id(id) AS id, position, version, lineage, kind, required, text, options"
    };
}

/// A round, its scope and its current questions (in order).
pub type RoundParts = (RoundRow, Vec<Place>, Vec<QuestionRow>);

/// The tables [`get`] reads: a write to any of them replaces a cached round.
pub const ROUND_TABLES: &[&str] = &["round", "question", "jurisdiction"];

/// A round with its scope and its current questions (in order); `None` outside the programme.
pub async fn get(db: &Db, grant: &Grant, id: &str) -> surrealdb::Result<Option<RoundParts>> {
    let mut res = db
        .query(concat!(
            "LET $r = type::record('round', $id);
             IF $r.programme != type::record('programme', $pid) { RETURN NONE } ELSE {
                RETURN (SELECT ",
            round_fields!(),
            " FROM ONLY $r) };
             SELECT code, name, level, path FROM $r.scope ?? [] ORDER BY path;
             SELECT ",
            question_fields!(),
            " FROM question WHERE round = $r AND retired = false ORDER BY position;"
        ))
        .bind(("id", id.to_string()))
        .bind(("pid", grant.programme().to_string()))
        .await?;
    let round: Option<RoundRow> = res.take(1)?;
    let Some(round) = round else { return Ok(None) };
    let scope: Vec<PlaceRow> = res.take(2)?;
    Ok(Some((round, scope.into_iter().map(place).collect(), res.take(3)?)))
}

/// A round by its public link's key, with the regions of its scope and its current questions.
pub async fn by_token(db: &Db, token: &str) -> surrealdb::Result<Option<(RoundRow, Vec<Place>, Vec<QuestionRow>)>> {
    let mut res = db
        .query(concat!(
            "LET $r = (SELECT VALUE id FROM round WHERE token = $link)[0];
             IF $r = NONE { RETURN NONE } ELSE { RETURN (SELECT ",
            round_fields!(),
            " FROM ONLY $r) };
             LET $scope = $r.scope ?? [];
             SELECT code, name, level, path FROM jurisdiction
                WHERE $r != NONE AND programme = $r.programme AND level = 'regional'
                  AND (id IN $scope OR parent IN $scope OR array::len($scope) = 0) ORDER BY path;
             SELECT ",
            question_fields!(),
            " FROM question WHERE $r != NONE AND round = $r AND retired = false ORDER BY position;"
        ))
        .bind(("link", token.to_string()))
        .await?;
    let round: Option<RoundRow> = res.take(1)?;
    let Some(round) = round else { return Ok(None) };
    let regions: Vec<PlaceRow> = res.take(3)?;
    Ok(Some((round, regions.into_iter().map(place).collect(), res.take(4)?)))
}

fn round_doc(w: Write, r: &Round) -> Write {
    w.bind("title", r.title.clone())
        .bind("purpose", r.purpose.clone())
        .bind("languages", r.languages.clone())
        .bind("codes", r.scope.clone())
        .bind("audiences", r.audiences.clone())
        .bind("attributes", r.attributes.clone())
        .bind("opens", r.opens.clone())
        .bind("closes", r.closes.clone())
        .bind("deadlines", r.deadlines.clone())
}

/// Creates a draft round with the default questionnaire; the scope is named by codes.
pub fn create(grant: &Grant, id: &str, token: &str, r: &Round, template: &[QuestionText]) -> Write {
    let w = Write::new(
        "LET $p = type::record('programme', $pid);
         LET $scope = (SELECT VALUE id FROM jurisdiction WHERE programme = $p AND code IN $codes);
         IF array::len($scope) != array::len($codes) { THROW 'unknown_jurisdiction' };
         CREATE type::record('round', $id) CONTENT { programme: $p, title: $title, purpose: $purpose,
            languages: $languages, scope: $scope, audiences: $audiences, attributes: $attributes, opens: $opens,
            closes: $closes, deadlines: $deadlines, token: $token } RETURN NONE;
         FOR $q IN $template {
            CREATE question CONTENT { round: type::record('round', $id), position: $q.position, lineage: $q.lineage,
                kind: $q.kind, required: $q.required, text: $q.text, options: $q.options } RETURN NONE;
         };",
    )
    .bind("pid", grant.programme().to_string())
    .bind("id", id.to_string())
    .bind("token", token.to_string());
    let template: Vec<BTreeMap<String, surrealdb::types::Value>> = template
        .iter()
        .enumerate()
        .map(|(i, q)| {
            BTreeMap::from([
                ("position".to_string(), ((i as i64 + 1) * 10).into_value()),
                ("lineage".to_string(), super::random_key().into_value()),
                ("kind".to_string(), q.kind.clone().into_value()),
                ("required".to_string(), q.required.into_value()),
                ("text".to_string(), q.text.clone().into_value()),
                ("options".to_string(), q.options.clone().into_value()),
            ])
        })
        .collect();
    round_doc(w, r).bind("template", template)
}

/// Rewrites a draft's settings (not its questionnaire).
pub fn update(grant: &Grant, id: &str, r: &Round) -> Write {
    let w = Write::new(
        "LET $p = type::record('programme', $pid);
         LET $r = type::record('round', $id);
         IF $r.programme != $p { THROW 'not_found' };
         IF $r.status != 'draft' { THROW 'round_not_draft' };
         LET $scope = (SELECT VALUE id FROM jurisdiction WHERE programme = $p AND code IN $codes);
         IF array::len($scope) != array::len($codes) { THROW 'unknown_jurisdiction' };
         UPDATE $r MERGE { title: $title, purpose: $purpose, languages: $languages, scope: $scope,
            audiences: $audiences, attributes: $attributes, opens: $opens, closes: $closes, deadlines: $deadlines }
            RETURN NONE;",
    )
    .bind("pid", grant.programme().to_string())
    .bind("id", id.to_string());
    round_doc(w, r)
}

/// Whether anyone has answered this version of a question.
pub async fn answered(db: &Db, question_id: &str) -> surrealdb::Result<bool> {
    let n: Option<i64> = db
        .query(
            "LET $q = type::record('question', $id);
             RETURN count(SELECT VALUE id FROM feedback WHERE round = $q.round AND $id IN answers.q LIMIT 1);",
        )
        .bind(("id", question_id.to_string()))
        .await?
        .take(1)?;
    Ok(n.unwrap_or(0) > 0)
}

/// Adds a question at the end (`question_id` None), rewrites one in place (`new_version` false), or
/// retires it and adds its next version in the same place (`new_version` true, once it has answers).
pub fn save_question(
    grant: &Grant,
    round_id: &str,
    question_id: Option<&str>,
    new_version: bool,
    q: &QuestionText,
) -> Write {
    Write::new(
        "LET $r = type::record('round', $rid);
         IF $r.programme != type::record('programme', $pid) { THROW 'not_found' };
         IF $r.status NOT IN ['draft', 'open'] { THROW 'round_closed' };
         IF $qid = NONE {
            IF $r.status != 'draft' { THROW 'round_not_draft' };
            LET $last = (SELECT VALUE position FROM question WHERE round = $r ORDER BY position DESC LIMIT 1)[0] ?? 0;
            CREATE question CONTENT { round: $r, position: $last + 10, lineage: $lineage, kind: $kind,
                required: $required, text: $text, options: $options } RETURN NONE;
         } ELSE {
            LET $q = type::record('question', $qid);
            IF $q.round != $r OR $q.retired { THROW 'not_found' };
            IF $new_version {
                UPDATE $q SET retired = true RETURN NONE;
                CREATE question CONTENT { round: $r, position: $q.position, lineage: $q.lineage,
                    version: $q.version + 1, kind: $kind, required: $required, text: $text, options: $options }
                    RETURN NONE;
            } ELSE {
                UPDATE $q MERGE { kind: $kind, required: $required, text: $text, options: $options } RETURN NONE;
            };
         };",
    )
    .bind("pid", grant.programme().to_string())
    .bind("rid", round_id.to_string())
    .bind("qid", question_id.map(str::to_string))
    .bind("new_version", new_version)
    .bind("lineage", super::random_key())
    .bind("kind", q.kind.clone())
    .bind("required", q.required)
    .bind("text", q.text.clone())
    .bind("options", q.options.clone())
}

/// Removes a question from a draft.
pub fn remove_question(grant: &Grant, round_id: &str, question_id: &str) -> Write {
    Write::new(
        "LET $r = type::record('round', $rid);
         IF $r.programme != type::record('programme', $pid) { THROW 'not_found' };
         IF $r.status != 'draft' { THROW 'round_not_draft' };
         LET $q = type::record('question', $qid);
         IF $q.round != $r { THROW 'not_found' };
         DELETE $q;",
    )
    .bind("pid", grant.programme().to_string())
    .bind("rid", round_id.to_string())
    .bind("qid", question_id.to_string())
}

/// Moves a round from `from` to `to`, unless someone moved it first; closing and publishing keep
/// their day.
pub fn move_status(grant: &Grant, id: &str, from: &str, to: &str, today: &str) -> Write {
    Write::new(
        "LET $r = type::record('round', $id);
         IF $r.programme != type::record('programme', $pid) { THROW 'not_found' };
         IF $r.status != $from { THROW 'round_moved' };
         UPDATE $r SET status = $to,
            closed_on = IF $to = 'closed' THEN $today ELSE closed_on END,
            published_on = IF $to = 'published' THEN $today ELSE published_on END RETURN NONE;",
    )
    .bind("pid", grant.programme().to_string())
    .bind("id", id.to_string())
    .bind("from", from.to_string())
    .bind("to", to.to_string())
    .bind("today", today.to_string())
}

/// One anonymous submission. Its id is the database's random key; nothing else identifies it.
pub struct NewFeedback<'a> {
    pub round_id: &'a str,
    pub day: &'a str,
    pub channel: &'a str,
    pub answers: &'a [Answer],
    pub attributes: &'a BTreeMap<String, String>,
    pub receipt: Option<&'a str>,
}

pub fn add_feedback(f: &NewFeedback<'_>) -> Write {
    Write::new(
        "LET $r = type::record('round', $rid);
         IF $r.status != 'open' { THROW 'round_not_open' };
         CREATE feedback CONTENT { round: $r, day: $day, channel: $channel, answers: $answers,
            attributes: $attributes, receipt: $receipt } RETURN NONE;",
    )
    .bind("rid", f.round_id.to_string())
    .bind("day", f.day.to_string())
    .bind("channel", f.channel.to_string())
    .bind("answers", f.answers.to_vec())
    .bind("attributes", f.attributes.clone())
    .bind("receipt", f.receipt.map(str::to_string))
}

/// A batch of transcribed paper forms, entered into the anonymous channel like online submissions:
/// the same fields, the `paper` channel, the day of entry and no receipt; nothing names who typed
/// them (a write for a `Tx`).
pub fn add_paper(round_id: &str, day: &str, forms: Vec<crate::domain::round::PaperForm>) -> Write {
    Write::new(
        "LET $r = type::record('round', $rid);
         IF $r.status != 'open' { THROW 'round_not_open' };
         FOR $f IN $forms {
             CREATE feedback CONTENT { round: $r, day: $day, channel: 'paper', answers: $f.answers,
                attributes: $f.attributes } RETURN NONE;
         };",
    )
    .bind("rid", round_id.to_string())
    .bind("day", day.to_string())
    .bind("forms", forms)
}

#[derive(Clone, Debug, SurrealValue)]
pub struct MessageRow {
    pub from: String,
    pub day: String,
    pub text: String,
}

#[derive(Clone, Debug, SurrealValue)]
pub struct FeedbackRow {
    pub id: String,
    pub channel: String,
    pub answers: Vec<Answer>,
    pub attributes: BTreeMap<String, String>,
    pub thread: Vec<MessageRow>,
    pub has_receipt: bool,
    pub themes: Vec<String>,
    pub moderation: String,
    pub quote: Option<String>,
    pub hidden_because: Option<String>,
    pub safeguarding: bool,
    pub referral: Option<String>,
}

macro_rules! feedback_fields {
    () => {
        "record::id(id) AS id, channel, answers, attributes, thread, receipt != NONE AS has_receipt,
         (SELECT VALUE record::id(id) FROM $parent.themes) AS themes, moderation, quote, hidden_because, safeguarding, referral"
    };
}

/// How many submissions share one combination of respondent attributes.
#[derive(Clone, Debug, SurrealValue)]
pub struct AttributeGroup {
    pub attributes: BTreeMap<String, String>,
    pub n: i64,
}

/// How many submissions gave one answer (the values chosen, in order) to one question.
#[derive(Clone, Debug, SurrealValue)]
pub struct AnswerGroup {
    pub q: String,
    pub v: Vec<String>,
    pub n: i64,
}

/// What a round's anonymous figures are counted from, grouped in the database so that no
/// submission is read into memory: the number of submissions, how many share each combination of
/// attributes, and how many gave each answer to the questions in `counted` (choices, ratings and
/// rankings; free text is never grouped).
#[derive(Clone, Debug, Default)]
pub struct Tally {
    pub total: u64,
    pub attributes: Vec<AttributeGroup>,
    pub answers: Vec<AnswerGroup>,
}

pub async fn tally(db: &Db, round_id: &str, counted: Vec<String>) -> surrealdb::Result<Tally> {
    let mut res = db
        .query(
            "LET $r = type::record('round', $rid);
             RETURN (SELECT count() AS n FROM feedback WHERE round = $r GROUP ALL)[0].n ?? 0;
             SELECT attributes, count() AS n FROM feedback WHERE round = $r GROUP BY attributes;
             SELECT q, v, count() AS n
                FROM array::flatten((SELECT VALUE answers[WHERE q INSIDE $counted] FROM feedback WHERE round = $r))
                GROUP BY q, v;",
        )
        .bind(("rid", round_id.to_string()))
        .bind(("counted", counted))
        .await?;
    let total: Option<i64> = res.take(1)?;
    Ok(Tally { total: total.unwrap_or(0).max(0) as u64, attributes: res.take(2)?, answers: res.take(3)? })
}

/// The sorts of a round's submissions: by their random id only, so never by arrival.
pub const FEEDBACK_SORTS: &[&str] = &["id"];

/// One page of a round's submissions in the list pattern (filters `moderation`, `theme`,
/// `safeguarding`; text in the answers), with the total.
pub async fn feedback_page(
    db: &Db,
    round_id: &str,
    list: &crate::domain::list::ListQuery,
    limit: u32,
) -> surrealdb::Result<(u64, Vec<FeedbackRow>)> {
    let query = db
        .query(concat!(
            // Two phases: filter and page on ids only (a closed round may hold 200 000 submissions),
            // then read the page's fields.
            "LET $r = type::record('round', $rid);
             LET $hits = (SELECT id FROM feedback WHERE round = $r AND ($moderation = NONE OR moderation = $moderation)
                AND ($theme = NONE OR type::record('theme', $theme) IN themes)
                AND ($safe = NONE OR safeguarding = true)
                AND ($needle = NONE OR string::contains(string::lowercase(<string> answers), $needle)));
             RETURN count($hits);
             LET $page = IF $desc THEN (SELECT VALUE id FROM $hits WHERE $aid = NONE OR record::id(id) < $aid ORDER BY id DESC LIMIT $n)
                ELSE (SELECT VALUE id FROM $hits WHERE $aid = NONE OR record::id(id) > $aid ORDER BY id LIMIT $n) END;
             SELECT ",
            feedback_fields!(),
            " FROM $page ORDER BY id"
        ))
        .bind(("rid", round_id.to_string()))
        .bind(("moderation", list.filter("moderation").map(str::to_string)))
        .bind(("theme", list.filter("theme").map(str::to_string)))
        .bind(("safe", list.filter("safeguarding").map(str::to_string)));
    let mut res = super::list_params(query, list, FEEDBACK_SORTS, limit).await?;
    let total: Option<i64> = res.take(2)?;
    let mut rows: Vec<FeedbackRow> = res.take(4)?;
    if list.desc {
        rows.reverse();
    }
    Ok((total.unwrap_or(0).max(0) as u64, rows))
}

/// What the analysis filters a round's submissions on, one small row each (no answers).
#[derive(Clone, Debug, SurrealValue)]
pub struct FeedbackMark {
    pub id: String,
    pub moderation: String,
    pub themes: Vec<String>,
    pub safeguarding: bool,
}

/// Every submission's marks, in id order (sorted here: an `ORDER BY` on the projected id would
/// break the `$parent` of the themes' subquery).
pub async fn feedback_marks(db: &Db, round_id: &str) -> surrealdb::Result<Vec<FeedbackMark>> {
    let mut marks: Vec<FeedbackMark> = db
        .query(
            "SELECT record::id(id) AS id, moderation, (SELECT VALUE record::id(id) FROM $parent.themes) AS themes,
                    safeguarding
             FROM feedback WHERE round = type::record('round', $rid)",
        )
        .bind(("rid", round_id.to_string()))
        .await?
        .take(0)?;
    marks.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    Ok(marks)
}

/// The ids of a round's submissions, in order.
pub async fn feedback_ids(db: &Db, round_id: &str) -> surrealdb::Result<Vec<String>> {
    db.query("SELECT VALUE record::id(id) FROM feedback WHERE round = type::record('round', $rid) ORDER BY id")
        .bind(("rid", round_id.to_string()))
        .await?
        .take(0)
}

/// Some submissions of a round, by id, in that order.
pub async fn feedback_by_ids(db: &Db, round_id: &str, ids: &[String]) -> surrealdb::Result<Vec<FeedbackRow>> {
    let records: Vec<surrealdb::types::RecordId> =
        ids.iter().map(|id| surrealdb::types::RecordId::new("feedback", id.as_str())).collect();
    let mut rows: Vec<FeedbackRow> = db
        .query(concat!("SELECT ", feedback_fields!(), " FROM $ids WHERE round = type::record('round', $rid)"))
        .bind(("rid", round_id.to_string()))
        .bind(("ids", records))
        .await?
        .take(0)?;
    rows.sort_by_key(|r| ids.iter().position(|i| *i == r.id));
    Ok(rows)
}

/// The submission a receipt's hash finds in a round, if any.
pub async fn by_receipt(db: &Db, round_id: &str, hash: &str) -> surrealdb::Result<Option<FeedbackRow>> {
    let rows: Vec<FeedbackRow> = db
        .query(concat!(
            "SELECT ",
            feedback_fields!(),
            " FROM feedback WHERE receipt = $hash AND round = type::record('round', $rid) LIMIT 1"
        ))
        .bind(("rid", round_id.to_string()))
        .bind(("hash", hash.to_string()))
        .await?
        .take(0)?;
    Ok(rows.into_iter().next())
}

/// Adds a message to a submission's exchange (`round_id` guards that it belongs to that round).
pub fn add_message(round_id: &str, feedback_id: &str, from: &str, day: &str, text: &str) -> Write {
    Write::new(
        "LET $f = type::record('feedback', $fid);
         IF $f.round != type::record('round', $rid) { THROW 'not_found' };
         UPDATE $f SET thread += { from: $from, day: $day, text: $text } RETURN NONE;",
    )
    .bind("rid", round_id.to_string())
    .bind("fid", feedback_id.to_string())
    .bind("from", from.to_string())
    .bind("day", day.to_string())
    .bind("text", text.to_string())
}

/// The salt receipts are hashed with: made once, kept in the database (a backup carries it, so
/// receipts still work after a restore).
pub async fn receipt_salt(db: &Db, fresh: String) -> surrealdb::Result<String> {
    let res = db
        .query(
            "IF (SELECT VALUE value FROM ONLY secret:receipt_salt) = NONE {
                CREATE secret:receipt_salt SET value = $fresh RETURN NONE
             };
             RETURN (SELECT VALUE value FROM ONLY secret:receipt_salt);",
        )
        .bind(("fresh", fresh))
        .await?;
    let mut res = first_real_error(res)?;
    let salt: Option<String> = res.take(1)?;
    Ok(salt.unwrap_or_default())
}

/// An organisation invited to a round, and whether it has submitted its input.
#[derive(Clone, Debug, SurrealValue)]
pub struct InvitedRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub day: String,
    pub people: i64,
    pub answered: bool,
}

/// The organisations invited to a round of the grant's programme, by name.
pub async fn invited(db: &Db, grant: &Grant, round_id: &str) -> surrealdb::Result<Vec<InvitedRow>> {
    db.query(
        "SELECT record::id(organisation) AS id, organisation.name AS name, organisation.kind AS kind, day, people,
                count(SELECT id FROM input WHERE round = $parent.round AND organisation = $parent.organisation
                    AND status = 'submitted') > 0 AS answered
         FROM invited WHERE round = type::record('round', $rid) AND programme = type::record('programme', $pid)
         ORDER BY name",
    )
    .bind(("rid", round_id.to_string()))
    .bind(("pid", grant.programme().to_string()))
    .await?
    .take(0)
}

/// Records organisations as invited to a round (a write for a `Tx`; an organisation invited twice
/// fails the unique index).
pub fn add_invited(grant: &Grant, round_id: &str, day: &str, rows: Vec<(String, i64)>) -> Write {
    let rows: Vec<BTreeMap<String, surrealdb::types::Value>> = rows
        .into_iter()
        .map(|(id, people)| {
            BTreeMap::from([("id".to_string(), id.into_value()), ("people".to_string(), people.into_value())])
        })
        .collect();
    Write::new(
        "LET $r = type::record('round', $rid);
         FOR $o IN $rows {
             CREATE invited SET programme = type::record('programme', $pid), round = $r,
                 organisation = type::record('organisation', $o.id), day = $day, people = $o.people;
         };",
    )
    .bind("pid", grant.programme().to_string())
    .bind("rid", round_id.to_string())
    .bind("day", day.to_string())
    .bind("rows", rows)
}
