//! Huge pages on request, and how to check that the kernel granted them.
//! `madvise(MADV_COLLAPSE)` asks Linux (6.1 and later) to back a stretch of
//! memory with 2 MiB pages now; `/proc/self/smaps` says, mapping by mapping,
//! how much of the memory is on them; the system's setting for transparent
//! huge pages is in `/sys/kernel/mm/transparent_hugepage/`.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate libc;

use std::fs;
use std::io;
use std::ops::Range;

/// The size of a huge page on x86-64 (the kernel's `hpage_pmd_size`).
pub const HUGE_PAGE: usize = 2 << 20;

// ANCHOR: collapse
/// Asks the kernel to back `memory` with huge pages now. It copies the 4 KiB
/// pages of each whole 2 MiB stretch inside `memory` into one huge page, and
/// returns when it is done, whatever the system's mode for transparent huge
/// pages (`madvise(2)`, `MADV_COLLAPSE`, Linux 6.1). Memory excluded from
/// huge pages (`MADV_NOHUGEPAGE`, or a process that called
/// `prctl(PR_SET_THP_DISABLE)`) is refused.
pub fn collapse_into_huge_pages(memory: Range<usize>) -> io::Result<()> {
    let Range { start, end } = whole_huge_pages(memory);
    if start >= end {
        return Ok(());
    }
    // SAFETY: `MADV_COLLAPSE` changes how the pages are mapped, never what
    // they hold, so no value of the program can change under it; on memory
    // that is not mapped, `madvise` fails with an error and does nothing.
    let done =
        unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_COLLAPSE) };
    if done == 0 {
        return Ok(());
    }
    let error = io::Error::last_os_error();
    if error.raw_os_error() == Some(libc::EINVAL) {
        // The refusals a retry cannot cure: the kernel lacks the call, or
        // this memory may not have huge pages.
        return Err(io::Error::new(
            error.kind(),
            format!(
                "madvise(MADV_COLLAPSE): {error}; it needs Linux 6.1 or later built with \
                 transparent huge pages, and memory not excluded from them \
                 (by MADV_NOHUGEPAGE, or by prctl(PR_SET_THP_DISABLE) in this process or its parent)"
            ),
        ));
    }
    Err(error)
}

/// The whole, aligned 2 MiB stretches inside `memory`: all of it that can be
/// on huge pages (empty if none fits).
pub fn whole_huge_pages(memory: Range<usize>) -> Range<usize> {
    let start = memory.start.next_multiple_of(HUGE_PAGE);
    let end = memory.end / HUGE_PAGE * HUGE_PAGE;
    start..end.max(start)
}
// ANCHOR_END: collapse

// ANCHOR: huge_page_bytes
/// How many bytes of `memory` the kernel has backed with transparent huge
/// pages, as `/proc/self/smaps` says: the `AnonHugePages` line of each
/// mapping that holds part of `memory`. smaps counts per mapping, and the
/// kernel merges neighbouring mappings that look alike, so a mapping that
/// reaches a huge page or more beyond `memory` may count another buffer's
/// huge pages: it is left out, and the count errs low, never high.
pub fn huge_page_bytes(memory: Range<usize>) -> io::Result<u64> {
    let smaps = fs::read_to_string("/proc/self/smaps").map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot read /proc/self/smaps ({e}); huge pages are read this way on Linux only"
            ),
        )
    })?;
    Ok(anon_huge_bytes(&smaps, memory))
}

/// The `AnonHugePages` of every mapping in `smaps` that overlaps `memory`
/// and reaches less than a huge page beyond it on either side.
fn anon_huge_bytes(smaps: &str, memory: Range<usize>) -> u64 {
    let mut total = 0;
    let mut counted = false;
    for line in smaps.lines() {
        // A mapping starts with its address range: `7f12a000-7f12c000 rw-p ...`.
        if let Some(range) = address_range(line) {
            let overlaps = range.start < memory.end && memory.start < range.end;
            let before = memory.start.saturating_sub(range.start);
            let after = range.end.saturating_sub(memory.end);
            counted = overlaps && before < HUGE_PAGE && after < HUGE_PAGE;
        } else if let Some(kib) = line.strip_prefix("AnonHugePages:").filter(|_| counted) {
            let kib = kib.trim().trim_end_matches("kB").trim();
            total += kib.parse::<u64>().unwrap_or(0) * 1024;
        }
    }
    total
}
// ANCHOR_END: huge_page_bytes

