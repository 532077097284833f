//! The multilevel hub's arithmetic: interactions disaggregated for WP2.K3 (between levels of
//! administration) and WP2.K4 (between public and private stakeholders), each as a count and a mean
//! quality.
use serde::{Deserialize, Serialize};

pub const INTERACTION_KINDS: [&str; 5] = ["meeting", "exchange", "joint_action", "consultation", "referral"];

/// One line of a KPI breakdown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiLine {
    /// The disaggregation key, e.g. `national–regional` or `public–private`.
    pub key: String,
    pub count: u32,
    /// Mean quality rating (1–5), to one decimal, for indicators that rate (WP2.K3/K4).
    pub mean_quality: Option<f64>,
}

/// The two levels of a pair in a stable order (national, regional, local, unknown).
pub fn level_pair(a: Option<&str>, b: Option<&str>) -> String {
    let rank = |l: Option<&str>| match l {
        Some("national") => 0,
        Some("regional") => 1,
        Some("local") => 2,
        _ => 3,
    };
    let name =
        |l: Option<&str>| l.filter(|l| ["national", "regional", "local"].contains(l)).unwrap_or("unknown").to_string();
    let (x, y) = if rank(a) <= rank(b) { (a, b) } else { (b, a) };
    format!("{}–{}", name(x), name(y))
}

pub fn sector_pair(a_public: bool, b_public: bool) -> &'static str {
    match (a_public, b_public) {
        (true, true) => "public–public",
        (false, false) => "private–private",
        _ => "public–private",
    }
}

/// Counts and mean qualities per key, sorted by key, and the overall line (key `all`).
pub fn breakdown(items: impl IntoIterator<Item = (String, i64)>) -> (Vec<KpiLine>, KpiLine) {
    let mut acc: std::collections::BTreeMap<String, (u32, i64)> = std::collections::BTreeMap::new();
    let (mut n, mut sum) = (0u32, 0i64);
    for (key, q) in items {
        let e = acc.entry(key).or_default();
        e.0 += 1;
        e.1 += q;
        n += 1;
        sum += q;
    }
    let mean = |c: u32, s: i64| if c == 0 { 0.0 } else { (s as f64 / c as f64 * 10.0).round() / 10.0 };
    let lines =
        acc.into_iter().map(|(key, (c, s))| KpiLine { key, count: c, mean_quality: Some(mean(c, s)) }).collect();
    (lines, KpiLine { key: "all".into(), count: n, mean_quality: Some(mean(n, sum)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_ordered_and_means_rounded() {
        assert_eq!(level_pair(Some("local"), Some("national")), "national–local");
        assert_eq!(level_pair(None, Some("regional")), "regional–unknown");
        assert_eq!(sector_pair(false, true), "public–private");
        let (lines, all) = breakdown([("a".to_string(), 5), ("b".to_string(), 2), ("a".to_string(), 4)]);
        assert_eq!(
            lines,
            [
                KpiLine { key: "a".into(), count: 2, mean_quality: Some(4.5) },
                KpiLine { key: "b".into(), count: 1, mean_quality: Some(2.0) }
            ]
        );
        assert_eq!((all.count, all.mean_quality), (3, Some(3.7)));
        assert_eq!(breakdown(Vec::<(String, i64)>::new()).1.count, 0);
    }
}
