fn byte_count(text: String) -> usize {
    text.len()
}

fn main() {
    let title = String::from("Values and pointers");
    let count = byte_count(title);
    println!("{title} has {count} bytes");
}
