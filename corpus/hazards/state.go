package hazards

import "math/rand"

// seed is the random seed Shuffle uses; SetRand installs another one.
var seed int64 = 1

// SetRand installs the seed of the random source Shuffle uses (0 means the default, 1).
func SetRand(s int64) {
	if s == 0 {
		s = 1
	}
	seed = s
}

// Shuffle returns the items in an order chosen by the package's random source.
func Shuffle(items []string) []string {
	out := append([]string(nil), items...)
	r := rand.New(rand.NewSource(seed))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
