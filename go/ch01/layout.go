//go:build amd64 || arm64

package ch01

import "unsafe"

// ANCHOR: reading
// reading declares its fields in a careless order: one byte, then eight,
// then two. gc lays them out in that order, padding each to its alignment.
type reading struct {
	valid     bool   // offset 0, then 7 bytes of padding
	timestamp uint64 // offset 8
	sensor    uint16 // offset 16, then 6 bytes of padding
}

// readingByAlignment holds the same fields sorted by falling alignment,
// as a Go programmer must do by hand: 8 + 2 + 1 bytes, rounded up to 16.
type readingByAlignment struct {
	timestamp uint64
	sensor    uint16
	valid     bool
}

// ANCHOR_END: reading

// Compile-time checks of the layout on 64-bit targets: each line builds
// only if its two array lengths agree, so `go build` proves the numbers.
var (
	_ [0]byte  = [unsafe.Offsetof(reading{}.valid)]byte{}
	_ [8]byte  = [unsafe.Offsetof(reading{}.timestamp)]byte{}
	_ [16]byte = [unsafe.Offsetof(reading{}.sensor)]byte{}
	_ [24]byte = [unsafe.Sizeof(reading{})]byte{}
	_ [8]byte  = [unsafe.Alignof(reading{})]byte{}
	_ [16]byte = [unsafe.Sizeof(readingByAlignment{})]byte{}
)
