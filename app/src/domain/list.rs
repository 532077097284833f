//! The one list pattern every register uses: a query (free-text filter, named filters, sort, cursor)
//! that lives in the URL, and a page of rows with keyset pagination whose ties are broken by id, plus
//! the total count. Repositories apply it (and the grant's scope) in their `WHERE`; exports run the
//! same query without the page limit.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Rows per page in the browser.
pub const PAGE_SIZE: u32 = 50;
/// Rows an export holds at most.
pub const EXPORT_LIMIT: u32 = 100_000;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    /// Free text, matched case-insensitively.
    #[serde(default)]
    pub q: String,
    /// A column key the register declares sortable; unknown keys fall back to its default.
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub desc: bool,
    /// Register-specific filters (`role=official`), each a column key and a value.
    #[serde(default)]
    pub filters: BTreeMap<String, String>,
    /// The cursor: the sort key and id of the last row of the previous page.
    #[serde(default)]
    pub after: String,
}

/// The filters each register's list takes (besides `q`).
pub const PEOPLE_FILTERS: &[&str] = &["role"];
pub const AUDIT_FILTERS: &[&str] = &["action"];
pub const JURISDICTION_FILTERS: &[&str] = &["level", "depth", "under"];
pub const POLICY_FILTERS: &[&str] = &["level", "area", "status"];
/// A round's anonymous submissions, in its analysis.
pub const FEEDBACK_FILTERS: &[&str] = &["moderation", "theme", "safeguarding"];
/// A round's consultation activities (`kind`: their format; `format` names an export's file type).
pub const ACTIVITY_FILTERS: &[&str] = &["kind"];
pub const STAKEHOLDER_FILTERS: &[&str] =
    &["kind", "level", "jurisdiction", "sector", "migrant_led", "influence", "interest"];

/// Parameters of a list that are not filters.
const RESERVED: &[&str] = &["q", "sort", "dir", "after"];

impl ListQuery {
    /// Reads a query from URL parameters: `q`, `sort`, `dir=desc`, `after`, and any of `filter_keys`.
    pub fn from_params<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>, filter_keys: &[&str]) -> Self {
        let mut q = ListQuery::default();
        for (k, v) in params {
            match k {
                "q" => q.q = v.trim().to_string(),
                "sort" => q.sort = v.to_string(),
                "dir" => q.desc = v == "desc",
                "after" => q.after = v.to_string(),
                k if filter_keys.contains(&k) && !v.is_empty() => {
                    q.filters.insert(k.to_string(), v.to_string());
                }
                _ => {}
            }
        }
        q
    }

    /// The URL parameters of this query (empty values left out), in a stable order.
    pub fn params(&self) -> Vec<(String, String)> {
        let mut out = vec![];
        if !self.q.is_empty() {
            out.push(("q".into(), self.q.clone()));
        }
        for (k, v) in &self.filters {
            if !RESERVED.contains(&k.as_str()) && !v.is_empty() {
                out.push((k.clone(), v.clone()));
            }
        }
        if !self.sort.is_empty() {
            out.push(("sort".into(), self.sort.clone()));
        }
        if self.desc {
            out.push(("dir".into(), "desc".into()));
        }
        if !self.after.is_empty() {
            out.push(("after".into(), self.after.clone()));
        }
        out
    }

    /// `path?params`, URL-encoded.
    pub fn href(&self, path: &str) -> String {
        let params = self.params();
        if params.is_empty() {
            return path.to_string();
        }
        let query: Vec<String> = params.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
        format!("{path}?{}", query.join("&"))
    }

    /// The export of everything this query finds (all pages) as `format`, at `base`, which may
    /// carry the export's own parameters (`/programmes/p/export/activities?round=r`): those first,
    /// then the list's.
    pub fn export_href(&self, base: &str, format: &str) -> String {
        let params = self.first_page().href("");
        let params = params.strip_prefix('?').unwrap_or(&params);
        let sep = if base.contains('?') { '&' } else { '?' };
        if params.is_empty() {
            format!("{base}{sep}format={format}")
        } else {
            format!("{base}{sep}{params}&format={format}")
        }
    }

    /// The same filters from the first page.
    pub fn first_page(&self) -> Self {
        ListQuery { after: String::new(), ..self.clone() }
    }

    /// The first page sorted by `column`: ascending, or reversed when it is already the sort.
    pub fn sorted_by(&self, column: &str, current: &str) -> Self {
        let desc = column == current && !self.desc;
        ListQuery { sort: column.to_string(), desc, after: String::new(), ..self.clone() }
    }

    pub fn filter(&self, key: &str) -> Option<&str> {
        self.filters.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// The cursor split into sort key and id; `None` on the first page or for a cursor we did not make.
    pub fn cursor(&self) -> Option<(String, String)> {
        let (key, id) = self.after.rsplit_once('~')?;
        (!id.is_empty()).then(|| (key.to_string(), id.to_string()))
    }

    /// The free text, lower-cased, or `None`.
    pub fn needle(&self) -> Option<String> {
        (!self.q.is_empty()).then(|| self.q.to_lowercase())
    }
}

