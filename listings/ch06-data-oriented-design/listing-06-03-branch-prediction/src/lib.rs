//! A branch the predictor can learn or cannot, depending only on the order
//! of the data, and two ways to do the same work without it.

// ANCHOR: branchy
/// Copies into `kept` the values of at least `threshold`, in order. The
/// `if` stays a conditional jump in the compiled loop, because its body is
/// a push (a store, a length update and a capacity check) that cannot be
/// turned into a select. On sorted values the jump goes one way and then
/// the other, and the predictor learns it; on shuffled values it guesses
/// wrong about half the time.
#[inline(never)]
pub fn keep_at_least_branchy(values: &[u32], threshold: u32, kept: &mut Vec<u32>) {
    kept.clear();
    for &value in values {
        if value >= threshold {
            kept.push(value);
        }
    }
}
// ANCHOR_END: branchy

// ANCHOR: branchless
/// The same result with no jump on the comparison: write every value to
/// the next free slot, then move past it only if it is kept, by adding the
/// comparison's 0 or 1. Every value costs a store, and the loop does the
/// same thing whatever the data.
#[inline(never)]
pub fn keep_at_least_branchless(values: &[u32], threshold: u32, kept: &mut Vec<u32>) {
    kept.clear();
    kept.resize(values.len(), 0);
    let mut next = 0;
    for &value in values {
        kept[next] = value;
        next += usize::from(value >= threshold);
    }
    kept.truncate(next);
}
// ANCHOR_END: branchless

// ANCHOR: counted
/// Counting needs no store at all: the optimiser turns the comparisons
/// into masks and adds them up in vector registers, several values per
/// instruction, with no jump that depends on the data.
#[inline(never)]
pub fn count_at_least(values: &[u32], threshold: u32) -> usize {
    values.iter().filter(|&&value| value >= threshold).count()
}
// ANCHOR_END: counted

/// `n` values spread evenly over 0 to 255, the same for the same `seed`
/// (SplitMix64, inline: no crate needed for test data).
pub fn random_values(n: usize, seed: u64) -> Vec<u32> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            ((z ^ (z >> 31)) >> 56) as u32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    type Filter = fn(&[u32], u32, &mut Vec<u32>);
    const FILTERS: [(&str, Filter); 2] = [
        ("branchy", keep_at_least_branchy),
        ("branchless", keep_at_least_branchless),
    ];
    const LENGTHS: [usize; 13] = [0, 1, 3, 4, 7, 8, 15, 16, 17, 33, 1000, 4099, 32_768];
    const THRESHOLDS: [u32; 7] = [0, 1, 127, 128, 255, 256, u32::MAX];

    fn reference(values: &[u32], threshold: u32) -> Vec<u32> {
        values.iter().copied().filter(|&v| v >= threshold).collect()
    }

    #[test]
    fn both_filters_keep_what_filter_keeps_in_order() {
        for len in LENGTHS {
            let shuffled = random_values(len, len as u64);
            let mut sorted = shuffled.clone();
            sorted.sort_unstable();
            for values in [&shuffled, &sorted] {
                for threshold in THRESHOLDS {
                    let expected = reference(values, threshold);
                    for (name, filter) in FILTERS {
                        let mut kept = Vec::new();
                        filter(values, threshold, &mut kept);
                        assert_eq!(kept, expected, "{name}, len {len}, threshold {threshold}");
                    }
                    let count = count_at_least(values, threshold);
                    assert_eq!(
                        count,
                        expected.len(),
                        "count, len {len}, threshold {threshold}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_edge_thresholds_keep_all_or_nothing() {
        let values = random_values(1000, 9);
        for (name, filter) in FILTERS {
            let mut kept = Vec::new();
            filter(&values, 0, &mut kept);
            assert_eq!(kept, values, "{name}");
            filter(&values, 256, &mut kept);
            assert!(kept.is_empty(), "{name}");
            filter(&[u32::MAX, 0, u32::MAX - 1], u32::MAX, &mut kept);
            assert_eq!(kept, [u32::MAX], "{name}");
        }
        assert_eq!(count_at_least(&values, 0), 1000);
        assert_eq!(count_at_least(&values, 256), 0);
        assert_eq!(count_at_least(&[u32::MAX; 9], u32::MAX), 9);
    }

    #[test]
    fn kept_is_reused_across_calls() {
        let values = random_values(32_768, 5);
        for (name, filter) in FILTERS {
            let mut kept = vec![7; 3];
            filter(&values, 128, &mut kept);
            assert_eq!(kept, reference(&values, 128), "{name}");
            let capacity = kept.capacity();
            let address = kept.as_ptr();
            // A second call with as many values fits in what the first
            // left: no reallocation, and nothing of the first call remains.
            filter(&values, 200, &mut kept);
            assert_eq!(kept, reference(&values, 200), "{name}");
            assert_eq!(
                (kept.capacity(), kept.as_ptr()),
                (capacity, address),
                "{name}"
            );
            filter(&values[..10], 0, &mut kept);
            assert_eq!(kept, &values[..10], "{name}");
        }
    }

    #[test]
    fn the_values_are_spread_over_0_to_255() {
        let values = random_values(1 << 16, 1);
        assert_eq!(values, random_values(1 << 16, 1));
        assert_ne!(values, random_values(1 << 16, 2));
        let mut seen = [0usize; 256];
        values.iter().for_each(|&v| seen[v as usize] += 1);
        // 256 expected of each; every one between 150 and 370.
        assert!(seen.iter().all(|&n| (150..370).contains(&n)), "{seen:?}");
        // Threshold 128 keeps about half, so a branch on it is a coin toss.
        let half = count_at_least(&values, 128) as f64 / values.len() as f64;
        assert!((0.49..0.51).contains(&half), "{half}");
    }
}
