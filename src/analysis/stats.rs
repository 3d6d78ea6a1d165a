//! Small statistics the pattern rules need and polars does not carry: a one-sided Fisher exact
//! test on a 2×2 table, and app-version order.

use std::cmp::Ordering;

/// One-sided Fisher exact test: the probability, if failures fell on both groups alike, that
/// group A would get at least `k_a` of the `k_a + k_b` failures, given `n_a` and `n_b` trials.
/// Returns 1.0 for degenerate tables.
pub fn fisher_greater(k_a: u64, n_a: u64, k_b: u64, n_b: u64) -> f64 {
    if k_a > n_a || k_b > n_b {
        return 1.0;
    }
    let (n, k, draws) = (n_a + n_b, k_a + k_b, n_a);
    let total = ln_choose(n, draws);
    let top = k.min(draws);
    let p: f64 = (k_a..=top)
        .filter(|&x| draws - x <= n - k)
        .map(|x| (ln_choose(k, x) + ln_choose(n - k, draws - x) - total).exp())
        .sum();
    p.min(1.0)
}

/// `p < 0.001` or `p = 0.004`, as messages print it.
pub fn p_text(p: f64) -> String {
    if p < 0.001 { "p < 0.001".to_string() } else { format!("p = {p:.3}") }
}

fn ln_choose(n: u64, k: u64) -> f64 {
    ln_factorial(n) - ln_factorial(k) - ln_factorial(n - k)
}

/// ln(n!) exactly by summation for small n, by Stirling's series beyond (error < 1e-10).
fn ln_factorial(n: u64) -> f64 {
    if n < 256 {
        return (2..=n).map(|i| (i as f64).ln()).sum();
    }
    let x = n as f64;
    x * x.ln() - x + 0.5 * (2.0 * std::f64::consts::PI * x).ln() + 1.0 / (12.0 * x) - 1.0 / (360.0 * x.powi(3))
}

/// An app version in numbers, `v8.0.50` → `8.0.50`; `None` for `beta`, `8..0` or `""`, which
/// have no place on the scale.
pub fn numeric_version(raw: &str) -> Option<String> {
    let parts: Option<Vec<u64>> =
        raw.trim().trim_start_matches(['v', 'V']).split('.').map(|p| p.parse::<u64>().ok()).collect();
    let parts = parts.filter(|p| !p.is_empty())?;
    Some(parts.iter().map(u64::to_string).collect::<Vec<_>>().join("."))
}

/// Orders app versions by their numeric dot components (`8.0.9` < `8.0.50`); text that is not
/// a number compares as text.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let parts = |v: &str| -> Vec<Result<u64, String>> {
        v.trim_start_matches(['v', 'V'])
            .split(['.', '-', '_'])
            .map(|p| p.parse::<u64>().map_err(|_| p.to_string()))
            .collect()
    };
    let (pa, pb) = (parts(a), parts(b));
    for (x, y) in pa.iter().zip(&pb) {
        let order = match (x, y) {
            (Ok(x), Ok(y)) => x.cmp(y),
            (Ok(_), Err(_)) => Ordering::Greater,
            (Err(_), Ok(_)) => Ordering::Less,
            (Err(x), Err(y)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    pa.len().cmp(&pb.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fisher_matches_known_values() {
        // Lady tasting tea: 3 of 4 right in each group of 4 → one-sided p = 17/70.
        assert!((fisher_greater(3, 4, 1, 4) - 17.0 / 70.0).abs() < 1e-12);
        // All four in A: 1/70.
        assert!((fisher_greater(4, 4, 0, 4) - 1.0 / 70.0).abs() < 1e-12);
        // At least zero is certain.
        assert!((fisher_greater(0, 10, 3, 10) - 1.0).abs() < 1e-12);
        assert!(fisher_greater(14, 41, 1, 96) < 0.001);
        assert!(fisher_greater(2, 41, 3, 96) > 0.05);
        // Large tables go through Stirling's series and stay probabilities.
        let p = fisher_greater(300, 1000, 200, 1000);
        assert!(p > 0.0 && p < 1e-6, "{p}");
    }

    #[test]
    fn stirling_agrees_with_summation() {
        let summed: f64 = (2..=300u64).map(|i| (i as f64).ln()).sum();
        assert!((ln_factorial(300) - summed).abs() < 1e-8);
    }

    #[test]
    fn versions_are_numbers_or_nothing() {
        assert_eq!(numeric_version("v8.0.50").as_deref(), Some("8.0.50"));
        assert_eq!(numeric_version(" 10.06.2 ").as_deref(), Some("10.6.2"));
        for bad in ["beta", "8..0", "", "8.0-rc1"] {
            assert_eq!(numeric_version(bad), None, "{bad}");
        }
    }

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(compare_versions("8.0.9", "8.0.50"), Ordering::Less);
        assert_eq!(compare_versions("10.6.20", "9.9.9"), Ordering::Greater);
        assert_eq!(compare_versions("8.0", "8.0.1"), Ordering::Less);
        assert_eq!(compare_versions("v8.1", "8.1"), Ordering::Equal);
    }
}
