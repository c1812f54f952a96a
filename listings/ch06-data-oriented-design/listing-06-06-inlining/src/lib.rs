//! What inlining enables: once a callee's body is in the caller, the
//! optimiser can vectorise the loop around it and fold the caller's
//! constants into it.

// ANCHOR: callee
/// Celsius to Fahrenheit. `#[inline]` makes the body available to callers
/// (in other crates too) and invites the optimiser to copy it into them.
#[inline]
pub fn to_fahrenheit(celsius: f32) -> f32 {
    celsius * 1.8 + 32.0
}

/// The same body, never inlined: every use is a call.
#[inline(never)]
pub fn to_fahrenheit_outlined(celsius: f32) -> f32 {
    celsius * 1.8 + 32.0
}
// ANCHOR_END: callee

// ANCHOR: callers
/// Converts every temperature in place. The body of `to_fahrenheit` is
/// copied into the loop; each element is independent of the others, so
/// the loop converts four per instruction.
#[inline(never)]
pub fn convert_all(temps: &mut [f32]) {
    for temp in temps {
        *temp = to_fahrenheit(*temp);
    }
}

/// The same loop around a call the optimiser may not look into: one call
/// per element, one element at a time.
#[inline(never)]
pub fn convert_all_outlined(temps: &mut [f32]) {
    for temp in temps {
        *temp = to_fahrenheit_outlined(*temp);
    }
}
// ANCHOR_END: callers

// ANCHOR: folding
/// Division by any divisor.
#[inline]
pub fn div_by(x: u32, d: u32) -> u32 {
    x / d
}

/// Inlined here, `div_by` divides by the constant 8, which is a shift.
#[inline(never)]
pub fn div_by_8(x: u32) -> u32 {
    div_by(x, 8)
}

/// The divisor arrives at run time: a division instruction, and a check
/// for zero before it.
#[inline(never)]
pub fn div_by_outlined(x: u32, d: u32) -> u32 {
    x / d
}
// ANCHOR_END: folding

#[cfg(test)]
mod tests {
    use super::*;

    const LENGTHS: [usize; 11] = [0, 1, 3, 7, 8, 15, 16, 17, 33, 1000, 1027];

    fn temperatures(len: usize) -> Vec<f32> {
        (0..len).map(|i| (i as f32 - 300.0) * 0.37).collect()
    }

    #[test]
    fn both_conversions_agree_bit_for_bit() {
        // Vectorising an element-wise loop changes no rounding: each
        // element gets the same multiply, then the same add (no fused
        // multiply-add on baseline x86-64).
        for len in LENGTHS {
            let mut inlined = temperatures(len);
            let mut outlined = temperatures(len);
            convert_all(&mut inlined);
            convert_all_outlined(&mut outlined);
            let bits = |temps: &[f32]| temps.iter().map(|t| t.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&inlined), bits(&outlined), "len = {len}");
            for (converted, celsius) in inlined.iter().zip(temperatures(len)) {
                assert_eq!(converted.to_bits(), (celsius * 1.8 + 32.0).to_bits());
            }
        }
    }

    #[test]
    fn known_temperatures() {
        let mut temps = [-40.0, 0.0, 100.0];
        convert_all(&mut temps);
        assert_eq!(temps, [-40.0, 32.0, 212.0]);
        assert_eq!(to_fahrenheit_outlined(100.0), 212.0);
    }

    #[test]
    fn the_divisions_agree() {
        for x in [0, 1, 7, 8, 9, 1000, u32::MAX - 1, u32::MAX] {
            assert_eq!(div_by_8(x), x / 8, "x = {x}");
            assert_eq!(div_by_outlined(x, 8), x / 8, "x = {x}");
            assert_eq!(div_by(x, 8), x >> 3, "x = {x}");
        }
        for d in [1, 3, 8, 1000, u32::MAX] {
            assert_eq!(div_by_outlined(1_000_000, d), 1_000_000 / d, "d = {d}");
        }
    }

    #[test]
    #[should_panic(expected = "attempt to divide by zero")]
    fn dividing_by_zero_panics() {
        div_by_outlined(1, std::hint::black_box(0));
    }
}
