use std::sync::Arc;
use std::thread;

// ANCHOR: arc
// `thread::spawn` needs a `'static` closure: the thread may outlive this
// frame, so it must own what it reads. An `Arc` gives it a share.
fn sum_with_spawned_thread(numbers: Arc<Vec<u64>>) -> u64 {
    let half = numbers.len() / 2;
    let for_thread = Arc::clone(&numbers);
    let left = thread::spawn(move || for_thread[..half].iter().sum::<u64>());
    let right: u64 = numbers[half..].iter().sum();
    left.join().unwrap() + right
}
// ANCHOR_END: arc

// ANCHOR: scoped
// A scope joins its threads before it returns, so they may borrow from
// this frame: a plain `&[u64]` is enough, no `Arc`, no clone.
fn sum_with_scoped_thread(numbers: &[u64]) -> u64 {
    let (left_half, right_half) = numbers.split_at(numbers.len() / 2);
    thread::scope(|scope| {
        let left = scope.spawn(|| left_half.iter().sum::<u64>());
        let right: u64 = right_half.iter().sum();
        left.join().unwrap() + right
    })
}
// ANCHOR_END: scoped

fn main() {
    let numbers: Vec<u64> = (1..=100).collect();
    let scoped = sum_with_scoped_thread(&numbers);
    let spawned = sum_with_spawned_thread(Arc::new(numbers));
    println!("scoped: {scoped}, spawned: {spawned}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ways_add_up_every_number() {
        let numbers: Vec<u64> = (1..=1000).collect();
        assert_eq!(sum_with_scoped_thread(&numbers), 500_500);
        assert_eq!(sum_with_spawned_thread(Arc::new(numbers)), 500_500);
    }

    #[test]
    fn odd_lengths_and_empty_input_are_summed_whole() {
        assert_eq!(sum_with_scoped_thread(&[]), 0);
        assert_eq!(sum_with_scoped_thread(&[4, 5, 6]), 15);
        assert_eq!(sum_with_spawned_thread(Arc::new(vec![4, 5, 6])), 15);
    }

    #[test]
    fn the_spawned_threads_share_is_released_after_join() {
        let numbers = Arc::new(vec![1, 2, 3]);
        assert_eq!(sum_with_spawned_thread(Arc::clone(&numbers)), 6);
        assert_eq!(Arc::strong_count(&numbers), 1);
    }

    #[test]
    fn a_scoped_thread_reads_the_callers_buffer_where_it_is() {
        let numbers: Vec<u64> = (1..=10).collect();
        // The thread reports the address it reads from (as an integer: raw
        // pointers are not `Send`); it is the caller's own buffer, not a copy.
        let seen_by_thread = thread::scope(|scope| {
            scope
                .spawn(|| numbers.as_slice().as_ptr() as usize)
                .join()
                .unwrap()
        });
        assert_eq!(seen_by_thread, numbers.as_ptr() as usize);
    }

    #[test]
    fn after_the_scope_the_caller_may_change_its_data_again() {
        let mut numbers: Vec<u64> = vec![1, 2, 3];
        assert_eq!(sum_with_scoped_thread(&numbers), 6);
        numbers.push(4); // the borrow ended with the scope: every thread was joined
        assert_eq!(sum_with_scoped_thread(&numbers), 10);
    }
}
