//! Nothing to see: this crate exists for its dependencies. Building it leaves
//! one compiled copy of each crate the book's code blocks use in
//! `target/doctest-deps/debug/deps`, which `mdbook test` searches with `-L`.
//! (The workspace's own `target/debug/deps` holds several copies of some
//! crates, and rustdoc would stop with E0464, "multiple candidates".)

// Named so the build cannot drop them as unused.
pub use bumpalo;
pub use crossbeam;
pub use fastrand;
pub use libc;
pub use static_assertions;
