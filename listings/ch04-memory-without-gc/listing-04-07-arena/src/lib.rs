//! The same binary tree built with one `Box` per node and in an arena,
//! `bumpalo::Bump`, which hands out memory from large chunks and frees them
//! all at once.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate bumpalo;

use bumpalo::Bump;

// ANCHOR: arena
/// A node that owns its children, each in its own heap allocation.
pub struct BoxNode {
    value: u64,
    left: Option<Box<BoxNode>>,
    right: Option<Box<BoxNode>>,
}

/// A node whose children live in an arena; it only borrows them.
pub struct ArenaNode<'a> {
    value: u64,
    left: Option<&'a ArenaNode<'a>>,
    right: Option<&'a ArenaNode<'a>>,
}

/// A complete tree of `depth` levels, values numbered from `*next`.
pub fn build_boxed(depth: u32, next: &mut u64) -> Option<Box<BoxNode>> {
    if depth == 0 {
        return None;
    }
    *next += 1;
    let value = *next;
    let left = build_boxed(depth - 1, next);
    let right = build_boxed(depth - 1, next);
    Some(Box::new(BoxNode { value, left, right }))
}

/// The same tree, each node placed in `arena`.
pub fn build_in<'a>(arena: &'a Bump, depth: u32, next: &mut u64) -> Option<&'a ArenaNode<'a>> {
    if depth == 0 {
        return None;
    }
    *next += 1;
    let value = *next;
    let left = build_in(arena, depth - 1, next);
    let right = build_in(arena, depth - 1, next);
    Some(arena.alloc(ArenaNode { value, left, right }))
}

/// Builds a tree of `depth` levels, sums it, and frees it node by node.
pub fn tree_sum_boxed(depth: u32) -> u64 {
    let tree = build_boxed(depth, &mut 0);
    sum_boxed(tree.as_deref())
} // every `Box` is freed here, one `dealloc` per node

/// The same in a fresh arena, freed chunk by chunk when `arena` goes.
pub fn tree_sum_arena(depth: u32) -> u64 {
    let arena = Bump::new();
    let tree = build_in(&arena, depth, &mut 0);
    sum_arena(tree)
} // the arena's few chunks are freed here; no node is visited
// ANCHOR_END: arena

fn sum_boxed(node: Option<&BoxNode>) -> u64 {
    node.map_or(0, |n| {
        n.value + sum_boxed(n.left.as_deref()) + sum_boxed(n.right.as_deref())
    })
}

fn sum_arena(node: Option<&ArenaNode<'_>>) -> u64 {
    node.map_or(0, |n| n.value + sum_arena(n.left) + sum_arena(n.right))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected_sum(depth: u32) -> u64 {
        let nodes = (1_u64 << depth) - 1;
        nodes * (nodes + 1) / 2
    }

    #[test]
    fn both_trees_hold_the_same_values() {
        for depth in [0, 1, 2, 5, 16] {
            assert_eq!(tree_sum_boxed(depth), expected_sum(depth), "depth {depth}");
            assert_eq!(tree_sum_arena(depth), expected_sum(depth), "depth {depth}");
        }
    }
}
