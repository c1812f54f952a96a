use std::thread;

fn main() {
    let mut count = 0u64;
    thread::scope(|scope| {
        scope.spawn(|| {
            for _ in 0..1_000 {
                count += 1;
            }
        });
        scope.spawn(|| {
            for _ in 0..1_000 {
                count += 1;
            }
        });
    });
    println!("{count}");
}
