//! The simulator's seeded randomness: one `StdRng` per run and the draws the household needs.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rust_decimal::Decimal;

/// Seeded draws; the same seed gives the same sequence, so the same files.
pub struct Rand(StdRng);

impl Rand {
    pub fn new(seed: u64) -> Rand {
        Rand(StdRng::seed_from_u64(seed))
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.0.random::<f64>()
    }

    /// Uniform integer in [lo, hi] (hi >= lo).
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo { lo } else { self.0.random_range(lo..=hi) }
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One of `items`, uniformly; `None` (and no draw) when there are none.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        let last = items.len().checked_sub(1)?;
        items.get(self.int(0, last as i64) as usize).copied()
    }

    /// A Poisson count with mean `lambda` (Knuth for small means, normal approximation above 30).
    pub fn poisson(&mut self, lambda: f64) -> u32 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda > 30.0 {
            let (u1, u2) = (self.unit().max(1e-12), self.unit());
            let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
            return (lambda + z * lambda.sqrt()).round().max(0.0) as u32;
        }
        let limit = (-lambda).exp();
        let (mut k, mut p) = (0, self.unit());
        while p > limit {
            k += 1;
            p *= self.unit();
        }
        k
    }

    /// An amount in yuan, uniform between `lo` and `hi` (in cents).
    pub fn cents(&mut self, lo: i64, hi: i64) -> Decimal {
        Decimal::new(self.int(lo, hi), 2)
    }

    /// `n` random decimal digits.
    pub fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.int(0, 9) as u8)).collect()
    }
}
