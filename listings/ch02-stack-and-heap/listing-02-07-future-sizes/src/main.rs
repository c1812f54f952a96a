use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

// ANCHOR: futures
/// Pauses once, then adds. Across the pause it keeps two numbers.
async fn add_after_a_pause(a: u64, b: u64) -> u64 {
    Pause::default().await;
    a + b
}

/// Fills a kilobyte buffer, pauses, then sums it: the buffer lives across
/// the pause, so the future must hold it.
async fn sum_after_a_pause(fill: u8) -> u64 {
    let buffer = [fill; 1024];
    Pause::default().await;
    buffer.iter().map(|&byte| u64::from(byte)).sum()
}

/// Sums the buffer before it pauses: the buffer is gone by then, and the
/// future does not hold it.
async fn sum_before_a_pause(fill: u8) -> u64 {
    let sum = {
        let buffer = [fill; 1024];
        buffer.iter().map(|&byte| u64::from(byte)).sum()
    };
    Pause::default().await;
    sum
}
// ANCHOR_END: futures

// ANCHOR: executor
/// Pending the first time it is polled and ready the second: the smallest
/// stand-in for a wait on I/O or a timer.
#[derive(Default)]
struct Pause {
    paused: bool,
}

impl Future for Pause {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        if self.paused {
            return Poll::Ready(());
        }
        self.paused = true;
        context.waker().wake_by_ref(); // "poll me again", to whoever listens
        Poll::Pending
    }
}

/// Runs a future to completion on this thread, with no runtime: pins it
/// in this frame and polls it until it is ready. Returns its output and how
/// many polls it took.
fn run_to_completion<F: Future>(future: F) -> (F::Output, u32) {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    let mut polls = 1;
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return (output, polls);
        }
        polls += 1;
    }
}

fn main() {
    report("add_after_a_pause", add_after_a_pause(2, 3));
    report("sum_after_a_pause", sum_after_a_pause(1));
    report("sum_before_a_pause", sum_before_a_pause(1));
}

/// Prints the size of a future, then runs it and prints what it gave.
fn report(name: &str, future: impl Future<Output = u64>) {
    let size = size_of_val(&future);
    let (output, polls) = run_to_completion(future);
    println!("{name}: a future of {size} bytes, ready after {polls} polls with {output}");
}
// ANCHOR_END: executor

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_async_fn_is_a_small_future() {
        let future = add_after_a_pause(2, 3);
        assert!(size_of_val(&future) < 64, "{} bytes", size_of_val(&future));
        assert_eq!(run_to_completion(future), (5, 2));
    }

    /// Today's rustc stores each argument twice: as captured by the future
    /// and in the local the body moves it into (rust-lang/rust#62958). If
    /// this fails, rustc has improved and the chapter needs updating.
    #[test]
    fn the_arguments_are_kept_twice() {
        let both_numbers = 2 * size_of::<u64>();
        let future = add_after_a_pause(2, 3);
        assert!(
            size_of_val(&future) > 2 * both_numbers,
            "{} bytes",
            size_of_val(&future)
        );
    }

    #[test]
    fn a_buffer_held_across_an_await_is_part_of_the_future() {
        let future = sum_after_a_pause(1);
        assert!(
            size_of_val(&future) >= 1024,
            "{} bytes",
            size_of_val(&future)
        );
        assert_eq!(run_to_completion(future), (1024, 2));
    }

    #[test]
    fn a_buffer_dropped_before_the_await_is_not() {
        let future = sum_before_a_pause(1);
        assert!(size_of_val(&future) < 64, "{} bytes", size_of_val(&future));
        assert_eq!(run_to_completion(future), (1024, 2));
    }

    #[test]
    fn the_size_is_the_types_size_known_at_compile_time() {
        fn size_of_future<F: Future>(_: &F) -> usize {
            size_of::<F>()
        }
        let future = sum_after_a_pause(1);
        assert_eq!(size_of_future(&future), size_of_val(&future));
    }
}
