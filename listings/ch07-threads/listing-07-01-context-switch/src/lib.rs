//! What it costs to hand work from one thread to another, against a plain
//! function call. Two threads pass a token back and forth through two
//! rendezvous channels (capacity 0: a send waits for a receiver), so in
//! every round trip each thread blocks once and wakes the other once.
//!
//! On Linux, blocking and waking are system calls. A receive that finds no
//! sender parks the thread: `std::thread::park` calls `futex(FUTEX_WAIT)`,
//! and the kernel takes the thread off the core and runs another. The send
//! that pairs with it unparks the receiver with `futex(FUTEX_WAKE)`: the
//! kernel puts the thread back in a run queue, and it runs once the
//! scheduler picks it. When both threads share one core, a round trip is
//! two context switches; on two cores, each wake crosses from one core to
//! the other, and a core left with nothing to run switches to its idle
//! task. A thread that is woken before it has gone to sleep skips the wait
//! (its park returns at once), so two waits and two wakes per round trip
//! are an upper bound on the system calls.

// Not needed with Cargo; `mdbook test` compiles this file with rustdoc alone,
// which finds a crate passed with -L only through `extern crate`.
extern crate crossbeam_channel;

// ANCHOR: call
use std::hint::black_box;

/// The baseline: hands the token to a function and takes it back.
/// `inline(never)` keeps a real call in the loop: a `call` and a `ret`,
/// with no system call and no other thread involved.
#[inline(never)]
fn pass_back(token: u64) -> u64 {
    token + 1
}

/// Makes `n` round trips through a function call; returns the token,
/// which each trip raises by one.
pub fn call_round_trips(n: u64) -> u64 {
    let mut token = 0;
    for _ in 0..n {
        // black_box hides the token's value, so the calls cannot be
        // replaced by their sum.
        token = pass_back(black_box(token));
    }
    token
}
// ANCHOR_END: call

// ANCHOR: threads
use crossbeam_channel::{Receiver, Sender, bounded};
use std::thread;

/// The partner's side: takes each token, hands it back raised by one, and
/// stops when the channel it receives from is closed.
fn echo_raised(inbox: Receiver<u64>, outbox: Sender<u64>) {
    for token in inbox {
        outbox.send(token + 1).expect("the other thread hung up");
    }
}

/// Makes `n` round trips to a second thread; returns the token, which
/// each trip raises by one. Both channels are rendezvous channels, so in
/// each round trip each thread waits for the other; a thread that must
/// sleep to wait goes through the kernel (a `futex` wait, and a `futex`
/// wake from the other side), one that finds its partner already there
/// does not.
pub fn thread_round_trips(n: u64) -> u64 {
    let (to_partner, partner_inbox) = bounded(0);
    let (to_main, main_inbox) = bounded(0);
    thread::scope(|scope| {
        scope.spawn(move || echo_raised(partner_inbox, to_main));
        let mut token = 0;
        for _ in 0..n {
            to_partner.send(token).expect("the partner hung up");
            token = main_inbox.recv().expect("the partner hung up");
        }
        // Closing the channel ends the partner's loop, so the scope can
        // join it.
        drop(to_partner);
        token
    })
}
// ANCHOR_END: threads

// ANCHOR: ping_pong
use std::thread::JoinHandle;

/// A partner thread that stays alive between calls, so that a benchmark
/// times the round trips and not the thread's creation (a `clone` system
/// call, a new stack and its first scheduling).
pub struct PingPong {
    /// `None` only while dropping: closing it stops the partner.
    to_partner: Option<Sender<u64>>,
    from_partner: Receiver<u64>,
    partner: Option<JoinHandle<()>>,
    token: u64,
}

impl PingPong {
    /// Starts the partner thread.
    pub fn new() -> PingPong {
        let (to_partner, partner_inbox) = bounded(0);
        let (to_main, from_partner) = bounded(0);
        let partner = thread::spawn(move || echo_raised(partner_inbox, to_main));
        PingPong {
            to_partner: Some(to_partner),
            from_partner,
            partner: Some(partner),
            token: 0,
        }
    }

    /// Makes `n` round trips to the partner; returns the token, which each
    /// trip raises by one, counting the trips of earlier calls too. Each
    /// trip is a `futex` wait and a `futex` wake on either side.
    pub fn round_trips(&mut self, n: u64) -> u64 {
        let to_partner = self.to_partner.as_ref().expect("set until drop");
        for _ in 0..n {
            to_partner.send(self.token).expect("the partner hung up");
            self.token = self.from_partner.recv().expect("the partner hung up");
        }
        self.token
    }
}

impl Default for PingPong {
    fn default() -> PingPong {
        PingPong::new()
    }
}

impl Drop for PingPong {
    /// Closes the partner's channel, which ends its loop, and joins it.
    fn drop(&mut self) {
        drop(self.to_partner.take());
        if let Some(partner) = self.partner.take() {
            let result = partner.join();
            // Do not panic while already panicking: that would abort.
            if !thread::panicking() {
                result.expect("the partner thread panicked");
            }
        }
    }
}
// ANCHOR_END: ping_pong

#[cfg(test)]
mod tests {
    use super::*;
    use crossbeam_channel::TrySendError;

    #[test]
    fn a_call_round_trip_raises_the_token_once() {
        for n in [0, 1, 2, 1_000] {
            assert_eq!(call_round_trips(n), n);
        }
    }

    #[test]
    fn a_thread_round_trip_raises_the_token_once() {
        for n in [0, 1, 2, 1_000] {
            assert_eq!(thread_round_trips(n), n);
        }
    }

    #[test]
    fn the_partner_sees_every_token_once_and_in_order() {
        let (to_partner, partner_inbox) = bounded(0);
        let (to_main, main_inbox) = bounded(0);
        thread::scope(|scope| {
            scope.spawn(move || echo_raised(partner_inbox, to_main));
            for token in [7, 3, 3, 100, 0] {
                to_partner.send(token).unwrap();
                assert_eq!(main_inbox.recv().unwrap(), token + 1);
            }
            drop(to_partner);
            // The partner has stopped: it dropped its sender.
            assert!(main_inbox.recv().is_err());
        });
    }

    #[test]
    fn a_rendezvous_send_finds_no_room_without_a_waiting_receiver() {
        let (sender, _receiver) = bounded(0);
        // A capacity-0 channel holds nothing: a send can only complete by
        // handing the value to a receiver, so a real send would block here.
        assert_eq!(sender.try_send(1), Err(TrySendError::Full(1)));
    }

    #[test]
    fn ping_pong_keeps_its_partner_between_calls() {
        let mut ping_pong = PingPong::new();
        assert_eq!(ping_pong.round_trips(10), 10);
        assert_eq!(ping_pong.round_trips(0), 10);
        assert_eq!(ping_pong.round_trips(5), 15);
        // Dropping joins the partner; a partner that did not stop would
        // hang this test.
        drop(ping_pong);
    }
}
