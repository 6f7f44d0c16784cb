package shapes

import (
	"errors"
	"fmt"
)

// MaxCapacity is the largest queue NewQueue will allocate.
const MaxCapacity = 1 << 16

// ErrFull is returned by Push on a full queue.
var ErrFull = errors.New("shapes: queue full")

// Queue is a bounded FIFO of ints.
type Queue struct {
	items []int
	limit int
	drops int
}

// NewQueue creates a queue holding at most capacity items.
func NewQueue(capacity int) (*Queue, error) {
	if capacity <= 0 {
		return nil, fmt.Errorf("shapes: capacity %d must be positive", capacity)
	}
	if capacity > MaxCapacity {
		return nil, fmt.Errorf("shapes: capacity %d above %d", capacity, MaxCapacity)
	}
	return &Queue{items: make([]int, 0, capacity), limit: capacity}, nil
}

// Push appends v. Negative values are dropped and counted.
func (q *Queue) Push(v int) error {
	if v < 0 {
		q.drops++
		return nil
	}
	if len(q.items) == q.limit {
		return ErrFull
	}
	q.items = append(q.items, v)
	return nil
}

// Pop removes and returns the oldest item.
func (q *Queue) Pop() (int, bool) {
	if len(q.items) == 0 {
		return 0, false
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v, true
}

// Len is a value-receiver method.
func (q Queue) Len() int { return len(q.items) }

// Peek returns the oldest item without removing it.
func (q Queue) Peek() (int, bool) {
	if len(q.items) == 0 {
		return 0, false
	}
	return q.items[0], true
}

// Dropped reports how many negative values Push discarded.
func (q Queue) Dropped() int { return q.drops }

// Resize changes the capacity; it never drops queued items.
func (q *Queue) Resize(capacity int) error {
	if capacity < len(q.items) {
		return fmt.Errorf("shapes: %d items do not fit in %d", len(q.items), capacity)
	}
	if capacity > MaxCapacity {
		return fmt.Errorf("shapes: capacity %d above %d", capacity, MaxCapacity)
	}
	q.limit = capacity
	return nil
}
