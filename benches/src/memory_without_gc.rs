//! Chapter 4's workloads, shared by its two bench targets: the one that
//! times them and the one that counts their allocator calls, so that both
//! measure the very same work.

/// Words turned into keys (`buffer/*`) and lower-cased (`lowercase/*`).
pub const WORDS: usize = 1000;
/// Elements pushed (`capacity/*`).
pub const SQUARES: u64 = 10_000;
/// Depth of the binary tree (`tree/*`): 65,535 nodes.
pub const TREE_DEPTH: u32 = 16;
/// Messages encoded (`pool/*`), in batches of `BATCH` buffers of
/// `BUFFER_BYTES` each.
pub const MESSAGES: u64 = 1000;
pub const BATCH: usize = 8;
pub const BUFFER_BYTES: usize = 64;
