package hazards

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

func TestParseLevel(t *testing.T) {
	for s, want := range map[string]Level{"debug": Debug, "INFO": Info, " warn ": Warn, "error": Error} {
		got, err := ParseLevel(s)
		if err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v", s, got, err)
		}
	}
	if MustParse("info") != Info {
		t.Error("MustParse(info)")
	}
	if Version() != "hazards/1.0" {
		t.Error("Version")
	}
}

func TestWait(t *testing.T) {
	if Wait("fast") != "done" || Wait("later") != "queued" {
		t.Error("Wait")
	}
}

func TestSaveAndCleanup(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Save(filepath.Join(dir, "a.txt"), []byte("a")); err != nil {
		t.Fatal(err)
	}
	if err := Cleanup(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("Cleanup left %s", dir)
	}
}

func TestVersion(t *testing.T) {
	v, err := NewVersion("v1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Bump("patch").String(); got != "v1.2.4" {
		t.Errorf("Bump(patch) = %s", got)
	}
}

func TestSortAndFields(t *testing.T) {
	words := ByLen{"ccc", "a", "bb"}
	sort.Sort(words)
	if fmt.Sprint(words) != "[a bb ccc]" {
		t.Errorf("sorted %v", words)
	}
	n := 0
	Fields("a,b,c")(func(i int, f string) bool {
		n++
		return true
	})
	if n != 3 {
		t.Errorf("Fields gave %d fields", n)
	}
}

// The package's default random seed is 1 unless SetRand installs another: examples run after
// every test and fuzz test of the binary, so state leaked by them shows here.
func ExampleShuffle() {
	fmt.Println(Shuffle([]string{"a", "b", "c", "d", "e"}))
	// Output: [c a b e d]
}

func TestShuffleDefaultSeed(t *testing.T) {
	if seed != 1 {
		t.Fatalf("package seed is %d: some test leaked its state", seed)
	}
}
