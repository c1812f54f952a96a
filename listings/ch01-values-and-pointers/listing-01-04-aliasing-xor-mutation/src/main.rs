// ANCHOR: all
/// Adds `amount` to `total` twice. `total` is exclusive, so `amount` cannot
/// point at it: the compiler may read `*amount` once and keep it in a register.
fn add_twice(total: &mut i64, amount: &i64) {
    *total += *amount;
    *total += *amount;
}

fn main() {
    let mut total = 1;
    let amount = 1;
    add_twice(&mut total, &amount);
    assert_eq!(total, 3);
    println!("total = {total}");
}
// ANCHOR_END: all

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_twice_adds_the_amount_two_times() {
        let mut total = 10;
        add_twice(&mut total, &7);
        assert_eq!(total, 24);
    }

    #[test]
    fn a_copy_of_total_is_a_separate_amount() {
        // To add a value to itself, pass a copy: a new value, so no alias.
        let mut total = 1;
        let amount = total;
        add_twice(&mut total, &amount);
        assert_eq!(total, 3);
    }
}
