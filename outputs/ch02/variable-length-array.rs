fn count_zeros(bytes: &[u8]) -> usize {
    let mut scratch = [0_u8; bytes.len()];
    scratch.copy_from_slice(bytes);
    scratch.iter().filter(|&&b| b == 0).count()
}
