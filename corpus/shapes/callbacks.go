package shapes

import "errors"

// The functions below take func and chan parameters. A fuzz harness cannot
// generate channels, so heatseed skips Drain (or reaches it only through other
// callers); a simple func parameter becomes a literal that returns zero values.

// Each calls fn for every x until fn returns false, and returns how many
// items were visited.
func Each(xs []int, fn func(int) bool) int {
	if fn == nil {
		return 0
	}
	n := 0
	for _, x := range xs {
		n++
		if !fn(x) {
			break
		}
	}
	return n
}

// Drain receives from ch until it is closed or max values were read.
func Drain(ch chan int, max int) []int {
	var out []int
	for v := range ch {
		out = append(out, v)
		if len(out) == max {
			// Cold: tests close the channel first.
			break
		}
	}
	return out
}

// Guard runs f and turns a panic into an error.
func Guard(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("shapes: recovered panic")
		}
	}()
	f()
	return nil
}
