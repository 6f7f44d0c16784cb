package confparse

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// parseValue turns the right-hand side of key = value into a Go value:
// a quoted string, bool, int, float64 or bare string.
func parseValue(raw string) (any, error) {
	if raw == "" {
		return "", nil
	}
	if raw[0] == '"' {
		return unquote(raw)
	}
	if b, err := strconv.ParseBool(raw); err == nil {
		return b, nil
	}
	if n, err := strconv.Atoi(raw); err == nil {
		return n, nil
	}
	if strings.ContainsAny(raw, ".eE") {
		if f, err := strconv.ParseFloat(raw, 64); err == nil {
			return f, nil
		}
	}
	return raw, nil
}

// unquote handles a double-quoted value with backslash escapes.
func unquote(raw string) (string, error) {
	if len(raw) < 2 || raw[len(raw)-1] != '"' {
		return "", errors.New("unterminated string")
	}
	body := raw[1 : len(raw)-1]
	if !strings.Contains(body, `\`) {
		return body, nil
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(body) {
			return "", errors.New("trailing backslash")
		}
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '\\', '"':
			b.WriteByte(body[i])
		case 'x':
			if i+2 >= len(body) {
				return "", errors.New("short \\x escape")
			}
			n, err := strconv.ParseUint(body[i+1:i+3], 16, 8)
			if err != nil {
				return "", fmt.Errorf("bad \\x escape: %v", err)
			}
			b.WriteByte(byte(n))
			i += 2
		default:
			return "", fmt.Errorf("unknown escape \\%c", body[i])
		}
	}
	return b.String(), nil
}

// Get returns the raw parsed value of section.key.
func (c *Config) Get(section, key string) (any, bool) {
	sec, ok := c.Sections[section]
	if !ok {
		return nil, false
	}
	v, ok := sec[key]
	return v, ok
}

// Int returns section.key as an int, converting where it is lossless.
func (c *Config) Int(section, key string) (int, error) {
	v, ok := c.Get(section, key)
	if !ok {
		return 0, fmt.Errorf("confparse: %s.%s not set", section, key)
	}
	switch x := v.(type) {
	case int:
		return x, nil
	case float64:
		if x != float64(int(x)) {
			return 0, fmt.Errorf("confparse: %s.%s = %v is not whole", section, key, x)
		}
		return int(x), nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case string:
		return strconv.Atoi(x)
	default:
		return 0, fmt.Errorf("confparse: %s.%s has type %T", section, key, v)
	}
}

// Bool returns section.key as a bool. Numbers are true when non-zero.
func (c *Config) Bool(section, key string) (bool, error) {
	v, ok := c.Get(section, key)
	if !ok {
		return false, fmt.Errorf("confparse: %s.%s not set", section, key)
	}
	switch x := v.(type) {
	case bool:
		return x, nil
	case int:
		return x != 0, nil
	case string:
		if x == "yes" || x == "on" {
			return true, nil
		}
		return strconv.ParseBool(x)
	}
	return false, fmt.Errorf("confparse: %s.%s is not a bool", section, key)
}

// Duration returns section.key as a duration. Numbers are seconds.
func (c *Config) Duration(section, key string) (time.Duration, error) {
	v, ok := c.Get(section, key)
	if !ok {
		return 0, fmt.Errorf("confparse: %s.%s not set", section, key)
	}
	switch x := v.(type) {
	case int:
		return time.Duration(x) * time.Second, nil
	case float64:
		return time.Duration(x * float64(time.Second)), nil
	case string:
		return time.ParseDuration(x)
	}
	return 0, fmt.Errorf("confparse: %s.%s is not a duration", section, key)
}

// Server is the typed view of the [server] section.
type Server struct {
	Port    int
	Timeout time.Duration
	Name    string
	Debug   bool
}

// ServerConfig extracts and range-checks the [server] section.
func (c *Config) ServerConfig() (*Server, error) {
	port, err := c.Int("server", "port")
	if err != nil {
		return nil, err
	}
	if port <= 0 || port > 65535 {
		return nil, fmt.Errorf("confparse: port %d out of range", port)
	}
	srv := &Server{Port: port, Timeout: 30 * time.Second}
	if _, ok := c.Get("server", "timeout"); ok {
		t, err := c.Duration("server", "timeout")
		if err != nil {
			return nil, err
		}
		if t < 0 {
			return nil, errors.New("confparse: negative timeout")
		}
		srv.Timeout = t
	}
	if v, ok := c.Get("server", "name"); ok {
		name, isStr := v.(string)
		if !isStr {
			return nil, fmt.Errorf("confparse: server.name has type %T", v)
		}
		srv.Name = name
	}
	if v, ok := c.Get("server", "debug"); ok {
		srv.Debug = v == true
	}
	return srv, nil
}
