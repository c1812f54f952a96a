//! A pool of reusable buffers: taking one reuses a buffer given back
//! earlier, and a guard gives it back when dropped.

use std::cell::RefCell;
use std::ops::{Deref, DerefMut};

// ANCHOR: pool
/// Buffers given back, ready to be taken again.
pub struct Pool {
    free: RefCell<Vec<Vec<u8>>>,
    capacity: usize,
}

impl Pool {
    /// A pool of buffers of `capacity` bytes each; it starts empty.
    pub fn new(capacity: usize) -> Pool {
        Pool {
            free: RefCell::new(Vec::new()),
            capacity,
        }
    }

    /// An empty buffer: a returned one if there is one, else a new one.
    pub fn take(&self) -> Pooled<'_> {
        let buffer = self.free.borrow_mut().pop();
        let buffer = buffer.unwrap_or_else(|| Vec::with_capacity(self.capacity));
        Pooled { buffer, pool: self }
    }

    /// How many buffers wait in the pool.
    pub fn idle(&self) -> usize {
        self.free.borrow().len()
    }
}

/// A buffer on loan from a pool; dropping it gives it back.
pub struct Pooled<'a> {
    buffer: Vec<u8>,
    pool: &'a Pool,
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.clear(); // the next user must not see this one's data
        self.pool.free.borrow_mut().push(buffer);
    }
}

impl Deref for Pooled<'_> {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.buffer
    }
}

impl DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.buffer
    }
}
// ANCHOR_END: pool

// ANCHOR: batches
/// Handles `messages` in batches of `batch` at a time: each message in a
/// batch is encoded into a buffer of its own, and all of a batch's buffers
/// are alive together (as they would be while waiting to be sent).
pub fn encode_in_batches(pool: &Pool, messages: &[u64], batch: usize) -> usize {
    let mut bytes = 0;
    for chunk in messages.chunks(batch) {
        let mut in_flight = Vec::with_capacity(batch);
        for &message in chunk {
            let mut buffer = pool.take();
            buffer.extend_from_slice(&message.to_le_bytes());
            in_flight.push(buffer);
        }
        bytes += in_flight.iter().map(|b| b.len()).sum::<usize>();
    } // each batch's buffers go back to the pool here
    bytes
}
// ANCHOR_END: batches

/// The same work without a pool: a new buffer for every message.
pub fn encode_in_batches_fresh(messages: &[u64], batch: usize, capacity: usize) -> usize {
    let mut bytes = 0;
    for chunk in messages.chunks(batch) {
        let mut in_flight = Vec::with_capacity(batch);
        for &message in chunk {
            let mut buffer = Vec::with_capacity(capacity);
            buffer.extend_from_slice(&message.to_le_bytes());
            in_flight.push(buffer);
        }
        bytes += in_flight.iter().map(|b| b.len()).sum::<usize>();
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_returned_buffer_is_reused_and_empty() {
        let pool = Pool::new(16);
        let first = {
            let mut buffer = pool.take();
            buffer.extend_from_slice(b"secret");
            buffer.as_ptr()
        };
        assert_eq!(pool.idle(), 1);
        let again = pool.take();
        assert_eq!(again.as_ptr(), first, "the same buffer came back");
        assert!(again.is_empty(), "and it was cleared");
        assert_eq!(pool.idle(), 0);
    }

    #[test]
    fn the_pool_keeps_as_many_buffers_as_were_in_flight() {
        let pool = Pool::new(64);
        let messages: Vec<u64> = (0..1000).collect();
        assert_eq!(encode_in_batches(&pool, &messages, 8), 8000);
        assert_eq!(pool.idle(), 8);
        assert_eq!(encode_in_batches_fresh(&messages, 8, 64), 8000);
    }
}
