use std::rc::Rc;
use std::thread;

fn main() {
    let settings = Rc::new(String::from("theme = dark"));
    let for_thread = Rc::clone(&settings);
    thread::spawn(move || println!("{for_thread}"));
}
