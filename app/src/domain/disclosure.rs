//! Disclosure control: the one function every number derived from anonymous feedback passes through,
//! on any page, chart, export or API answer.
//!
//! The figures of a round describe one population (its anonymous submissions, `total` of them) split
//! in several ways: by attribute, by the answer to a single-choice question, and so on. A split is
//! *additive* when each submission falls in exactly one cell (a "no answer" cell included), so its
//! cells add up to the total; counts of a multiple-choice question or of themes are not additive.
//!
//! - A cell from 1 to [`K`]` - 1` is shown as "fewer than K" (primary suppression); so is the total.
//! - In an additive split whose total is shown, the hidden cells together hold at least `K`: more
//!   cells are hidden, the smallest first, until they do (complementary suppression). Subtracting the
//!   shown cells from the total then only says that the hidden ones share `K` or more, so each of them
//!   could be anything from 0 to that sum.
//! - Different splits of the same population share only the total, so no other table of the round
//!   narrows a hidden cell further.
use serde::{Deserialize, Serialize};

/// The smallest count shown. A constant: no setting lowers it.
pub const K: u64 = 10;

/// A count as it may be published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shown {
    Count(u64),
    /// From 1 to K − 1.
    FewerThanK,
    /// Hidden so that a small cell cannot be worked out from the others.
    Hidden,
}

impl Shown {
    pub fn is_shown(self) -> bool {
        matches!(self, Shown::Count(_))
    }
    pub fn count(self) -> Option<u64> {
        match self {
            Shown::Count(n) => Some(n),
            _ => None,
        }
    }
}

/// One way of splitting the population into counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub cells: Vec<u64>,
    /// Every submission is in exactly one cell (the cells add up to the total).
    pub additive: bool,
}

/// The published figures: the total, and each split's cells in the order given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosed {
    pub total: Shown,
    pub splits: Vec<Vec<Shown>>,
}

fn primary(n: u64) -> Shown {
    if n > 0 && n < K {
        Shown::FewerThanK
    } else {
        Shown::Count(n)
    }
}

/// Applies disclosure control to a population of `total` submissions and its splits.
pub fn disclose(total: u64, splits: &[Split]) -> Disclosed {
    let total_shown = primary(total);
    let splits = splits
        .iter()
        .map(|split| {
            let mut shown: Vec<Shown> = split.cells.iter().map(|&n| primary(n)).collect();
            if split.additive && total_shown.is_shown() {
                loop {
                    let hidden: u64 =
                        split.cells.iter().zip(&shown).filter(|(_, s)| !s.is_shown()).map(|(n, _)| n).sum();
                    let any_hidden = shown.iter().any(|s| !s.is_shown());
                    if !any_hidden || hidden >= K {
                        break;
                    }
                    let next = split
                        .cells
                        .iter()
                        .enumerate()
                        .filter(|(i, &n)| n > 0 && shown[*i].is_shown())
                        .min_by_key(|(_, &n)| n)
                        .map(|(i, _)| i);
                    match next {
                        Some(i) => shown[i] = Shown::Hidden,
                        // Cannot happen when the cells add up to a total of K or more; hide it all.
                        None => {
                            shown.iter_mut().for_each(|s| *s = Shown::Hidden);
                            break;
                        }
                    }
                }
            }
            shown
        })
        .collect();
    Disclosed { total: total_shown, splits }
}

/// A lone count (with no split), as it may be published.
pub fn disclose_count(n: u64) -> Shown {
    disclose(n, &[]).total
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn small_cells_are_fewer_than_k_and_a_lone_small_cell_takes_a_partner() {
        let d = disclose(40, &[Split { cells: vec![3, 25, 12, 0], additive: true }]);
        assert_eq!(d.total, Shown::Count(40));
        // 3 alone could be recovered as 40 − 25 − 12 − 0: the next smallest (12) is hidden too.
        assert_eq!(d.splits[0], vec![Shown::FewerThanK, Shown::Count(25), Shown::Hidden, Shown::Count(0)]);
    }

    #[test]
    fn a_small_total_hides_every_non_zero_cell() {
        let d = disclose(7, &[Split { cells: vec![7, 0], additive: true }]);
        assert_eq!(d.total, Shown::FewerThanK);
        assert_eq!(d.splits[0], vec![Shown::FewerThanK, Shown::Count(0)]);
    }

    #[test]
    fn non_additive_splits_only_hide_small_cells() {
        let d = disclose(30, &[Split { cells: vec![4, 30, 12], additive: false }]);
        assert_eq!(d.splits[0], vec![Shown::FewerThanK, Shown::Count(30), Shown::Count(12)]);
    }

    #[test]
    fn k_is_ten() {
        assert_eq!(K, 10);
        assert_eq!(disclose_count(9), Shown::FewerThanK);
        assert_eq!(disclose_count(10), Shown::Count(10));
        assert_eq!(disclose_count(0), Shown::Count(0));
    }

    /// A population of `total` and several additive splits of it (each a random partition), plus a
    /// non-additive one.
    fn population() -> impl Strategy<Value = (u64, Vec<Split>)> {
        (0u64..80).prop_flat_map(|total| {
            let partition = (1usize..7).prop_flat_map(move |n| {
                proptest::collection::vec(0u64..=total, n.saturating_sub(1)).prop_map(move |mut cuts| {
                    cuts.push(0);
                    cuts.push(total);
                    cuts.sort_unstable();
                    Split { cells: cuts.windows(2).map(|w| w[1] - w[0]).collect(), additive: true }
                })
            });
            let multi =
                proptest::collection::vec(0u64..=total, 0..5).prop_map(|cells| Split { cells, additive: false });
            (Just(total), proptest::collection::vec(partition, 1..5), multi).prop_map(|(t, mut splits, m)| {
                splits.push(m);
                (t, splits)
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// No published cell lies in 1–9.
        #[test]
        fn no_published_cell_is_small((total, splits) in population()) {
            let d = disclose(total, &splits);
            for s in std::iter::once(d.total).chain(d.splits.iter().flatten().copied()) {
                if let Shown::Count(n) = s {
                    prop_assert!(n == 0 || n >= K, "published {n}");
                }
            }
        }

        /// Given everything published, each hidden cell of an additive split could be anything in a
        /// range at least K wide: with the total shown, the hidden cells add up to the total minus the
        /// shown cells, and each of them could hold from 0 to all of it; with the total hidden, nothing
        /// bounds them. Other splits share only the total, so they narrow nothing.
        #[test]
        fn no_hidden_cell_can_be_narrowed_below_k((total, splits) in population()) {
            let d = disclose(total, &splits);
            for (split, shown) in splits.iter().zip(&d.splits) {
                prop_assert_eq!(split.cells.len(), shown.len());
                if !split.additive || !shown.iter().any(|s| !s.is_shown()) {
                    continue;
                }
                if let Shown::Count(t) = d.total {
                    let published: u64 = shown.iter().filter_map(|s| s.count()).sum();
                    let width = t - published;
                    prop_assert!(width >= K, "hidden cells of {:?} could only span {width}", split.cells);
                }
            }
        }

        /// The counts shown are the true counts.
        #[test]
        fn shown_counts_are_true((total, splits) in population()) {
            let d = disclose(total, &splits);
            for (split, shown) in splits.iter().zip(&d.splits) {
                for (n, s) in split.cells.iter().zip(shown) {
                    if let Shown::Count(c) = s { prop_assert_eq!(c, n); }
                }
            }
        }
    }
}
