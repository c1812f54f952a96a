fn new_greeting() -> &'static str {
    let greeting = String::from("hello");
    &greeting
}
