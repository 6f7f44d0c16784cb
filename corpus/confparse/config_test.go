package confparse

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

const sample = `%conf 1
# edge proxy
[server]
port = 8080
timeout = 2.5
name = "edge \"one\"\n"
debug = true

[Limits]
max_conns = 512
ratio = 0.75
@include limits.d/extra.conf
`

func TestParseSample(t *testing.T) {
	cfg, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Version != 1 {
		t.Errorf("version = %d", cfg.Version)
	}
	if got := strings.Join(cfg.SectionNames(), ","); got != ",server,limits" {
		t.Errorf("sections = %q", got)
	}
	if len(cfg.Includes) != 1 || cfg.Includes[0] != "limits.d/extra.conf" {
		t.Errorf("includes = %v", cfg.Includes)
	}
	srv, err := cfg.ServerConfig()
	if err != nil {
		t.Fatal(err)
	}
	want := Server{Port: 8080, Timeout: 2500 * time.Millisecond, Name: "edge \"one\"\n", Debug: true}
	if *srv != want {
		t.Errorf("server = %+v, want %+v", *srv, want)
	}
	if n, err := cfg.Int("limits", "max_conns"); err != nil || n != 512 {
		t.Errorf("max_conns = %d, %v", n, err)
	}
	// Only the early return of Bool is exercised; the conversions stay cold.
	if _, err := cfg.Bool("limits", "verbose"); err == nil {
		t.Error("unset bool reported as set")
	}
	if v, _ := cfg.Get("limits", "ratio"); v != 0.75 {
		t.Errorf("ratio = %v", v)
	}
}

func TestParseManyKeys(t *testing.T) {
	var b strings.Builder
	b.WriteString("%conf 2\n[bulk]\n")
	for i := 0; i < 1000; i++ {
		if i == 500 {
			// A single comment in a long file: the comment branch is rare.
			b.WriteString("# halfway\n")
		}
		fmt.Fprintf(&b, "key_%d = %d\n", i, i)
	}
	cfg, err := ParseWith([]byte(b.String()), Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(cfg.Sections["bulk"]); got != 1000 {
		t.Fatalf("got %d keys", got)
	}
	if n, err := cfg.Int("bulk", "key_999"); err != nil || n != 999 {
		t.Fatalf("key_999 = %d, %v", n, err)
	}
}

func TestParseErrors(t *testing.T) {
	if _, err := Parse([]byte("[server]\nport=1\n")); !errors.Is(err, ErrNoMagic) {
		t.Errorf("no magic: %v", err)
	}
	var se *SyntaxError
	if _, err := Parse([]byte("%conf one\n")); !errors.As(err, &se) || se.Line != 1 {
		t.Errorf("bad version: %v", err)
	}
	if _, err := Parse([]byte("%conf 1\nport 8080\n")); !errors.As(err, &se) || se.Line != 2 {
		t.Errorf("missing '=': %v", err)
	}
}

func TestStringValues(t *testing.T) {
	cfg, err := Parse([]byte("%conf 1\n[server]\nport = \"9090\"\ntimeout = 1m\nmode = fast\n"))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := cfg.ServerConfig()
	if err != nil {
		t.Fatal(err)
	}
	if srv.Port != 9090 || srv.Timeout != time.Minute {
		t.Errorf("server = %+v", srv)
	}
	if v, _ := cfg.Get("server", "mode"); v != "fast" {
		t.Errorf("mode = %v", v)
	}
}
