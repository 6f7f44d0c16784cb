package dec

import (
	"errors"
	"strings"
)

// Decode reads a "rec:k=v;k=v" record into v (a *map[string]any or an *any).
func Decode(data []byte, v any) error {
	s := string(data)
	if !strings.HasPrefix(s, "rec:") {
		return errors.New("dec: no header")
	}
	fields := map[string]any{}
	for _, kv := range strings.Split(s[len("rec:"):], ";") {
		k, val, ok := strings.Cut(kv, "=")
		if !ok {
			return errors.New("dec: bad field")
		}
		fields[k] = val
	}
	switch p := v.(type) {
	case *map[string]any:
		*p = fields
	case *any:
		*p = fields
	default:
		return errors.New("dec: unsupported destination")
	}
	return nil
}
