fn new_greeting() -> &str {
    let greeting = String::from("hello");
    &greeting
}
