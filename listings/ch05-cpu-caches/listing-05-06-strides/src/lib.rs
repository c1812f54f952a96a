//! The same number of cache lines read two ways: side by side, or one line
//! in each of as many 4 KiB pages.

/// The line size of x86-64 processors.
pub const CACHE_LINE: usize = 64;
/// The base page size of x86-64 (and of Linux on most other processors).
pub const PAGE: usize = 4096;

// ANCHOR: strides
/// Offsets of one byte in each of `lines` consecutive cache lines,
/// starting at the first page boundary in `bytes`.
pub fn line_stride(bytes: &[u8], lines: usize) -> impl Iterator<Item = usize> {
    let start = bytes.as_ptr().align_offset(PAGE);
    (0..lines).map(move |i| start + i * CACHE_LINE)
}

/// Offsets of one byte in each of `lines` different pages: a page and a
/// line apart, so that consecutive reads also fall into different sets of
/// the cache instead of piling into one (see the text).
pub fn page_stride(bytes: &[u8], lines: usize) -> impl Iterator<Item = usize> {
    let start = bytes.as_ptr().align_offset(PAGE);
    (0..lines).map(move |i| start + i * (PAGE + CACHE_LINE))
}

/// Reads `lines` lines that share `lines / 64` pages.
pub fn touch_every_line(bytes: &[u8], lines: usize) -> u64 {
    line_stride(bytes, lines)
        .map(|at| u64::from(bytes[at]))
        .sum()
}

/// Reads `lines` lines, each in a page of its own.
pub fn touch_every_page(bytes: &[u8], lines: usize) -> u64 {
    page_stride(bytes, lines)
        .map(|at| u64::from(bytes[at]))
        .sum()
}
// ANCHOR_END: strides

/// A buffer big enough for `page_stride(_, lines)`, with every byte
/// written. Reading memory that was never written would find every page
/// mapped to the one shared page of zeros the kernel keeps, and measure
/// nothing.
pub fn buffer_for(lines: usize) -> Vec<u8> {
    vec![1; lines * (PAGE + CACHE_LINE) + PAGE]
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn distinct(addresses: impl Iterator<Item = usize>, unit: usize) -> usize {
        addresses.map(|a| a / unit).collect::<HashSet<_>>().len()
    }

    fn addresses(bytes: &[u8], offsets: impl Iterator<Item = usize>) -> Vec<usize> {
        offsets.map(|at| &bytes[at] as *const u8 as usize).collect()
    }

    #[test]
    fn both_strides_touch_the_same_number_of_lines() {
        let lines = 1000;
        let bytes = buffer_for(lines);
        let by_line = addresses(&bytes, line_stride(&bytes, lines));
        let by_page = addresses(&bytes, page_stride(&bytes, lines));
        assert_eq!(distinct(by_line.iter().copied(), CACHE_LINE), lines);
        assert_eq!(distinct(by_page.iter().copied(), CACHE_LINE), lines);
    }

    #[test]
    fn the_line_stride_shares_pages_and_the_page_stride_does_not() {
        let lines = 1024;
        let bytes = buffer_for(lines);
        let by_line = addresses(&bytes, line_stride(&bytes, lines));
        let by_page = addresses(&bytes, page_stride(&bytes, lines));
        assert_eq!(distinct(by_line.into_iter(), PAGE), lines / 64);
        assert_eq!(distinct(by_page.into_iter(), PAGE), lines);
    }

    #[test]
    fn the_page_stride_uses_every_line_position_in_a_page() {
        let lines = 128;
        let bytes = buffer_for(lines);
        let positions: HashSet<usize> = addresses(&bytes, page_stride(&bytes, lines))
            .into_iter()
            .map(|a| a % PAGE / CACHE_LINE)
            .collect();
        assert_eq!(positions.len(), PAGE / CACHE_LINE);
    }

    #[test]
    fn both_read_one_byte_per_line() {
        let lines = 500;
        let bytes = buffer_for(lines);
        assert_eq!(touch_every_line(&bytes, lines), lines as u64);
        assert_eq!(touch_every_page(&bytes, lines), lines as u64);
    }
}
