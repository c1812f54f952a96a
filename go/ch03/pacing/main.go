// Command pacing is the Go workload chapter 3's pacer model describes: a
// fixed live heap, and a steady stream of short-lived garbage allocated at a
// set rate. Build it, then run it under GODEBUG=gctrace=1 to see what the
// real pacer does with each GOGC and GOMEMLIMIT (under `go run`, the trace
// would show the compiler's own collections too):
//
//	go build -o /tmp/pacing ./ch03/pacing
//	GODEBUG=gctrace=1 GOGC=100 /tmp/pacing -live 32 -rate 256 -seconds 10
//
// The cycles between the two marked "(forced)" are the run.
//
// The live heap is a linked list of 64-byte nodes, so that marking it is
// scanning work, as in the model; the garbage is nodes of the same size.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"time"
)

// node is 64 bytes on 64-bit targets: a pointer the collector must follow,
// and padding.
type node struct {
	next *node
	_    [56]byte
}

const (
	mib       = 1 << 20
	nodeBytes = 64
	// Garbage is allocated in batches of this many bytes between looks at
	// the clock: at 256 MiB/s, a batch every quarter of a millisecond, so
	// that even a 2 ms mark phase sees a steady stream.
	batchBytes = 64 << 10
)

// live holds the live list, so that the collector can reach it.
var live *node

// sink holds the newest garbage node, so that the compiler cannot drop the
// allocations; each node becomes garbage when the next one replaces it.
var sink *node

func main() {
	liveMiB := flag.Float64("live", 32, "live heap in MiB")
	rateMiB := flag.Float64("rate", 256, "garbage allocated per second, in MiB")
	seconds := flag.Float64("seconds", 10, "how long to run")
	flag.Parse()
	if *liveMiB < 0 || *rateMiB <= 0 || *seconds <= 0 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "pacing: -live must be >= 0 and -rate and -seconds > 0, with no other arguments; see -help")
		os.Exit(2)
	}

	// ANCHOR: workload
	for n := 0; n < int(*liveMiB*mib/nodeBytes); n++ {
		live = &node{next: live}
	}
	// One forced collection, marked "(forced)" in the trace, so that the
	// measured part starts where the model starts: a heap of exactly the
	// live data, and a goal computed from it.
	runtime.GC()
	start := time.Now()
	var allocated float64
	for {
		elapsed := time.Since(start).Seconds()
		if elapsed >= *seconds {
			break
		}
		// Allocate only as far as the schedule allows, then wait for it.
		if allocated >= *rateMiB*mib*elapsed {
			time.Sleep(100 * time.Microsecond)
			continue
		}
		for i := 0; i < batchBytes/nodeBytes; i++ {
			sink = &node{}
		}
		allocated += batchBytes
	}
	// ANCHOR_END: workload
	// A last forced collection waits for any cycle still running, so that
	// the trace's last line is not cut off when the program exits.
	runtime.GC()
	fmt.Printf("allocated %.0f MiB of garbage in %.1f s\n", allocated/mib, time.Since(start).Seconds())
	fmt.Printf("non-heap memory %d bytes\n", nonHeapBytes())
	fmt.Printf("roots %d bytes\n", rootBytes())
}

// rootBytes is what the next cycle must scan besides the heap: goroutine
// stacks and globals, the roots the heap goal counts since Go 1.18.
func rootBytes() uint64 {
	samples := []metrics.Sample{
		{Name: "/gc/scan/globals:bytes"},
		{Name: "/gc/scan/stack:bytes"},
	}
	metrics.Read(samples)
	return samples[0].Value.Uint64() + samples[1].Value.Uint64()
}

// nonHeapBytes is the memory the runtime counts against GOMEMLIMIT beyond
// the heap's objects and its free pages: the pacer's nonHeapMemory
// (mappedReady - heapFree - heapAlloc in runtime/mgcpacer.go), read from
// runtime/metrics.
func nonHeapBytes() uint64 {
	samples := []metrics.Sample{
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
	}
	metrics.Read(samples)
	total := samples[0].Value.Uint64()
	for _, s := range samples[1:] {
		total -= s.Value.Uint64()
	}
	return total
}
