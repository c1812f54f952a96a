//! Cache sets: lines a power of two apart compete for the few places of one
//! set; one line further apart, they spread over all the sets.

/// The line size of x86-64 processors.
pub const CACHE_LINE: usize = 64;

// ANCHOR: set
/// The sets of the L1 data cache of recent x86-64 cores: 32 KiB of 8 ways
/// or 48 KiB of 12 ways, 64 sets of 64-byte lines either way.
pub const L1_SETS: usize = 64;

/// The L1 set a byte's line is stored in: address bits 6 to 11.
pub fn l1_set(address: usize) -> usize {
    address / CACHE_LINE % L1_SETS
}

/// Lines this far apart have the same bits 6 to 11: the same L1 set.
pub const SAME_SET: usize = L1_SETS * CACHE_LINE; // 4096 bytes
/// One line further: consecutive lines fall in consecutive sets.
pub const NEXT_SET: usize = SAME_SET + CACHE_LINE; // 4160 bytes
// ANCHOR_END: set

// ANCHOR: ring
/// `lines` cache lines, `stride` bytes apart, linked into a ring: the first
/// word of each line holds the index of the next line's first word.
pub fn strided_ring(lines: usize, stride: usize) -> Vec<usize> {
    assert!(
        lines > 0 && stride >= CACHE_LINE,
        "one line or more, a line or more apart"
    );
    let step = stride / size_of::<usize>();
    let mut words = vec![0; (lines - 1) * step + 1];
    for line in 0..lines {
        words[line * step] = (line + 1) % lines * step;
    }
    words
}

/// Follows `steps` links from the first line. Each load's address comes
/// from the load before it, so every step takes one load's latency: an L1
/// hit if the ring's lines all fit in their sets, a miss if they do not.
pub fn chase(ring: &[usize], steps: usize) -> usize {
    let mut at = 0;
    for _ in 0..steps {
        at = ring[at];
    }
    at
}
// ANCHOR_END: ring

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use super::*;

    /// The address of the first word of each line, in the order the chase
    /// visits them.
    fn line_addresses(ring: &[usize], lines: usize) -> Vec<usize> {
        let mut at = 0;
        (0..lines)
            .map(|_| {
                let address = &ring[at] as *const usize as usize;
                at = ring[at];
                address
            })
            .collect()
    }

    #[test]
    fn the_strides_are_what_the_text_says() {
        assert_eq!(SAME_SET, 4096);
        assert_eq!(NEXT_SET, 4160);
    }

    #[test]
    fn the_chase_visits_every_line_once_before_it_returns() {
        for stride in [SAME_SET, NEXT_SET] {
            for lines in [1, 2, 12, 13, 32, 1024] {
                let ring = strided_ring(lines, stride);
                let visited: HashSet<usize> = (1..=lines).map(|n| chase(&ring, n)).collect();
                assert_eq!(visited.len(), lines, "stride {stride}, {lines} lines");
                assert_eq!(
                    chase(&ring, lines),
                    0,
                    "back at the start after {lines} steps"
                );
            }
        }
    }

    #[test]
    fn consecutive_lines_are_one_stride_apart_and_on_lines_of_their_own() {
        for stride in [SAME_SET, NEXT_SET] {
            let addresses = line_addresses(&strided_ring(100, stride), 100);
            for pair in addresses.windows(2) {
                assert_eq!(pair[1] - pair[0], stride);
            }
            let distinct: HashSet<usize> = addresses.iter().map(|a| a / CACHE_LINE).collect();
            assert_eq!(distinct.len(), 100);
        }
    }

    #[test]
    fn lines_4_kib_apart_all_fall_in_one_l1_set() {
        let addresses = line_addresses(&strided_ring(32, SAME_SET), 32);
        let sets: HashSet<usize> = addresses.iter().map(|&a| l1_set(a)).collect();
        assert_eq!(sets.len(), 1);
    }

    #[test]
    fn lines_4_kib_and_a_line_apart_spread_evenly_over_every_set() {
        // 32 lines take 32 different sets ...
        let addresses = line_addresses(&strided_ring(32, NEXT_SET), 32);
        let sets: HashSet<usize> = addresses.iter().map(|&a| l1_set(a)).collect();
        assert_eq!(sets.len(), 32);
        // ... and 768 lines (48 KiB) put exactly 12 in each of the 64 sets:
        // they fit a 12-way L1 exactly.
        let addresses = line_addresses(&strided_ring(768, NEXT_SET), 768);
        let mut per_set: HashMap<usize, usize> = HashMap::new();
        for address in addresses {
            *per_set.entry(l1_set(address)).or_default() += 1;
        }
        assert_eq!(per_set.len(), L1_SETS);
        assert!(per_set.values().all(|&n| n == 12));
    }

    #[test]
    #[should_panic(expected = "one line or more")]
    fn an_empty_ring_is_refused() {
        strided_ring(0, SAME_SET);
    }

    #[test]
    fn the_set_is_address_bits_6_to_11() {
        assert_eq!(l1_set(0), 0);
        assert_eq!(l1_set(63), 0);
        assert_eq!(l1_set(64), 1);
        assert_eq!(l1_set(4095), 63);
        assert_eq!(l1_set(4096), 0);
        assert_eq!(l1_set(0b1010_1100_0000), 0b10_1011);
    }
}
