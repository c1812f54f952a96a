// Command pacing is the Go workload chapter 3's pacer model describes: a
// fixed live heap, and a steady stream of short-lived garbage allocated at a
// set rate. Run it under GODEBUG=gctrace=1 to see what the real pacer does
// with each GOGC and GOMEMLIMIT:
//
//	GODEBUG=gctrace=1 GOGC=100 go run ./ch03/pacing -live 32 -rate 256 -seconds 10
//
// The live heap is a linked list of 64-byte nodes, so that marking it is
// scanning work, as in the model; the garbage is nodes of the same size.
package main

import (
	"flag"
	"fmt"
	"os"
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
	// the clock.
	batchBytes = mib
)

// live holds the live list, so that the collector can reach it.
var live *node

// sink keeps the last garbage batch reachable until the next one, so that
// the compiler cannot drop the allocations.
var sink *node

func main() {
	liveMiB := flag.Float64("live", 32, "live heap in MiB")
	rateMiB := flag.Float64("rate", 256, "garbage allocated per second, in MiB")
	seconds := flag.Float64("seconds", 10, "how long to run")
	stepAt := flag.Float64("step-at", 0, "if > 0, when (in seconds) the live heap grows to -step-live")
	stepLiveMiB := flag.Float64("step-live", 0, "the live heap in MiB from -step-at on")
	flag.Parse()
	if *liveMiB < 0 || *rateMiB <= 0 || *seconds <= 0 || (*stepAt > 0 && *stepLiveMiB < *liveMiB) {
		fmt.Fprintln(os.Stderr, "pacing: -live must be >= 0, -rate and -seconds > 0, and -step-live >= -live when -step-at is set")
		os.Exit(2)
	}

	grow(*liveMiB)
	start := time.Now()
	var allocated float64
	stepped := false
	for {
		elapsed := time.Since(start).Seconds()
		if elapsed >= *seconds {
			break
		}
		if *stepAt > 0 && !stepped && elapsed >= *stepAt {
			grow(*stepLiveMiB)
			stepped = true
		}
		// Allocate only as far as the schedule allows, then wait for it.
		if allocated >= *rateMiB*mib*elapsed {
			time.Sleep(100 * time.Microsecond)
			continue
		}
		var batch *node
		for i := 0; i < batchBytes/nodeBytes; i++ {
			batch = &node{next: batch}
		}
		sink = batch
		allocated += batchBytes
	}
	fmt.Printf("allocated %.0f MiB of garbage in %.1f s\n", allocated/mib, time.Since(start).Seconds())
}

// grow extends the live list to liveMiB.
func grow(liveMiB float64) {
	want := int(liveMiB * mib / nodeBytes)
	have := 0
	for n := live; n != nil; n = n.next {
		have++
	}
	for ; have < want; have++ {
		live = &node{next: live}
	}
}
