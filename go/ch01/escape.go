// Package ch01 holds the Go twins of chapter 1, "Values and pointers".
package ch01

type user struct {
	name string
	age  int
}

// ANCHOR: new-user
// newUser shares the user it builds: the & in the return statement says so.
func newUser(name string) *user {
	u := user{name: name}
	return &u
}

// ANCHOR_END: new-user

// ANCHOR: callers
// nameLength keeps only a field of the new user: once newUser is inlined
// here, no pointer to u outlives the call, so u can stay in this frame.
func nameLength(name string) int {
	u := newUser(name)
	return len(u.name)
}

var lastUser *user

// remember stores the pointer in a package variable, which outlives every
// call: u must live on the heap.
func remember(name string) {
	lastUser = newUser(name)
}

// ANCHOR_END: callers
