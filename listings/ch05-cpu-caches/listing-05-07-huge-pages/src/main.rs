use listing_05_07_huge_pages::{
    addresses, collapse_into_huge_pages, huge_page_bytes, transparent_huge_pages,
};

fn main() {
    let mode = transparent_huge_pages().unwrap_or_else(|e| format!("unknown ({e})"));
    println!("transparent huge pages: {mode}");
    // 256 MiB, every byte written: untouched pages are not mapped at all.
    let buffer = vec![1_u64; 32 << 20];
    report("as allocated", &buffer);
    if let Err(e) = collapse_into_huge_pages(addresses(&buffer)) {
        eprintln!("cannot collapse the buffer into huge pages: {e}");
        std::process::exit(1);
    }
    report("after MADV_COLLAPSE", &buffer);
}

fn report(when: &str, buffer: &[u64]) {
    match huge_page_bytes(addresses(buffer)) {
        Ok(huge) => println!("{when}: {} of 256 MiB on huge pages", huge >> 20),
        Err(e) => {
            eprintln!("cannot tell: {e}");
            std::process::exit(1);
        }
    }
}
