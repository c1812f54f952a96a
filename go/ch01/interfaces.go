package ch01

import "fmt"

// ANCHOR: interfaces
type shape interface {
	area() float64
}

type square struct {
	side float64
}

func (s square) area() float64 { return s.side * s.side }

// describe passes u to fmt.Println, whose arguments escape: the user is
// copied to the heap so that the interface can point at it.
func describe(u user) {
	fmt.Println(u)
}

// isUser takes an interface but only looks at it. It is not inlined, yet
// escape analysis reads its body and sees that v does not escape.
//
//go:noinline
func isUser(v any) bool {
	_, ok := v.(user)
	return ok
}

func checkUser(u user) bool {
	return isUser(u) // the interface points at a copy in this frame
}

var shapes []shape

// keepShape stores the square behind an interface in a package variable.
func keepShape(s square) {
	shapes = append(shapes, s)
}

// ANCHOR_END: interfaces
