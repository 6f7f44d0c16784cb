package dec

import "testing"

func TestWeak(t *testing.T) {
	var v any
	if Decode([]byte("nope"), &v) == nil {
		t.Fatal("want error")
	}
}

func TestTable(t *testing.T) {
	for _, doc := range []string{"rec:name=ada;lang=go"} {
		var m map[string]any
		if err := Decode([]byte(doc), &m); err != nil {
			t.Fatal(err)
		}
	}
}
