//! Where a measurement was made: processor, cores, caches, OS, compiler, date.

use std::fs;
use std::time::{SystemTime, UNIX_EPOCH};

use preprocessor::claims::Provenance;

use crate::cmd;

pub fn collect() -> Provenance {
    Provenance {
        cpu: cpu_model(),
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        caches: caches()
            .iter()
            .map(|(name, bytes)| format!("{name} {}", format_bytes(*bytes)))
            .collect::<Vec<_>>()
            .join(", "),
        os: os(),
        rustc: cmd::output_of(cmd::new("rustc").arg("--version")).map_or_else(
            || "rustc (unknown version)".to_owned(),
            |v| v.trim().to_owned(),
        ),
        date: today(),
    }
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

/// The data and unified caches of CPU 0, smallest first: `("L1d", bytes)`.
pub fn caches() -> Vec<(String, u64)> {
    let mut caches = Vec::new();
    for index in 0..8 {
        let dir = format!("/sys/devices/system/cpu/cpu0/cache/index{index}");
        let read = |name: &str| {
            fs::read_to_string(format!("{dir}/{name}"))
                .ok()
                .map(|s| s.trim().to_owned())
        };
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
            caches.push((name, bytes));
        }
    }
    caches.sort_by_key(|(_, bytes)| *bytes);
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

/// 49152 → "48 KiB"; 1.5 GiB → "1.5 GiB".
pub fn format_bytes(bytes: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < units.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value:.0} {}", units[unit])
    } else {
        format!("{value:.1} {}", units[unit])
    }
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
        assert_eq!(format_bytes(48 << 10), "48 KiB");
        assert_eq!(format_bytes(3 << 29), "1.5 GiB");
        assert_eq!(format_bytes(512), "512 B");
    }
}
