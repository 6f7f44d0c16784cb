package shapes

import "cmp"

// Max returns the largest argument, or the zero value for no arguments.
func Max[T cmp.Ordered](xs ...T) T {
	var zero T
	if len(xs) == 0 {
		return zero
	}
	m := xs[0]
	for _, x := range xs[1:] {
		if x > m {
			m = x
		}
	}
	return m
}

// Stack is a generic LIFO with an optional size limit.
type Stack[T any] struct {
	items []T
	Limit int
}

// Push adds v and reports whether it fit.
func (s *Stack[T]) Push(v T) bool {
	if s.Limit > 0 && len(s.items) >= s.Limit {
		return false
	}
	s.items = append(s.items, v)
	return true
}

// Pop removes the newest item.
func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}
