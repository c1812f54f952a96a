//! The same records stored as an array of structs and as a struct of
//! arrays, and what scanning one field costs in cache lines.

use std::mem::offset_of;

/// The line size of x86-64 processors.
pub const CACHE_LINE: usize = 64;

// ANCHOR: layouts
/// Eight 8-byte fields: one record fills one 64-byte cache line, and
/// `align(64)` makes each record start on a line boundary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(align(64))]
pub struct Account {
    pub id: u64,
    pub balance: u64,
    pub credit_limit: u64,
    pub opened_day: u64,
    pub last_seen_day: u64,
    pub region: u64,
    pub flags: u64,
    pub referrer: u64,
}

/// Array of structs: `accounts[i].balance` sits between the other seven
/// fields of record `i`.
pub fn sum_balances_aos(accounts: &[Account]) -> u64 {
    accounts.iter().map(|account| account.balance).sum()
}

/// Struct of arrays: one vector per field, so the balances sit side by
/// side, eight to a cache line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Accounts {
    pub ids: Vec<u64>,
    pub balances: Vec<u64>,
    pub credit_limits: Vec<u64>,
    pub opened_days: Vec<u64>,
    pub last_seen_days: Vec<u64>,
    pub regions: Vec<u64>,
    pub flags: Vec<u64>,
    pub referrers: Vec<u64>,
}

pub fn sum_balances_soa(accounts: &Accounts) -> u64 {
    accounts.balances.iter().sum()
}
// ANCHOR_END: layouts

// ANCHOR: lines
pub enum Layout {
    ArrayOfStructs,
    StructOfArrays,
}

/// How many distinct cache lines a scan of the balances of `n` accounts
/// reads, for data that starts on a line boundary.
pub fn lines_touched_scanning_one_field(n: usize, layout: Layout) -> usize {
    // Where the first balance is, and how far apart two balances are.
    let (first, stride) = match layout {
        Layout::ArrayOfStructs => (offset_of!(Account, balance), size_of::<Account>()),
        Layout::StructOfArrays => (0, size_of::<u64>()),
    };
    let mut lines = 0;
    let mut last_line = None;
    for i in 0..n {
        let line = (first + i * stride) / CACHE_LINE;
        if last_line != Some(line) {
            lines += 1;
            last_line = Some(line);
        }
    }
    lines
}
// ANCHOR_END: lines

impl Account {
    /// A made-up account, different for every `i`; the balance is `i % 1000`.
    pub fn example(i: u64) -> Account {
        Account {
            id: i,
            balance: i % 1000,
            credit_limit: 500 + i % 7 * 100,
            opened_day: 19_000 + i % 3000,
            last_seen_day: 20_000 + i % 500,
            region: i % 12,
            flags: i & 0b101,
            referrer: i / 3,
        }
    }
}

impl Accounts {
    /// The same records, field by field.
    pub fn from_records(records: &[Account]) -> Accounts {
        let column = |field: fn(&Account) -> u64| records.iter().map(field).collect();
        Accounts {
            ids: column(|a| a.id),
            balances: column(|a| a.balance),
            credit_limits: column(|a| a.credit_limit),
            opened_days: column(|a| a.opened_day),
            last_seen_days: column(|a| a.last_seen_day),
            regions: column(|a| a.region),
            flags: column(|a| a.flags),
            referrers: column(|a| a.referrer),
        }
    }

    /// Record `i`, put back together.
    pub fn record(&self, i: usize) -> Account {
        Account {
            id: self.ids[i],
            balance: self.balances[i],
            credit_limit: self.credit_limits[i],
            opened_day: self.opened_days[i],
            last_seen_day: self.last_seen_days[i],
            region: self.regions[i],
            flags: self.flags[i],
            referrer: self.referrers[i],
        }
    }
}

/// `n` example records in both layouts.
pub fn example_accounts(n: usize) -> (Vec<Account>, Accounts) {
    let records: Vec<Account> = (0..n as u64).map(Account::example).collect();
    let columns = Accounts::from_records(&records);
    (records, columns)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn distinct_lines(addresses: impl Iterator<Item = usize>) -> usize {
        addresses
            .map(|a| a / CACHE_LINE)
            .collect::<HashSet<_>>()
            .len()
    }

    #[test]
    fn a_record_is_one_cache_line() {
        assert_eq!(size_of::<Account>(), CACHE_LINE);
        assert_eq!(align_of::<Account>(), CACHE_LINE);
    }

    #[test]
    fn both_layouts_hold_the_same_records_and_sums() {
        for n in [0, 1, 7, 1000, 12_345] {
            let (records, columns) = example_accounts(n);
            assert_eq!(
                sum_balances_aos(&records),
                sum_balances_soa(&columns),
                "n = {n}"
            );
            assert!((0..n).all(|i| columns.record(i) == records[i]), "n = {n}");
        }
        let (records, _) = example_accounts(2000);
        assert_eq!(sum_balances_aos(&records), 2 * (999 * 1000 / 2));
    }

    #[test]
    fn the_model_counts_one_line_per_record_and_one_per_eight_balances() {
        use Layout::*;
        assert_eq!(lines_touched_scanning_one_field(0, ArrayOfStructs), 0);
        assert_eq!(lines_touched_scanning_one_field(1000, ArrayOfStructs), 1000);
        assert_eq!(lines_touched_scanning_one_field(1000, StructOfArrays), 125);
        assert_eq!(lines_touched_scanning_one_field(1001, StructOfArrays), 126);
        assert_eq!(lines_touched_scanning_one_field(1, StructOfArrays), 1);
    }

    /// The model against the real addresses: exact for the records, which
    /// start on a line boundary; for the column, the allocator may start the
    /// vector mid-line, which costs at most one line more.
    #[test]
    fn the_model_matches_the_addresses_the_scans_read() {
        let n = 10_000;
        let (records, columns) = example_accounts(n);
        let aos = distinct_lines(records.iter().map(|a| &a.balance as *const u64 as usize));
        let soa = distinct_lines(columns.balances.iter().map(|b| b as *const u64 as usize));
        assert_eq!(
            aos,
            lines_touched_scanning_one_field(n, Layout::ArrayOfStructs)
        );
        let model = lines_touched_scanning_one_field(n, Layout::StructOfArrays);
        assert!(
            soa == model || soa == model + 1,
            "{soa} lines, model {model}"
        );
    }
}
