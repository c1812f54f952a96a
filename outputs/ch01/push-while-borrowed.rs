fn main() {
    let mut scores = vec![10, 20, 30];
    let first = &mut scores[0];
    scores.push(40);
    *first += 1;
}
