// Package ch02 holds the Go twins of chapter 2, "The stack and the heap".
package ch02

// ANCHOR: escape
// countDistinct keeps its table to itself, and the table's size is a
// constant: the compiler can give it space in the frame.
func countDistinct(key []byte) int {
	seen := make([]bool, 256)
	distinct := 0
	for _, b := range key {
		if !seen[b] {
			seen[b] = true
			distinct++
		}
	}
	return distinct
}

// countZeros keeps its scratch buffer to itself too, but the buffer's size
// is known only at run time.
func countZeros(bytes []byte) int {
	scratch := make([]byte, len(bytes))
	copy(scratch, bytes)
	zeros := 0
	for _, b := range scratch {
		if b == 0 {
			zeros++
		}
	}
	return zeros
}

// newTable returns its table: the table outlives the call, whatever its size.
func newTable() []bool {
	return make([]bool, 256)
}

// ANCHOR_END: escape
