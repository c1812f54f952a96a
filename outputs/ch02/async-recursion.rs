/// Counts down to zero, awaiting itself one level at a time.
async fn count_down(n: u32) -> u32 {
    if n == 0 { 0 } else { count_down(n - 1).await + 1 }
}
