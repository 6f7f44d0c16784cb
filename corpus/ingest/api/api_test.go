package api

import (
	"strings"
	"testing"
)

type memSink struct{ n int }

func (m *memSink) write(p []byte) error { m.n += len(p); return nil }

func TestClassify(t *testing.T) {
	got, err := Classify([]byte(`{"kind":"order","qty":"3","items":[{"sku":"A-1","qty":2}],"channel":"Web"}`))
	if err != nil || got != "standard" {
		t.Fatalf("Classify = %q, %v", got, err)
	}
}

func TestReadEvent(t *testing.T) {
	got, err := ReadEvent(strings.NewReader(`{"type":"order","seq":7,"data":{"id":1}}`))
	if err != nil || got != "event" {
		t.Fatalf("ReadEvent = %q, %v", got, err)
	}
}

func TestTree(t *testing.T) {
	got, err := Tree([]byte(`{"name":"catalog","children":[{"name":"books"}]}`))
	if err != nil || got != "narrow" {
		t.Fatalf("Tree = %q, %v", got, err)
	}
}

func TestStreamAndForward(t *testing.T) {
	s := Stream{Name: "orders"}
	if got := Label(s, "eu"); got != "eu/orders" {
		t.Fatalf("Label = %q", got)
	}
	m := &memSink{}
	if err := Forward(m, []byte("x")); err != nil || m.n != 1 {
		t.Fatalf("Forward: %v %d", err, m.n)
	}
}
