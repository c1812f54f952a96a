use std::cell::Cell;
use std::thread;

fn main() {
    let count = Cell::new(0u64);
    thread::scope(|scope| {
        scope.spawn(|| count.set(count.get() + 1));
        scope.spawn(|| count.set(count.get() + 1));
    });
    println!("{}", count.get());
}
