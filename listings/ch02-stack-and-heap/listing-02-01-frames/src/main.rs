use std::hint::black_box;
use std::ptr;

// ANCHOR: frames
/// Where this call's frame keeps its local variable.
#[inline(never)]
fn address_of_a_local() -> usize {
    let local = 0_u64;
    // `black_box` makes the optimiser keep `local` in memory, so it has an address.
    ptr::from_ref(black_box(&local)).addr()
}

/// The address of a local at each level of `depth` nested calls,
/// innermost call first.
#[inline(never)]
fn addresses_of_nested_locals(depth: u32) -> Vec<usize> {
    let local = depth;
    let here = ptr::from_ref(black_box(&local)).addr();
    let mut addresses = if depth > 1 {
        addresses_of_nested_locals(depth - 1)
    } else {
        Vec::new()
    };
    addresses.push(here);
    addresses
}

fn main() {
    let first = address_of_a_local();
    let second = address_of_a_local();
    println!("two calls in a row used the same slot: {}", first == second);

    let addresses = addresses_of_nested_locals(4);
    let below = addresses.windows(2).all(|pair| pair[0] < pair[1]);
    println!("each nested call's local lies below its caller's: {below}");
    let step = addresses[1] - addresses[0];
    println!("each level of nesting took {step} bytes of stack");
}
// ANCHOR_END: frames

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_call_reuses_the_popped_frame() {
        let first = address_of_a_local();
        let second = address_of_a_local();
        assert_eq!(first, second);
    }

    #[test]
    fn nested_frames_are_pushed_downwards() {
        let addresses = addresses_of_nested_locals(8);
        assert_eq!(addresses.len(), 8);
        for pair in addresses.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{:#x} is not below {:#x}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn nested_frames_of_one_function_are_the_same_size() {
        let addresses = addresses_of_nested_locals(6);
        let gaps: Vec<usize> = addresses.windows(2).map(|p| p[1] - p[0]).collect();
        assert!(gaps.iter().all(|&gap| gap == gaps[0]), "gaps {gaps:?}");
    }

    /// The x86-64 and AArch64 calling conventions keep the stack pointer a
    /// multiple of 16 at every call, so each level moves it by such a multiple.
    #[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
    #[test]
    fn each_level_takes_a_multiple_of_16_bytes() {
        let addresses = addresses_of_nested_locals(3);
        let step = addresses[1] - addresses[0];
        assert!(step >= 16 && step.is_multiple_of(16), "step {step}");
    }
}