/// The sort key the repository computed for a row and its id make the next page's cursor.
pub fn cursor(key: &str, id: &str) -> String {
    format!("{key}~{id}")
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    /// Rows matching the filters, on every page.
    pub total: u64,
    /// The cursor of the next page, if there is one.
    pub next: Option<String>,
    /// The sort column actually applied and its direction.
    pub sort: String,
    pub desc: bool,
}

impl<T> Page<T> {
    /// Builds a page from `limit + 1` rows read after the cursor: the extra row only says that
    /// another page follows.
    pub fn from_rows<R>(
        mut rows: Vec<R>,
        total: u64,
        limit: u32,
        sort: &str,
        desc: bool,
        key: impl Fn(&R) -> (String, String),
        view: impl FnMut(R) -> T,
    ) -> Self {
        let more = rows.len() > limit as usize;
        rows.truncate(limit as usize);
        let next = if more { rows.last().map(key).map(|(k, id)| cursor(&k, &id)) } else { None };
        Page { rows: rows.into_iter().map(view).collect(), total, next, sort: sort.to_string(), desc }
    }
}

/// The list pattern over rows held in memory, each with its sort key and id: those after `query`'s
/// cursor in (key, id) order, ascending or as the query asks descending, `limit + 1` at most (the
/// extra one only says that another page follows). Only the page is sorted, so a snapshot of
/// thousands of rows costs one pass and a partial selection.
pub fn keyed_page<K: Ord + AsRef<str>, I: Ord + AsRef<str>, T>(
    rows: impl IntoIterator<Item = (K, I, T)>,
    query: &ListQuery,
    limit: u32,
) -> Vec<(K, I, T)> {
    let after = query.cursor();
    let mut keyed: Vec<(K, I, T)> = rows
        .into_iter()
        .filter(|(k, id, _)| match &after {
            None => true,
            Some((ak, aid)) if query.desc => (k.as_ref(), id.as_ref()) < (ak.as_str(), aid.as_str()),
            Some((ak, aid)) => (k.as_ref(), id.as_ref()) > (ak.as_str(), aid.as_str()),
        })
        .collect();
    let order = |a: &(K, I, T), b: &(K, I, T)| {
        let (a, b) = ((&a.0, &a.1), (&b.0, &b.1));
        if query.desc {
            b.cmp(&a)
        } else {
            a.cmp(&b)
        }
    };
    let n = (limit as usize).saturating_add(1).min(keyed.len());
    if n < keyed.len() {
        keyed.select_nth_unstable_by(n, order);
        keyed.truncate(n);
    }
    keyed.sort_unstable_by(order);
    keyed
}

/// The list pattern over a snapshot held newest first by (key, id): how many items `hit`, and those
/// after `query`'s cursor, `limit + 1` at most (the extra one only says that another page follows).
pub fn newest_first<'a, T>(
    all: impl IntoIterator<Item = &'a T>,
    query: &ListQuery,
    limit: u32,
    hit: impl Fn(&T) -> bool,
    key: impl Fn(&T) -> (&str, &str),
) -> (u64, Vec<&'a T>) {
    let after = query.cursor();
    let mut total = 0u64;
    let mut page = vec![];
    for item in all {
        if !hit(item) {
            continue;
        }
        total += 1;
        let seen = after.as_ref().is_some_and(|(ak, aid)| key(item) >= (ak.as_str(), aid.as_str()));
        if !seen && page.len() <= limit as usize {
            page.push(item);
        }
    }
    (total, page)
}

