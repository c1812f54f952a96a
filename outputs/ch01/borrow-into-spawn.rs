use std::thread;

fn main() {
    let numbers = vec![1, 2, 3];
    let handle = thread::spawn(|| numbers.iter().sum::<i32>());
    println!("{}", handle.join().unwrap());
}
