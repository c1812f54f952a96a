//! Values are freed at a point the program text fixes: when their owner goes
//! out of scope, or when they are moved somewhere that drops them. A type
//! whose `Drop` writes its name into a log makes that point visible.

use std::cell::RefCell;

// ANCHOR: drop_order
/// Writes its name into `log` when it is dropped.
pub struct Noisy<'a> {
    name: &'static str,
    log: &'a RefCell<Vec<&'static str>>,
}

impl<'a> Noisy<'a> {
    pub fn new(name: &'static str, log: &'a RefCell<Vec<&'static str>>) -> Self {
        Noisy { name, log }
    }
}

impl Drop for Noisy<'_> {
    fn drop(&mut self) {
        self.log.borrow_mut().push(self.name);
    }
}

/// Takes ownership of `value`; it is dropped when this function returns.
fn consume(value: Noisy<'_>) {
    let _ = value.name;
}

pub fn scopes(log: &RefCell<Vec<&'static str>>) {
    let _outer = Noisy::new("outer", log);
    {
        let _inner = Noisy::new("inner", log);
    } // `_inner` is dropped here, at the end of its block
    let moved = Noisy::new("moved", log);
    consume(moved); // dropped at the end of `consume`
    let early = Noisy::new("early", log);
    drop(early); // dropped now: `drop` is just a function that takes ownership
    let _last = Noisy::new("last", log);
} // `_last`, then `_outer`: locals are dropped in reverse order of declaration
// ANCHOR_END: drop_order

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_dropped_at_points_the_code_fixes() {
        let log = RefCell::new(Vec::new());
        scopes(&log);
        assert_eq!(*log.borrow(), ["inner", "moved", "early", "last", "outer"]);
    }

    #[test]
    fn the_owner_is_dropped_first_then_its_fields_in_declaration_order() {
        struct Pair<'a> {
            log: &'a RefCell<Vec<&'static str>>,
            _first: Noisy<'a>,
            _second: Noisy<'a>,
        }
        impl Drop for Pair<'_> {
            fn drop(&mut self) {
                self.log.borrow_mut().push("pair");
            }
        }
        let log = RefCell::new(Vec::new());
        {
            let _pair = Pair {
                log: &log,
                _first: Noisy::new("first", &log),
                _second: Noisy::new("second", &log),
            };
            assert!(
                log.borrow().is_empty(),
                "nothing is dropped while the owner lives"
            );
        }
        assert_eq!(*log.borrow(), ["pair", "first", "second"]);
    }
}
