//! Resource data as a page sends it to the browser for hydration: without the fields the page writes
//! only as inert markup (`components::inert`).
//!
//! Hydration takes an inert element as the server wrote it and never reads its content, so the data
//! it was written from need not travel twice, once as markup and once, escaped, in the page's
//! hydration script (a programme's work packages were 7 of the overview's 8 KB of that script, and
//! serialising and escaping them a sixth of the page's work). A field marked
//! `#[serde(default, skip_serializing_if = "crate::wire::hydration::inert")]` is left out while a
//! page's data is encoded for hydration ([`encode`], the codec of `components::data`), and only then:
//! a server function's answer, which the browser renders from when it navigates or refetches, keeps
//! it. Mark only a field whose every use is inside an inert element's content, so that the view
//! hydrated from the lean data has the same shape as the one the server wrote. A list whose rows
//! are one inert `<tbody>` keeps its count, cursor and sort and leaves out its rows with
//! `#[serde(serialize_with = "crate::wire::hydration::rows_inert")]`.
use crate::domain::list::Page;
use serde::{Serialize, Serializer};
use std::cell::Cell;

thread_local! {
    static ENCODING: Cell<bool> = const { Cell::new(false) };
}

/// `skip_serializing_if` of an inert-only field: true while encoding for hydration.
pub fn inert<T>(_: &T) -> bool {
    ENCODING.with(Cell::get)
}

/// A list's page, without its rows while encoding for hydration.
pub fn rows_inert<T: Serialize, S: Serializer>(page: &Page<T>, s: S) -> Result<S::Ok, S::Error> {
    if !ENCODING.with(Cell::get) {
        return page.serialize(s);
    }
    // `Page`'s fields, the rows empty: deserialised as a `Page` with no rows.
    #[derive(Serialize)]
    struct Lean<'a> {
        rows: [(); 0],
        total: u64,
        next: &'a Option<String>,
        sort: &'a str,
        desc: bool,
    }
    Lean { rows: [], total: page.total, next: &page.next, sort: &page.sort, desc: page.desc }.serialize(s)
}

/// `value` as JSON without its inert-only fields.
pub fn encode<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            ENCODING.with(|e| e.set(self.0));
        }
    }
    let _reset = Reset(ENCODING.with(|e| e.replace(true)));
    serde_json::to_string(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Records {
        total: u32,
        #[serde(default, skip_serializing_if = "crate::wire::hydration::inert")]
        rows: Vec<String>,
    }

    #[test]
    fn inert_fields_are_left_out_for_hydration_only() {
        let page = Records { total: 2, rows: vec!["a".into(), "b".into()] };
        assert_eq!(encode(&page).unwrap(), r#"{"total":2}"#);
        assert_eq!(serde_json::to_string(&page).unwrap(), r#"{"total":2,"rows":["a","b"]}"#);
        let lean: Records = serde_json::from_str(&encode(&page).unwrap()).unwrap();
        assert_eq!(lean, Records { total: 2, rows: vec![] });
        // Nested in what a resource holds, and the flag reset after.
        let wrapped: Result<Records, String> = Ok(page);
        assert_eq!(encode(&wrapped).unwrap(), r#"{"Ok":{"total":2}}"#);
        assert!(!inert(&()));
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Listed {
        #[serde(serialize_with = "crate::wire::hydration::rows_inert")]
        page: Page<String>,
    }

    #[test]
    fn a_list_keeps_all_but_its_rows_for_hydration() {
        let page =
            Page { rows: vec!["a".to_string()], total: 40, next: Some("c".into()), sort: "name".into(), desc: true };
        let listed = Listed { page: page.clone() };
        let lean: Listed = serde_json::from_str(&encode(&listed).unwrap()).unwrap();
        assert_eq!(lean.page, Page { rows: vec![], ..page.clone() });
        let full: Listed = serde_json::from_str(&serde_json::to_string(&listed).unwrap()).unwrap();
        assert_eq!(full.page, page);
    }
}
