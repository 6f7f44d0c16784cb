package feed

import "testing"

func TestSummarize(t *testing.T) {
	doc := `<feed version="2.0"><title>t</title><author><name>bob</name></author><entry id="1" kind="info">hello</entry></feed>`
	got, err := Summarize([]byte(doc))
	if err != nil || got != "plain" {
		t.Fatalf("Summarize = %q, %v", got, err)
	}
}
