package shapes

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestQueue(t *testing.T) {
	q, err := NewQueue(2)
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Push(1); err != nil {
		t.Fatal(err)
	}
	if err := q.Push(2); err != nil {
		t.Fatal(err)
	}
	if err := q.Push(3); !errors.Is(err, ErrFull) {
		t.Fatalf("push on full queue: %v", err)
	}
	if v, ok := q.Peek(); !ok || v != 1 {
		t.Fatalf("Peek = %d, %v", v, ok)
	}
	if v, ok := q.Pop(); !ok || v != 1 || q.Len() != 1 {
		t.Fatalf("Pop = %d, %v, len %d", v, ok, q.Len())
	}
	if _, err := NewQueue(0); err == nil {
		t.Fatal("zero capacity accepted")
	}
}

func TestQueueDropsNegatives(t *testing.T) {
	q, err := NewQueue(1000)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 1000; i++ {
		v := i
		if i == 777 {
			v = -1 // the only value Push drops
		}
		if err := q.Push(v); err != nil {
			t.Fatal(err)
		}
	}
	if q.Len() != 999 || q.Dropped() != 1 {
		t.Fatalf("len %d, dropped %d", q.Len(), q.Dropped())
	}
}

func TestQuote(t *testing.T) {
	cases := []struct {
		r    Request
		want int
	}{
		{Request{Name: "bob", Qty: 3}, 300},
		{Request{Name: "bob", Qty: 50, Express: true}, 7125},
		{Request{Name: "bob", Qty: 200}, 17000},
	}
	for _, c := range cases {
		got, err := Quote(c.r)
		if err != nil || got != c.want {
			t.Errorf("Quote(%+v) = %d, %v; want %d", c.r, got, err, c.want)
		}
	}
	if _, err := Quote(Request{Qty: 1}); err == nil {
		t.Error("missing name accepted")
	}
}

func TestNormalize(t *testing.T) {
	r := &Request{Name: "  bob ", Qty: 2, Express: true}
	if err := Normalize(r); err != nil {
		t.Fatal(err)
	}
	if r.Name != "BOB" || r.Qty != 2 || !r.Express {
		t.Fatalf("got %+v", *r)
	}
}

func TestCollections(t *testing.T) {
	if got := Sum([]int{1, 2, 3, -4}); got != 2 {
		t.Errorf("Sum = %d", got)
	}
	m := map[string]int{"a": 1, "b": 5}
	if v, ok := Lookup(m, "b"); !ok || v != 5 {
		t.Errorf("Lookup b = %d, %v", v, ok)
	}
	if _, ok := Lookup(m, "z"); ok {
		t.Error("Lookup z found")
	}
	if got := Join("-", "a", "", "b"); got != "a-b" {
		t.Errorf("Join = %q", got)
	}
}

func TestHistogram(t *testing.T) {
	xs := make([]int, 0, 1000)
	for i := 0; i < 999; i++ {
		xs = append(xs, i)
	}
	xs = append(xs, -5)
	h := Histogram(xs, 100)
	if h[0] != 100 || h[9] != 99 || h[-1] != 1 {
		t.Fatalf("h = %v", h)
	}
}

func TestLevelAndToken(t *testing.T) {
	l, err := ParseLevel("Warning")
	if err != nil || l != Warn || l.String() != "warn" {
		t.Fatalf("ParseLevel = %v, %v", l, err)
	}
	if !Info.Enabled(Error) || Info.Enabled(Debug) {
		t.Error("Enabled wrong")
	}
	if Info.String() != "info" {
		t.Error("Info.String wrong")
	}
	if got := Token("user:abc").Scope(); got != "user" {
		t.Errorf("Scope = %q", got)
	}
	if got := Token("nocolon").Scope(); got != "" {
		t.Errorf("Scope = %q", got)
	}
}

func TestGrade(t *testing.T) {
	for s, want := range map[Score]string{95: "A", 80: "B", 60: "C", 10: "F"} {
		if got := Grade(s); got != want {
			t.Errorf("Grade(%v) = %q, want %q", s, got, want)
		}
	}
}

func TestCopy(t *testing.T) {
	n, err := Copy(context.Background(), strings.NewReader(strings.Repeat("x", 2000)))
	if err != nil || n != 2000 {
		t.Fatalf("Copy = %d, %v", n, err)
	}
}

func TestBackoff(t *testing.T) {
	if got := Backoff(100*time.Millisecond, time.Second, 2); got != 400*time.Millisecond {
		t.Errorf("Backoff = %v", got)
	}
	if got := Backoff(100*time.Millisecond, time.Second, 10); got != time.Second {
		t.Errorf("Backoff capped = %v", got)
	}
}

func TestEndpoint(t *testing.T) {
	for raw, want := range map[string]string{
		"http://example.com/x": "example.com:80",
		"https://example.com":  "example.com:443",
		"https://h.test:8443/": "h.test:8443",
	} {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Endpoint(u)
		if err != nil || got != want {
			t.Errorf("Endpoint(%s) = %q, %v", raw, got, err)
		}
	}
}

func TestGenerics(t *testing.T) {
	if got := Max(3, 9, 2); got != 9 {
		t.Errorf("Max ints = %d", got)
	}
	if got := Max("pear", "apple"); got != "pear" {
		t.Errorf("Max strings = %q", got)
	}
	var s Stack[string]
	s.Push("a")
	s.Push("b")
	if v, ok := s.Pop(); !ok || v != "b" {
		t.Errorf("Pop = %q, %v", v, ok)
	}
}

func TestCallbacks(t *testing.T) {
	seen := 0
	n := Each([]int{1, 2, 3, 4}, func(x int) bool {
		seen += x
		return x < 3
	})
	if n != 3 || seen != 6 {
		t.Errorf("Each visited %d, sum %d", n, seen)
	}
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	close(ch)
	if got := Drain(ch, 10); len(got) != 2 {
		t.Errorf("Drain = %v", got)
	}
	if err := Guard(func() { panic("boom") }); err == nil {
		t.Error("Guard missed a panic")
	}
}

func TestPointRoundTrip(t *testing.T) {
	for _, p := range []Point{{1, 2, ""}, {-3, 40, "home, sweet \"home\""}} {
		got, err := ParsePoint(p.Format())
		if err != nil || got != p {
			t.Errorf("ParsePoint(%q) = %+v, %v", p.Format(), got, err)
		}
	}
	if _, err := ParsePoint("1,2"); err == nil {
		t.Error("missing paren accepted")
	}
}
