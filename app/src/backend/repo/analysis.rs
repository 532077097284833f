//! A round's codebook, the coding of its contributions, and the moderation of its anonymous
//! feedback. Every write names the round and checks that the record belongs to it.
use super::Write;
use crate::backend::Db;
use crate::domain::Grant;
use std::collections::BTreeMap;
use surrealdb::types::SurrealValue;

#[derive(Clone, Debug, SurrealValue)]
pub struct ThemeRow {
    pub id: String,
    pub parent: Option<String>,
    pub position: i64,
    pub label: BTreeMap<String, String>,
    pub decision: BTreeMap<String, String>,
    pub link: Option<String>,
}

/// The codebook, parents before their children.
pub async fn themes(db: &Db, round_id: &str) -> surrealdb::Result<Vec<ThemeRow>> {
    db.query(
        "SELECT record::id(id) AS id, (IF parent != NONE THEN record::id(parent) END) AS parent, position, label,
                decision, link
         FROM theme WHERE round = type::record('round', $rid) ORDER BY position, id",
    )
    .bind(("rid", round_id.to_string()))
    .await?
    .take(0)
}

/// What each theme gathers: how many anonymous submissions and how many contributions from
/// consultation activities are coded into it, and the quotes approved for it (at most 20 each).
#[derive(Clone, Debug, Default)]
pub struct ThemeStat {
    pub id: String,
    pub anonymous: i64,
    pub meetings: i64,
    pub quotes: Vec<String>,
}

/// How many records carry one combination of themes.
#[derive(Clone, Debug, SurrealValue)]
struct Coded {
    themes: Vec<String>,
    n: i64,
}

#[derive(Clone, Debug, SurrealValue)]
struct Quoted {
    themes: Vec<String>,
    quote: String,
}

/// How many anonymous submissions share one combination of themes and of attributes.
#[derive(Clone, Debug, SurrealValue)]
struct CodedGroup {
    themes: Vec<String>,
    attributes: BTreeMap<String, String>,
    n: i64,
}

/// Each coded theme's figures (the round's total comes from its tally), counted in the database in
/// one pass over the round per channel: submissions are grouped by their set of themes, and each
/// set is spread over its themes here. Without `anonymous` (a round still open) the anonymous
/// channel is not read at all.
pub async fn theme_stats(db: &Db, round_id: &str, anonymous: bool) -> surrealdb::Result<Vec<ThemeStat>> {
    let mut res = db
        .query(
            "LET $r = type::record('round', $rid);
             SELECT themes.map(|$t| record::id($t)) AS themes, count() AS n FROM contribution
                WHERE round = $r AND themes != [] GROUP BY themes;
             IF $anonymous THEN (SELECT themes.map(|$t| record::id($t)) AS themes, count() AS n FROM feedback
                WHERE round = $r AND themes != [] GROUP BY themes) ELSE [] END;
             IF $anonymous THEN (SELECT themes.map(|$t| record::id($t)) AS themes, quote FROM feedback
                WHERE round = $r AND moderation = 'approved' AND quote != NONE AND themes != []) ELSE [] END;",
        )
        .bind(("rid", round_id.to_string()))
        .bind(("anonymous", anonymous))
        .await?;
    let (meetings, anonymous, quoted): (Vec<Coded>, Vec<Coded>, Vec<Quoted>) =
        (res.take(1)?, res.take(2)?, res.take(3)?);
    let mut stats: BTreeMap<String, ThemeStat> = BTreeMap::new();
    fn entry<'a>(stats: &'a mut BTreeMap<String, ThemeStat>, id: &str) -> &'a mut ThemeStat {
        stats.entry(id.to_string()).or_insert_with(|| ThemeStat { id: id.to_string(), ..Default::default() })
    }
    for c in &anonymous {
        c.themes.iter().for_each(|t| entry(&mut stats, t).anonymous += c.n);
    }
    for c in &meetings {
        c.themes.iter().for_each(|t| entry(&mut stats, t).meetings += c.n);
    }
    for q in &quoted {
        for t in &q.themes {
            let s = entry(&mut stats, t);
            if s.quotes.len() < 20 {
                s.quotes.push(q.quote.clone());
            }
        }
    }
    Ok(stats.into_values().collect())
}

/// For each theme of a round, its anonymous submissions grouped by their attributes (counted in the
/// database), for the theme counts by region and stakeholder type.
#[derive(Clone, Debug)]
pub struct ThemeGroups {
    pub id: String,
    pub groups: Vec<super::rounds::AttributeGroup>,
}

/// One pass over the round: submissions grouped by their themes and attributes together.
pub async fn theme_groups(db: &Db, round_id: &str) -> surrealdb::Result<Vec<ThemeGroups>> {
    let rows: Vec<CodedGroup> = db
        .query(
            "SELECT themes.map(|$t| record::id($t)) AS themes, attributes, count() AS n FROM feedback
                WHERE round = type::record('round', $rid) AND themes != [] GROUP BY themes, attributes",
        )
        .bind(("rid", round_id.to_string()))
        .await?
        .take(0)?;
    let mut by_theme: BTreeMap<String, Vec<super::rounds::AttributeGroup>> = BTreeMap::new();
    for row in rows {
        for t in &row.themes {
            by_theme
                .entry(t.clone())
                .or_default()
                .push(super::rounds::AttributeGroup { attributes: row.attributes.clone(), n: row.n });
        }
    }
    Ok(by_theme.into_iter().map(|(id, groups)| ThemeGroups { id, groups }).collect())
}

