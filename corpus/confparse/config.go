// Package confparse parses a small INI-like configuration format and a tiny
// binary frame format (see frame.go).
//
// A config file starts with the magic header "%conf" and a version, then has
// comment lines, [section] headers, key=value lines and @directives:
//
//	%conf 1
//	# comment
//	[server]
//	port = 8080
//	timeout = 2.5
//	name = "edge \"one\""
//	@include other.conf
//
// It exercises byte-level guards (bytes.HasPrefix on the magic, s[0] == '#'),
// strconv.Atoi / ParseBool / ParseFloat followed by range checks
// (port > 65535, timeout < 0), strings.Split with len(parts) != 2, unicode
// class checks, a type switch over parsed values, a switch over directive
// names and escape handling. The tests only use well-formed files, so most
// error paths, the "env" and "unset" directives and several escapes are cold.
package confparse

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

var magic = []byte("%conf")

// MaxSections limits how many sections one file may declare.
const MaxSections = 64

// Config is a parsed configuration file.
type Config struct {
	Version  int
	Sections map[string]map[string]any
	Includes []string
	Env      map[string]string
	order    []string
}

// Options tune the parser.
type Options struct {
	// Strict rejects unknown directives and duplicate keys.
	Strict bool
}

// SyntaxError describes a problem on one line.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("confparse: line %d: %s", e.Line, e.Msg)
}

// ErrNoMagic is returned when the input does not start with the header.
var ErrNoMagic = errors.New("confparse: missing %conf header")

// Parse parses data with default options.
func Parse(data []byte) (*Config, error) {
	return ParseWith(data, Options{})
}

// ParseWith parses data with the given options.
func ParseWith(data []byte, opts Options) (*Config, error) {
	if !bytes.HasPrefix(data, magic) {
		return nil, ErrNoMagic
	}
	header, body, _ := bytes.Cut(data, []byte("\n"))
	version, err := strconv.Atoi(strings.TrimSpace(string(header[len(magic):])))
	if err != nil {
		return nil, &SyntaxError{Line: 1, Msg: "bad version: " + err.Error()}
	}
	if version < 1 || version > 2 {
		return nil, &SyntaxError{Line: 1, Msg: fmt.Sprintf("unsupported version %d", version)}
	}
	cfg := &Config{
		Version:  version,
		Sections: map[string]map[string]any{"": {}},
		Env:      map[string]string{},
		order:    []string{""},
	}
	section := ""
	for i, raw := range strings.Split(string(body), "\n") {
		lineNo := i + 2
		s := strings.TrimSpace(raw)
		if len(s) == 0 {
			continue
		}
		if s[0] == '#' || s[0] == ';' {
			continue
		}
		if s[0] == '[' {
			name, err := sectionName(s)
			if err != nil {
				return nil, &SyntaxError{Line: lineNo, Msg: err.Error()}
			}
			if _, ok := cfg.Sections[name]; !ok {
				if len(cfg.order) >= MaxSections {
					return nil, &SyntaxError{Line: lineNo, Msg: "too many sections"}
				}
				cfg.Sections[name] = map[string]any{}
				cfg.order = append(cfg.order, name)
			}
			section = name
			continue
		}
		if s[0] == '@' {
			if err := cfg.directive(section, s[1:], opts); err != nil {
				return nil, &SyntaxError{Line: lineNo, Msg: err.Error()}
			}
			continue
		}
		parts := strings.Split(s, "=")
		if len(parts) != 2 {
			return nil, &SyntaxError{Line: lineNo, Msg: "want key = value"}
		}
		key := strings.TrimSpace(parts[0])
		if err := checkKey(key); err != nil {
			return nil, &SyntaxError{Line: lineNo, Msg: err.Error()}
		}
		val, err := parseValue(strings.TrimSpace(parts[1]))
		if err != nil {
			return nil, &SyntaxError{Line: lineNo, Msg: key + ": " + err.Error()}
		}
		if _, dup := cfg.Sections[section][key]; dup && opts.Strict {
			return nil, &SyntaxError{Line: lineNo, Msg: "duplicate key " + key}
		}
		cfg.Sections[section][key] = val
	}
	return cfg, nil
}

// sectionName extracts and checks the name in "[name]".
func sectionName(s string) (string, error) {
	if s[len(s)-1] != ']' {
		return "", errors.New("unterminated section header")
	}
	name := strings.TrimSpace(s[1 : len(s)-1])
	if name == "" {
		return "", errors.New("empty section name")
	}
	for i, r := range name {
		if unicode.IsSpace(r) {
			return "", fmt.Errorf("space in section name %q", name)
		}
		if i == 0 && unicode.IsDigit(r) {
			return "", fmt.Errorf("section name %q starts with a digit", name)
		}
	}
	return strings.ToLower(name), nil
}

// checkKey rejects keys that would be ambiguous when written back.
func checkKey(key string) error {
	if key == "" {
		return errors.New("empty key")
	}
	for _, r := range key {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '_', r == '.', r == '-':
		case unicode.IsSpace(r):
			return fmt.Errorf("space in key %q", key)
		default:
			return fmt.Errorf("invalid character %q in key", r)
		}
	}
	return nil
}

// directive applies an @name argument line.
func (c *Config) directive(section, s string, opts Options) error {
	name, arg, _ := strings.Cut(s, " ")
	arg = strings.TrimSpace(arg)
	switch name {
	case "include":
		if arg == "" {
			return errors.New("include needs a path")
		}
		if strings.Contains(arg, "..") {
			return fmt.Errorf("include path %q escapes the config dir", arg)
		}
		c.Includes = append(c.Includes, arg)
	case "env":
		k, v, ok := strings.Cut(arg, "=")
		if !ok || k == "" {
			return errors.New("env needs NAME=value")
		}
		c.Env[k] = v
	case "unset":
		if _, ok := c.Sections[section][arg]; !ok {
			return fmt.Errorf("unset of unknown key %q", arg)
		}
		delete(c.Sections[section], arg)
	default:
		if opts.Strict {
			return fmt.Errorf("unknown directive @%s", name)
		}
	}
	return nil
}

// SectionNames returns the sections in the order they were declared.
func (c *Config) SectionNames() []string {
	return append([]string(nil), c.order...)
}

// Merge overlays other on top of c, as done after loading an @include.
// Keys in other win; env entries prefixed with "-" remove a variable.
func (c *Config) Merge(other *Config) error {
	if other.Version > c.Version {
		return fmt.Errorf("confparse: cannot merge version %d into %d", other.Version, c.Version)
	}
	for _, name := range other.order {
		dst, ok := c.Sections[name]
		if !ok {
			if len(c.order) >= MaxSections {
				return errors.New("confparse: too many sections after merge")
			}
			dst = map[string]any{}
			c.Sections[name] = dst
			c.order = append(c.order, name)
		}
		for k, v := range other.Sections[name] {
			dst[k] = v
		}
	}
	for k, v := range other.Env {
		if strings.HasPrefix(k, "-") {
			delete(c.Env, k[1:])
			continue
		}
		c.Env[k] = v
	}
	c.Includes = append(c.Includes, other.Includes...)
	return nil
}