/// Percent-encoding for a URL query component.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyed_page_sorts_both_ways_breaks_ties_by_id_and_pages_after_the_cursor() {
        let rows = vec![("b", "2", 'x'), ("a", "9", 'y'), ("b", "1", 'z'), ("c", "0", 'w')];
        let ids =
            |q: &ListQuery, limit| keyed_page(rows.clone(), q, limit).into_iter().map(|r| r.1).collect::<Vec<_>>();
        let mut q = ListQuery::default();
        assert_eq!(ids(&q, 10), ["9", "1", "2", "0"]);
        assert_eq!(ids(&q, 1), ["9", "1"], "one more than the page says that another follows");
        q.after = cursor("b", "1");
        assert_eq!(ids(&q, 10), ["2", "0"], "the tie at b is broken by id, so nothing is skipped");
        let mut d = ListQuery { desc: true, ..Default::default() };
        assert_eq!(ids(&d, 10), ["0", "2", "1", "9"]);
        d.after = cursor("b", "2");
        assert_eq!(ids(&d, 10), ["1", "9"]);
    }

    #[test]
    fn newest_first_counts_every_hit_and_pages_after_the_cursor() {
        let all: Vec<(String, String)> = [("2026-03", "c"), ("2026-02", "b"), ("2026-02", "a"), ("2026-01", "z")]
            .map(|(k, id)| (k.into(), id.into()))
            .into();
        let page = |q: &ListQuery| newest_first(&all, q, 1, |r| r.1 != "z", |r| (r.0.as_str(), r.1.as_str()));
        let (total, first) = page(&ListQuery::default());
        assert_eq!((total, first), (3, vec![&all[0], &all[1]]));
        let (total, rest) = page(&ListQuery { after: cursor("2026-02", "b"), ..ListQuery::default() });
        assert_eq!((total, rest), (3, vec![&all[2]]));
    }

    #[test]
    fn an_export_carries_the_lists_filters_after_its_own_parameters() {
        let q = ListQuery::from_params([("q", "Lyon"), ("kind", "focus_group"), ("after", "k~id")], &["kind"]);
        assert_eq!(
            q.export_href("/programmes/p/export/activities?round=r", "csv"),
            "/programmes/p/export/activities?round=r&q=Lyon&kind=focus_group&format=csv"
        );
        assert_eq!(
            q.export_href("/programmes/p/export/people", "xlsx"),
            "/programmes/p/export/people?q=Lyon&kind=focus_group&format=xlsx"
        );
        let none = ListQuery::default();
        assert_eq!(none.export_href("/x?round=r", "csv"), "/x?round=r&format=csv");
        assert_eq!(none.export_href("/x", "csv"), "/x?format=csv");
    }

    #[test]
    fn a_query_survives_its_url() {
        let q = ListQuery::from_params(
            [
                ("q", " Lyon "),
                ("role", "official"),
                ("sort", "email"),
                ("dir", "desc"),
                ("after", "a b~x1"),
                ("evil", "1"),
            ],
            &["role"],
        );
        assert_eq!(q.q, "Lyon");
        assert_eq!(q.filter("role"), Some("official"));
        assert!(q.desc);
        assert_eq!(q.cursor(), Some(("a b".into(), "x1".into())));
        assert!(!q.filters.contains_key("evil"));
        let href = q.href("/p");
        assert_eq!(href, "/p?q=Lyon&role=official&sort=email&dir=desc&after=a%20b~x1");
        let parsed: Vec<(String, String)> = href
            .split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|kv| kv.split_once('=').unwrap())
            .map(|(k, v)| (k.to_string(), decode(v)))
            .collect();
        let again = ListQuery::from_params(parsed.iter().map(|(k, v)| (k.as_str(), v.as_str())), &["role"]);
        assert_eq!(again, q);
        assert!(!q.sorted_by("email", "email").desc, "clicking the sorted column reverses it");
        assert!(q.sorted_by("name", "email").after.is_empty(), "a new sort starts on the first page");
    }

    fn decode(s: &str) -> String {
        let b = s.as_bytes();
        let mut out = vec![];
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_page_knows_whether_another_follows() {
        let rows = vec![("a", "1"), ("b", "2"), ("c", "3")];
        let page = Page::from_rows(rows.clone(), 3, 2, "name", false, |r| (r.0.into(), r.1.into()), |r| r.0);
        assert_eq!(page.rows, vec!["a", "b"]);
        assert_eq!(page.next.as_deref(), Some("b~2"));
        let last = Page::from_rows(rows, 3, 3, "name", false, |r| (r.0.into(), r.1.into()), |r| r.0);
        assert_eq!(last.next, None);
    }
}
