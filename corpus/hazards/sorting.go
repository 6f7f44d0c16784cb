package hazards

import "iter"

// ByLen sorts strings by length (a sort.Interface).
type ByLen []string

func (b ByLen) Len() int { return len(b) }

func (b ByLen) Less(i, j int) bool {
	if len(b[i]) == len(b[j]) {
		return b[i] < b[j]
	}
	return len(b[i]) < len(b[j])
}

func (b ByLen) Swap(i, j int) { b[i], b[j] = b[j], b[i] }

// Fields yields the comma-separated fields of s with their index; a "!stop" field ends the
// sequence early.
func Fields(s string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		start, i := 0, 0
		for k := 0; k <= len(s); k++ {
			if k < len(s) && s[k] != ',' {
				continue
			}
			f := s[start:k]
			start = k + 1
			if f == "!stop" {
				return
			}
			if !yield(i, f) {
				return
			}
			i++
		}
	}
}
