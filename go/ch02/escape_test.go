package ch02

import (
	"bytes"
	"testing"
)

// A non-escaping make whose size is known only at run time gets a 32-byte
// buffer in the frame (cmd/compile: -d=variablemakethreshold, default 32):
// a request that fits uses it, a larger one calls the allocator.
func TestCountZerosAllocatesOnlyAboveTheFrameBuffer(t *testing.T) {
	for _, c := range []struct {
		length int
		allocs float64
	}{{0, 0}, {16, 0}, {32, 0}, {33, 1}, {4096, 1}} {
		input := bytes.Repeat([]byte{0}, c.length)
		got := testing.AllocsPerRun(100, func() {
			if countZeros(input) != c.length {
				t.Fatalf("countZeros miscounted %d zeros", c.length)
			}
		})
		if got != c.allocs {
			t.Errorf("countZeros of %d bytes: %v allocations per call, want %v", c.length, got, c.allocs)
		}
	}
}

func TestCountDistinctDoesNotAllocate(t *testing.T) {
	key := []byte("stack-and-heap/alloc")
	if got := testing.AllocsPerRun(100, func() { countDistinct(key) }); got != 0 {
		t.Errorf("countDistinct: %v allocations per call, want 0", got)
	}
}

func TestNewTableAllocatesEveryTime(t *testing.T) {
	var table []bool
	if got := testing.AllocsPerRun(100, func() { table = newTable() }); got != 1 {
		t.Errorf("newTable: %v allocations per call, want 1", got)
	}
	if len(table) != 256 {
		t.Errorf("newTable returned %d flags, want 256", len(table))
	}
}
