package ch01

// ANCHOR: receivers
type counter struct {
	hits int
}

// total has a value receiver: it works on a copy of the counter.
func (c counter) total() int { return c.hits }

// record has a pointer receiver: it works on the caller's counter.
func (c *counter) record() { c.hits++ }

// ANCHOR_END: receivers

// A *counter has both methods; a counter has only total, so only the
// pointer satisfies an interface that asks for record.
var _ interface {
	record()
	total() int
} = &counter{}
