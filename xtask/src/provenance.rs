//! Where a measurement was made: processor, cores, caches, OS, compiler, date.

use std::fs;
use std::time::{SystemTime, UNIX_EPOCH};

use book_model::claims::{CacheLevel, Provenance, format_bytes};

use crate::cmd;

pub fn collect() -> Provenance {
    let cache_levels = caches();
    Provenance {
        cpu: cpu_model(),
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        caches: cache_levels
            .iter()
            .map(|level| format!("{} {}", level.name, format_bytes(level.bytes)))
            .collect::<Vec<_>>()
            .join(", "),
        os: os(),
        rustc: cmd::output_of(cmd::new("rustc").arg("--version")).map_or_else(
            || "rustc (unknown version)".to_owned(),
            |v| v.trim().to_owned(),
        ),
        date: today(),
        cache_levels,
        huge_pages: huge_pages(),
        libc: libc(),
    }
}

/// The mode in brackets of the transparent-huge-pages setting, if Linux has one.
fn huge_pages() -> String {
    fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
        .ok()
        .and_then(|setting| {
            let start = setting.find('[')? + 1;
            let end = setting[start..].find(']')? + start;
            Some(setting[start..end].to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// `glibc 2.36`, from `ldd --version` (glibc's ldd names itself and its version).
fn libc() -> String {
    cmd::output_of(cmd::new("ldd").arg("--version"))
        .and_then(|text| {
            let first = text.lines().next()?.to_owned();
            let version = first.rsplit(' ').next()?.to_owned();
            first.contains("GLIBC").then(|| format!("glibc {version}"))
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn cpu_model() -> String {
    fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned())
}

/// The data and unified caches of CPU 0, smallest first.
pub fn caches() -> Vec<CacheLevel> {
    let mut caches = Vec::new();
    for index in 0..8 {
        let dir = format!("/sys/devices/system/cpu/cpu0/cache/index{index}");
        let read = |name: &str| {
            fs::read_to_string(format!("{dir}/{name}"))
                .ok()
                .map(|s| s.trim().to_owned())
        };
        let number = |name: &str| read(name).and_then(|n| n.parse().ok());
        let (Some(level), Some(kind), Some(size)) = (read("level"), read("type"), read("size"))
        else {
            continue;
        };
        let name = match kind.as_str() {
            "Data" => format!("L{level}d"),
            "Unified" => format!("L{level}"),
            _ => continue,
        };
        if let Some(bytes) = parse_size(&size) {
            caches.push(CacheLevel {
                name,
                bytes,
                ways: number("ways_of_associativity"),
                sets: number("number_of_sets"),
                line_bytes: number("coherency_line_size"),
            });
        }
    }
    caches.sort_by_key(|level| level.bytes);
    caches
}

/// `"48K"` → 49152, as /sys writes cache sizes.
fn parse_size(size: &str) -> Option<u64> {
    let (number, unit) = size.split_at(
        size.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(size.len()),
    );
    let number: u64 = number.parse().ok()?;
    let shift = match unit {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => return None,
    };
    Some(number << shift)
}

fn os() -> String {
    let read = |path: &str| fs::read_to_string(path).ok().map(|s| s.trim().to_owned());
    match (
        read("/proc/sys/kernel/ostype"),
        read("/proc/sys/kernel/osrelease"),
    ) {
        (Some(kind), Some(release)) => format!("{kind} {release}"),
        _ => std::env::consts::OS.to_owned(),
    }
}

/// Today's date in UTC, `YYYY-MM-DD`.
fn today() -> String {
    let days = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_days_to_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_513), (2026, 3, 1));
        assert_eq!(civil_from_days(20_783), (2026, 11, 26));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn reads_and_prints_sizes() {
        assert_eq!(parse_size("48K"), Some(48 << 10));
        assert_eq!(parse_size("300M"), Some(300 << 20));
        assert_eq!(parse_size("12X"), None);
    }
}
