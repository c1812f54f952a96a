//! Pushes 1000 values into an empty `Vec<u64>` and prints each capacity it
//! grows to, and what the growth cost in copies.

use listing_06_01_vec_growth::{capacity_steps, elements_copied};

fn main() {
    let pushes = 1000;
    let steps = capacity_steps(pushes);
    println!("{:>9} {:>9}", "at push", "capacity");
    for step in &steps {
        println!("{:>9} {:>9}", step.len, step.capacity);
    }
    // Counted as the worst case, every old element moved at every growth:
    // `realloc` may grow a buffer in place and copy nothing.
    let copied = elements_copied(&steps);
    println!(
        "{pushes} pushes: 1 allocation, {} reallocations, at most {copied} elements copied ({:.2} per push)",
        steps.len() - 1,
        copied as f64 / pushes as f64,
    );
}
