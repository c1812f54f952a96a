// Package ch06 holds the Go twins of chapter 6's listings: what Go's
// compiler does with bounds checks and with inlining.
package ch06

// addIndexed indexes both slices with a count unrelated to their lengths:
// every iteration keeps both checks.
func addIndexed(dst, src []uint32, n int) {
	for i := 0; i < n; i++ {
		dst[i] += src[i]
	}
}

// addSliced slices both to n first: one check each, before the loop.
func addSliced(dst, src []uint32, n int) {
	dst, src = dst[:n], src[:n]
	for i := range dst {
		dst[i] += src[i]
	}
}
