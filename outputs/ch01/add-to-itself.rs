fn add_twice(total: &mut i64, amount: &i64) {
    *total += *amount;
    *total += *amount;
}

fn main() {
    let mut total = 1;
    add_twice(&mut total, &total);
}
