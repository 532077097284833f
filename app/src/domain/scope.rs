use serde::{Deserialize, Serialize};

/// Where a record sits: every scoped record (jurisdiction, organisation, and later inputs, KPI values,
/// pilot actions) carries one, and authorization compares it with the actor's membership.
///
/// `jurisdiction_path` is the materialised path of the record's jurisdiction, codes joined by `/` with
/// a leading and trailing slash (`/FR/FR-ARA/FR-ARA-LYN/`), so "inside a subtree" is a prefix test.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub programme: String,
    pub jurisdiction_path: Option<String>,
    pub organisation: Option<String>,
}

impl Scope {
    pub fn programme(id: impl Into<String>) -> Self {
        Scope { programme: id.into(), ..Default::default() }
    }
}

/// Whether `path` lies in the subtree rooted at `root` (a node is in its own subtree).
pub fn in_subtree(root: &str, path: &str) -> bool {
    root.ends_with('/') && path.starts_with(root)
}

/// Builds the materialised path of a child from its parent's path.
pub fn child_path(parent: Option<&str>, code: &str) -> String {
    format!("{}{code}/", parent.unwrap_or("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn subtree_is_by_whole_segments() {
        let region = child_path(Some(&child_path(None, "XA")), "XA-N");
        let town = child_path(Some(&region), "XA-N-01");
        assert!(in_subtree(&region, &town));
        assert!(in_subtree(&region, &region));
        // A sibling whose code starts with the same letters is not inside.
        assert!(!in_subtree(&region, &child_path(Some("/XA/"), "XA-NE")));
        assert!(!in_subtree(&town, &region));
    }

    proptest! {
        #[test]
        fn every_descendant_is_in_every_ancestor(codes in proptest::collection::vec("[A-Z0-9-]{1,6}", 1..6)) {
            let mut paths = vec![];
            let mut parent: Option<String> = None;
            for c in &codes {
                let p = child_path(parent.as_deref(), c);
                paths.push(p.clone());
                parent = Some(p);
            }
            for (i, a) in paths.iter().enumerate() {
                for (j, b) in paths.iter().enumerate() {
                    prop_assert_eq!(in_subtree(a, b), j >= i);
                }
            }
        }
    }
}
