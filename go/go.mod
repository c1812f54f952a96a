module github.com/mechanical-sympathy-rs/book/go

go 1.27