/// The names a text should not carry unchecked: the programme's organisations and contact persons.
pub async fn register_names(db: &Db, grant: &Grant) -> surrealdb::Result<Vec<String>> {
    let mut res = db
        .query(
            "LET $p = type::record('programme', $pid);
             RETURN array::union((SELECT VALUE name FROM organisation WHERE programme = $p),
                                 (SELECT VALUE name FROM contact WHERE programme = $p));",
        )
        .bind(("pid", grant.programme().to_string()))
        .await?;
    res.take(1)
}

fn round_guard() -> &'static str {
    "LET $r = type::record('round', $rid);
     IF $r.programme != type::record('programme', $pid) { THROW 'not_found' };"
}

/// Adds a theme (`id` None) or rewrites one. A sub-theme's parent is a top theme of the same round.
#[allow(clippy::too_many_arguments)]
pub fn save_theme(
    grant: &Grant,
    round_id: &str,
    id: Option<&str>,
    parent: Option<&str>,
    label: &BTreeMap<String, String>,
    decision: &BTreeMap<String, String>,
    link: Option<&str>,
) -> Write {
    Write::new(format!(
        "{}
         LET $parent_theme = IF $parent = NONE THEN NONE ELSE type::record('theme', $parent) END;
         IF $parent_theme != NONE AND ($parent_theme.round != $r OR $parent_theme.parent != NONE OR $parent = $tid) {{
            THROW 'invalid_parent'
         }};
         IF $tid = NONE {{
            LET $last = (SELECT VALUE position FROM theme WHERE round = $r ORDER BY position DESC LIMIT 1)[0] ?? 0;
            CREATE theme CONTENT {{ round: $r, parent: $parent_theme, position: $last + 10, label: $label,
                decision: $decision, link: $link }} RETURN NONE;
         }} ELSE {{
            LET $t = type::record('theme', $tid);
            IF $t.round != $r {{ THROW 'not_found' }};
            IF $parent_theme != NONE AND count(SELECT id FROM theme WHERE parent = $t) > 0 {{ THROW 'invalid_parent' }};
            UPDATE $t MERGE {{ parent: $parent_theme, label: $label, decision: $decision, link: $link }} RETURN NONE;
         }};",
        round_guard()
    ))
    .bind("pid", grant.programme().to_string())
    .bind("rid", round_id.to_string())
    .bind("tid", id.map(str::to_string))
    .bind("parent", parent.map(str::to_string))
    .bind("label", label.clone())
    .bind("decision", decision.clone())
    .bind("link", link.map(str::to_string))
}

/// What a coordinator decides about one anonymous submission.
pub struct Moderation<'a> {
    pub themes: &'a [String],
    pub moderation: &'a str,
    pub quote: Option<&'a str>,
    pub hidden_because: Option<&'a str>,
    pub safeguarding: bool,
    pub referral: Option<&'a str>,
}

pub fn moderate(grant: &Grant, round_id: &str, feedback_id: &str, m: &Moderation<'_>) -> Write {
    Write::new(format!(
        "{}
         LET $f = type::record('feedback', $fid);
         IF $f.round != $r {{ THROW 'not_found' }};
         LET $themes = (SELECT VALUE id FROM theme WHERE round = $r AND record::id(id) IN $codes);
         IF array::len($themes) != array::len($codes) {{ THROW 'unknown_theme' }};
         UPDATE $f SET themes = $themes, moderation = $moderation, quote = $quote, hidden_because = $because,
            safeguarding = $safeguarding, referral = $referral RETURN NONE;",
        round_guard()
    ))
    .bind("pid", grant.programme().to_string())
    .bind("rid", round_id.to_string())
    .bind("fid", feedback_id.to_string())
    .bind("codes", m.themes.to_vec())
    .bind("moderation", m.moderation.to_string())
    .bind("quote", m.quote.map(str::to_string))
    .bind("because", m.hidden_because.map(str::to_string))
    .bind("safeguarding", m.safeguarding)
    .bind("referral", m.referral.map(str::to_string))
}

/// Codes a submitted attributed input into themes.
pub fn code_input(grant: &Grant, round_id: &str, input_id: &str, themes: &[String]) -> Write {
    Write::new(format!(
        "{}
         LET $i = type::record('input', $iid);
         IF $i.round != $r OR $i.status != 'submitted' {{ THROW 'not_found' }};
         LET $themes = (SELECT VALUE id FROM theme WHERE round = $r AND record::id(id) IN $codes);
         IF array::len($themes) != array::len($codes) {{ THROW 'unknown_theme' }};
         UPDATE $i SET themes = $themes RETURN NONE;",
        round_guard()
    ))
    .bind("pid", grant.programme().to_string())
    .bind("rid", round_id.to_string())
    .bind("iid", input_id.to_string())
    .bind("codes", themes.to_vec())
}
