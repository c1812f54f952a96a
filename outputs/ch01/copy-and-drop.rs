#[derive(Clone, Copy)]
struct TempFile {
    descriptor: i32,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        println!("closing descriptor {}", self.descriptor);
    }
}

fn main() {
    let file = TempFile { descriptor: 3 };
    let copy = file;
    println!("{} {}", file.descriptor, copy.descriptor);
}
