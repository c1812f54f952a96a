#[derive(Clone, Copy)]
struct Label {
    id: u32,
    text: String,
}

fn main() {
    let label = Label { id: 1, text: String::from("values") };
    let copy = label;
    println!("{} {}", label.id, copy.text);
}
