//! One linked list, two link orders: the nodes are allocated one after
//! another either way; only the order in which they are linked differs.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate fastrand;

// ANCHOR: list
/// A node owns the next one, as in a textbook singly linked list.
pub struct Node {
    value: u64,
    next: Option<Box<Node>>,
}

pub struct List {
    head: Option<Box<Node>>,
}

impl List {
    /// The values 0..n, linked in the order their nodes were allocated.
    pub fn in_allocation_order(n: usize) -> List {
        let nodes: Vec<_> = (0..n as u64).map(Node::boxed).collect();
        List::link(nodes.into_iter())
    }

    /// The same nodes, allocated the same way, linked in a shuffled order.
    /// Shuffling moves the `Box`es (the addresses), not the nodes.
    pub fn shuffled(n: usize, seed: u64) -> List {
        let mut nodes: Vec<_> = (0..n as u64).map(Node::boxed).collect();
        shuffle(&mut nodes, seed);
        List::link(nodes.into_iter())
    }
}

/// Follows the links: each step must wait for the node it reads to learn
/// where the next one is.
pub fn sum_list(list: &List) -> u64 {
    let mut sum = 0;
    let mut node = list.head.as_deref();
    while let Some(current) = node {
        sum += current.value;
        node = current.next.as_deref();
    }
    sum
}
// ANCHOR_END: list

impl List {
    /// Links `nodes[0] -> nodes[1] -> ...`, working from the back.
    fn link(nodes: impl DoubleEndedIterator<Item = Box<Node>>) -> List {
        let mut head = None;
        for mut node in nodes.rev() {
            node.next = head;
            head = Some(node);
        }
        List { head }
    }

    /// The values in list order.
    pub fn values(&self) -> Vec<u64> {
        self.nodes().map(|node| node.value).collect()
    }

    /// The nodes in list order.
    fn nodes(&self) -> impl Iterator<Item = &Node> {
        std::iter::successors(self.head.as_deref(), |node| node.next.as_deref())
    }
}

impl Node {
    /// One heap allocation per node.
    fn boxed(value: u64) -> Box<Node> {
        Box::new(Node { value, next: None })
    }
}

/// Dropping the head would drop the next node inside it, and so on: one
/// nested call per node, enough to overflow the stack for a long list.
/// Unlinking the nodes one at a time keeps the drop a loop.
impl Drop for List {
    fn drop(&mut self) {
        let mut next = self.head.take();
        while let Some(mut node) = next {
            next = node.next.take();
        }
    }
}

/// Every order of `items` equally likely, the same order for the same seed.
fn shuffle<T>(items: &mut [T], seed: u64) {
    fastrand::Rng::with_seed(seed).shuffle(items);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_orders_hold_every_value_once_and_give_the_same_sum() {
        for n in [0, 1, 2, 10, 1000] {
            let expected = (n as u64) * (n as u64).saturating_sub(1) / 2;
            let in_order = List::in_allocation_order(n);
            let shuffled = List::shuffled(n, 42);
            assert_eq!(sum_list(&in_order), expected, "n = {n}");
            assert_eq!(sum_list(&shuffled), expected, "n = {n}");
            let mut values = shuffled.values();
            values.sort_unstable();
            assert_eq!(values, in_order.values(), "n = {n}");
        }
    }

    #[test]
    fn in_allocation_order_visits_the_values_in_order() {
        assert_eq!(List::in_allocation_order(5).values(), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn shuffled_visits_the_values_out_of_order_and_depends_on_the_seed() {
        let first = List::shuffled(1000, 1).values();
        let second = List::shuffled(1000, 2).values();
        assert!(!first.is_sorted());
        assert_ne!(first, second);
        assert_eq!(first, List::shuffled(1000, 1).values());
    }

    /// The allocator hands out consecutive small allocations mostly at
    /// increasing addresses; linking in a shuffled order breaks that.
    #[test]
    fn only_the_shuffled_list_jumps_around_in_memory() {
        fn forward_steps(list: &List) -> usize {
            let addresses: Vec<usize> = list
                .nodes()
                .map(|node| node as *const Node as usize)
                .collect();
            addresses.windows(2).filter(|w| w[1] > w[0]).count()
        }
        let n = 10_000;
        assert!(forward_steps(&List::in_allocation_order(n)) > n * 9 / 10);
        let shuffled = forward_steps(&List::shuffled(n, 7));
        assert!(shuffled > n * 4 / 10 && shuffled < n * 6 / 10, "{shuffled}");
    }

    #[test]
    fn a_long_list_drops_without_overflowing_the_stack() {
        drop(List::shuffled(1_000_000, 3));
    }
}
