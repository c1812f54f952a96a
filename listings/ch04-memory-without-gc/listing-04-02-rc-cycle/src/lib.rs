//! Reference counting frees a value when its last strong reference goes, so
//! two values that hold strong references to each other are never freed. A
//! `Weak` reference does not keep its target alive, and breaks the cycle.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

// ANCHOR: rc_cycle
/// A node that may point to another node strongly (`next`) or weakly (`back`).
pub struct Node {
    pub name: &'static str,
    pub next: RefCell<Option<Rc<Node>>>,
    pub back: RefCell<Weak<Node>>,
}

impl Node {
    pub fn new(name: &'static str) -> Rc<Node> {
        Rc::new(Node {
            name,
            next: RefCell::new(None),
            back: RefCell::new(Weak::new()),
        })
    }
}

/// `a` and `b` point at each other strongly. Returns a `Weak` to `a` so the
/// caller can look at it afterwards without keeping it alive.
pub fn strong_cycle() -> Weak<Node> {
    let a = Node::new("a");
    let b = Node::new("b");
    *a.next.borrow_mut() = Some(Rc::clone(&b)); // a -> b
    *b.next.borrow_mut() = Some(Rc::clone(&a)); // b -> a: a cycle
    Rc::downgrade(&a)
} // `a` and `b` go: each count drops from 2 to 1, never to 0

/// The same pair, but `b` points back at `a` with a `Weak`.
pub fn weak_back_link() -> Weak<Node> {
    let a = Node::new("a");
    let b = Node::new("b");
    *a.next.borrow_mut() = Some(Rc::clone(&b)); // a -> b, strong
    *b.back.borrow_mut() = Rc::downgrade(&a); // b -> a, weak: not counted
    Rc::downgrade(&a)
} // `a`'s count drops to 0: `a` is freed, then `b`
// ANCHOR_END: rc_cycle

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strong_cycle_outlives_every_handle() {
        let a = strong_cycle();
        // Nobody outside holds `a` or `b`, yet `a` is alive, kept by `b`.
        assert_eq!(a.strong_count(), 1);
        let alive = a.upgrade().expect("the cycle keeps `a` alive");
        assert_eq!(alive.name, "a");
        let b = alive.next.borrow().clone().expect("a -> b");
        assert_eq!(b.name, "b");
        // Break the cycle by hand so that this test does not leak.
        drop(b);
        alive.next.borrow_mut().take();
        drop(alive);
        assert!(a.upgrade().is_none(), "with the cycle broken, `a` is freed");
    }

    #[test]
    fn a_weak_back_link_lets_both_go() {
        let a = weak_back_link();
        assert_eq!(a.strong_count(), 0);
        assert!(a.upgrade().is_none());
    }

    #[test]
    fn a_weak_link_can_be_followed_while_its_target_lives() {
        let a = Node::new("a");
        let b = Node::new("b");
        *a.next.borrow_mut() = Some(Rc::clone(&b));
        *b.back.borrow_mut() = Rc::downgrade(&a);
        assert_eq!(b.back.borrow().upgrade().map(|n| n.name), Some("a"));
        drop(a);
        assert!(b.back.borrow().upgrade().is_none());
    }
}