/// `a-b` at the start of a mapping's first line, as addresses.
fn address_range(line: &str) -> Option<Range<usize>> {
    let (range, _) = line.split_once(' ')?;
    let (start, end) = range.split_once('-')?;
    Some(usize::from_str_radix(start, 16).ok()?..usize::from_str_radix(end, 16).ok()?)
}

/// The system's mode for transparent huge pages, the bracketed word of
/// `/sys/kernel/mm/transparent_hugepage/enabled`: `always`, `madvise` or
/// `never`.
pub fn transparent_huge_pages() -> io::Result<String> {
    let setting = fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")?;
    bracketed(&setting).map(str::to_owned).ok_or_else(|| {
        io::Error::other(format!(
            "no [mode] in transparent_hugepage/enabled: {setting:?}"
        ))
    })
}

fn bracketed(setting: &str) -> Option<&str> {
    let start = setting.find('[')? + 1;
    let end = start + setting[start..].find(']')?;
    Some(&setting[start..end])
}

/// The addresses a slice occupies.
pub fn addresses<T>(slice: &[T]) -> Range<usize> {
    let start = slice.as_ptr() as usize;
    start..start + size_of_val(slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMAPS: &str = "\
55d0c0000000-55d0c0021000 rw-p 00000000 00:00 0                          [heap]
Size:                132 kB
AnonHugePages:         0 kB
7f0000000000-7f0020000000 rw-p 00000000 00:00 0
Size:             524288 kB
AnonHugePages:    520192 kB
7f0030000000-7f0030400000 rw-p 00000000 00:00 0
Size:               4096 kB
AnonHugePages:      2048 kB
";

    #[test]
    fn counts_the_mappings_that_hold_the_memory() {
        // A buffer just inside the second mapping, as malloc leaves it.
        let second = 0x7f00_0000_0010..0x7f00_1fff_f000;
        assert_eq!(anon_huge_bytes(SMAPS, second), 520_192 * 1024);
        let across_last_two = 0x7f00_0000_1000..0x7f00_303f_f000;
        assert_eq!(
            anon_huge_bytes(SMAPS, across_last_two),
            (520_192 + 2048) * 1024
        );
        // Half of a mapping may be another buffer's, with huge pages of its own.
        let half_of_second = 0x7f00_0000_1000..0x7f00_1000_0000;
        assert_eq!(anon_huge_bytes(SMAPS, half_of_second), 0);
        let in_the_heap = 0x55d0_c000_0010..0x55d0_c000_0020;
        assert_eq!(anon_huge_bytes(SMAPS, in_the_heap), 0);
        let nowhere = 0x1000..0x2000;
        assert_eq!(anon_huge_bytes(SMAPS, nowhere), 0);
    }

    #[test]
    fn reads_the_bracketed_mode() {
        assert_eq!(bracketed("always [madvise] never\n"), Some("madvise"));
        assert_eq!(bracketed("[always] madvise never"), Some("always"));
        assert_eq!(bracketed("nothing here"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn collapsing_keeps_the_contents() {
        let buffer: Vec<u64> = (0..(8 << 20) / 8).collect();
        // Where the kernel cannot (too old, no memory to spare), it says so;
        // either way the buffer must hold what it held.
        let _ = collapse_into_huge_pages(addresses(&buffer));
        assert!(buffer.iter().enumerate().all(|(i, &x)| x == i as u64));
    }

    #[test]
    fn finds_the_whole_huge_pages_inside() {
        let h = HUGE_PAGE;
        assert_eq!(whole_huge_pages(h..3 * h), h..3 * h);
        assert_eq!(whole_huge_pages(h - 64..4 * h + 64), h..4 * h);
        assert_eq!(whole_huge_pages(h + 64..3 * h - 64).len(), 0);
        assert_eq!(whole_huge_pages(64..h - 64).len(), 0);
    }

    #[test]
    fn a_stretch_smaller_than_a_huge_page_is_left_alone() {
        assert!(collapse_into_huge_pages(0x1000..0x3000).is_ok());
        assert!(collapse_into_huge_pages(HUGE_PAGE + 1..2 * HUGE_PAGE + 5).is_ok());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_buffer_is_never_more_than_its_mappings_on_huge_pages() {
        let buffer = vec![1_u8; 8 << 20];
        let huge = huge_page_bytes(addresses(&buffer)).unwrap();
        // Whatever the system's setting, the count is of whole 2 MiB pages
        // within the mappings that hold the buffer.
        assert_eq!(huge % (2 << 20), 0, "{huge}");
        assert!(huge <= 16 << 20, "{huge}");
    }
}
