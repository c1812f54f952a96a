//! Two sums the optimiser treats differently: integers it may add in any
//! order, floats it must add in the order written, and the float sum
//! rewritten so that the order it may use is the order written.

// ANCHOR: integers
/// Wrapping integer addition is associative: any grouping gives the same
/// sum, so the optimiser may keep several partial sums in vector registers.
#[inline(never)]
pub fn sum_u32(values: &[u32]) -> u32 {
    values.iter().fold(0, |sum, &value| sum.wrapping_add(value))
}
// ANCHOR_END: integers

// ANCHOR: in_order
/// Floating-point addition rounds after every step, so a different grouping
/// can give a different sum. Rust has no flag that lets the optimiser
/// regroup, so it adds in order: one chain of additions, each waiting for
/// the one before.
#[inline(never)]
pub fn sum_f32_in_order(values: &[f32]) -> f32 {
    values.iter().sum()
}
// ANCHOR_END: in_order

// ANCHOR: lanes
/// Independent partial sums, one per lane.
const LANES: usize = 16;

/// The sum regrouped in the source: lane `j` adds elements `j`, `j + 16`,
/// `j + 32`..., in order; the lanes and the leftover elements are added at
/// the end. Each lane is its own chain, so the optimiser may keep the lanes
/// in vector registers and add several elements at once. The result can
/// differ from the in-order sum by rounding: that is why the optimiser may
/// not do this on its own.
#[inline(never)]
pub fn sum_f32_lanes(values: &[f32]) -> f32 {
    let mut lanes = [0.0f32; LANES];
    let chunks = values.chunks_exact(LANES);
    let remainder = chunks.remainder();
    for chunk in chunks {
        for (lane, &value) in lanes.iter_mut().zip(chunk) {
            *lane += value;
        }
    }
    let mut sum = 0.0;
    for lane in lanes {
        sum += lane;
    }
    for &value in remainder {
        sum += value;
    }
    sum
}
// ANCHOR_END: lanes

#[cfg(test)]
mod tests {
    use super::*;

    const LENGTHS: [usize; 14] = [0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 1000, 1027];

    /// Floats in [0, 1) from a fixed sequence (xorshift32), the same on
    /// every run.
    fn unit_floats(len: usize) -> Vec<f32> {
        let mut state = 0x1234_5678u32;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                // 24 random bits: exactly representable, below 1.
                (state >> 8) as f32 / (1 << 24) as f32
            })
            .collect()
    }

    #[test]
    fn the_integer_sum_is_exact() {
        for len in LENGTHS {
            let values: Vec<u32> = (0..len as u32).collect();
            let expected = (len * len.saturating_sub(1) / 2) as u32;
            assert_eq!(sum_u32(&values), expected, "len = {len}");
        }
    }

    #[test]
    fn the_integer_sum_wraps() {
        assert_eq!(sum_u32(&[u32::MAX, 2]), 1);
        let values = vec![u32::MAX; 1000];
        // 1000 × (2^32 - 1) = -1000 modulo 2^32.
        assert_eq!(sum_u32(&values), 1000u32.wrapping_neg());
    }

    #[test]
    fn whole_number_sums_are_exact_in_any_order() {
        // Every partial sum is a whole number below 2^24, which an f32
        // holds exactly: no addition rounds, so the order cannot matter.
        for len in LENGTHS {
            let values: Vec<f32> = (0..len).map(|i| (i % 100) as f32).collect();
            let expected: u32 = (0..len).map(|i| (i % 100) as u32).sum();
            assert_eq!(sum_f32_in_order(&values), expected as f32, "len = {len}");
            assert_eq!(sum_f32_lanes(&values), expected as f32, "len = {len}");
        }
    }

    #[test]
    fn both_float_sums_are_close_to_the_exact_sum() {
        let values = unit_floats(10_000);
        // In f64 these 10,000 values sum exactly: each has 24 significant
        // bits at most, and the total stays far below 2^29.
        let exact: f64 = values.iter().map(|&value| f64::from(value)).sum();
        let in_order = f64::from(sum_f32_in_order(&values));
        let lanes = f64::from(sum_f32_lanes(&values));
        assert!(
            (in_order - exact).abs() / exact < 1e-5,
            "{in_order} vs {exact}"
        );
        assert!((lanes - exact).abs() / exact < 1e-5, "{lanes} vs {exact}");
        assert!((lanes - in_order).abs() / in_order < 1e-5);
    }

    #[test]
    fn the_two_orders_round_differently() {
        // 1e8 then 1599 ones; the exact sum is 100,001,599. An f32 near 1e8
        // is a multiple of 8, so 1e8 + 1 rounds back to 1e8: the in-order
        // sum loses every one. In the lanes, the 1500 ones outside lane 0
        // first add up exactly, 100 per lane, and only then meet 1e8: each
        // 100 rounds to 96 (a tie between 96 and 104, which goes to the even
        // multiple of 8), so the lanes give 1e8 + 15 × 96.
        let mut values = vec![1.0f32; 1600];
        values[0] = 1e8;
        let in_order = sum_f32_in_order(&values);
        let lanes = sum_f32_lanes(&values);
        assert_eq!(in_order, 1e8);
        assert_ne!(lanes, in_order);
        assert_eq!(lanes, 100_001_440.0);
    }

    #[test]
    fn leftover_elements_are_added() {
        for len in LENGTHS {
            // Only the last element is non-zero: it is in the remainder
            // whenever len is not a multiple of 16.
            let mut values = vec![0.0f32; len];
            if let Some(last) = values.last_mut() {
                *last = 5.0;
            }
            let expected = if len == 0 { 0.0 } else { 5.0 };
            assert_eq!(sum_f32_lanes(&values), expected, "len = {len}");
        }
    }
}
