//! [`Number`]: the numbers generated fields hold, compared with the spec's limits without
//! losing precision.

use std::fmt;

/// A number generated fields hold (`i32`, `i64`, `f32`, `f64`), compared with the spec's
/// limits without losing precision: integers exactly, `f32` at its own precision.
pub trait Number: Copy + fmt::Display {
    /// How the value compares with `limit`; `None` when `limit` is not a number.
    fn compare(self, limit: f64) -> Option<std::cmp::Ordering>;

    /// Whether the value is a whole multiple of `step` (a positive number).
    fn is_multiple_of(self, step: f64) -> bool;
}

impl Number for i64 {
    #[inline]
    fn compare(self, limit: f64) -> Option<std::cmp::Ordering> {
        use std::cmp::Ordering;
        if limit.is_nan() {
            return None;
        }
        // 2^63: every i64 is below it, and every f64 below it and at least -2^63 fits an i64
        // once floored.
        const TWO_63: f64 = 9_223_372_036_854_775_808.0;
        if limit >= TWO_63 {
            return Some(Ordering::Less);
        }
        if limit < -TWO_63 {
            return Some(Ordering::Greater);
        }
        // Casts rather than `floor`, which is a library call on baseline x86-64.
        let whole = limit as i64;
        Some(match self.cmp(&whole) {
            // The limit has a fraction: `self` is on the side of `whole` the fraction is not.
            Ordering::Equal if (whole as f64) < limit => Ordering::Less,
            Ordering::Equal if (whole as f64) > limit => Ordering::Greater,
            ordering => ordering,
        })
    }

    #[inline]
    fn is_multiple_of(self, step: f64) -> bool {
        let whole = step as i64;
        if whole as f64 == step && whole != 0 {
            return i128::from(self) % i128::from(whole) == 0;
        }
        multiple_of_f64(self as f64, step, 1e-9)
    }
}

impl Number for i32 {
    #[inline]
    fn compare(self, limit: f64) -> Option<std::cmp::Ordering> {
        i64::from(self).compare(limit)
    }

    fn is_multiple_of(self, step: f64) -> bool {
        i64::from(self).is_multiple_of(step)
    }
}

impl Number for f64 {
    #[inline]
    fn compare(self, limit: f64) -> Option<std::cmp::Ordering> {
        self.partial_cmp(&limit)
    }

    fn is_multiple_of(self, step: f64) -> bool {
        multiple_of_f64(self, step, 1e-9)
    }
}

impl Number for f32 {
    #[inline]
    fn compare(self, limit: f64) -> Option<std::cmp::Ordering> {
        // A limit of 0.1 is the f32 0.1 for an f32 value: compare at the value's precision.
        self.partial_cmp(&(limit as f32))
    }

    fn is_multiple_of(self, step: f64) -> bool {
        multiple_of_f64(f64::from(self), f64::from(step as f32), 1e-5)
    }
}

/// Whether `value / step` is a whole number, allowing for the rounding of decimal fractions in
/// binary (`0.3` is a multiple of `0.1`) with a relative `tolerance`.
fn multiple_of_f64(value: f64, step: f64, tolerance: f64) -> bool {
    if step == 0.0 || !step.is_finite() || !value.is_finite() {
        return false;
    }
    let quotient = value / step;
    if !quotient.is_finite() {
        return false;
    }
    // Every float this large is whole.
    if quotient.abs() >= 4_503_599_627_370_496.0 {
        return true;
    }
    // Casts rather than `round`, which is a library call on baseline x86-64.
    let fraction = (quotient - quotient as i64 as f64).abs();
    fraction.min(1.0 - fraction) <= tolerance * quotient.abs().max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_exactly() {
        use std::cmp::Ordering::{Equal, Greater, Less};
        assert_eq!(
            9_007_199_254_740_993_i64.compare(9_007_199_254_740_992.0),
            Some(Greater)
        );
        assert_eq!(i64::MAX.compare(9.3e18), Some(Less));
        assert_eq!(i64::MIN.compare(-9.3e18), Some(Greater));
        assert_eq!(3_i64.compare(2.5), Some(Greater));
        assert_eq!(2_i64.compare(2.5), Some(Less));
        assert_eq!(2_i32.compare(2.0), Some(Equal));
        assert_eq!(0.1_f32.compare(0.1), Some(Equal));
        assert_eq!(1_i64.compare(f64::NAN), None);
        assert!(15_i64.is_multiple_of(5.0) && !16_i64.is_multiple_of(5.0));
        assert!(i64::MIN.is_multiple_of(-1.0) && 3_i64.is_multiple_of(0.5));
        assert!(0.3_f64.is_multiple_of(0.1) && 1234.56_f64.is_multiple_of(0.01));
        assert!(!0.35_f64.is_multiple_of(0.1) && !f64::INFINITY.is_multiple_of(1.0));
        assert!(0.3_f32.is_multiple_of(0.1) && !0.35_f32.is_multiple_of(0.1));
    }
}
