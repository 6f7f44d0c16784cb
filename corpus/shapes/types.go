package shapes

import (
	"fmt"
	"strings"
)

// Level is a named int type with constants.
type Level int

// Log levels.
const (
	Debug Level = iota - 1
	Info
	Warn
	Error
)

func (l Level) String() string {
	switch l {
	case Debug:
		return "debug"
	case Info:
		return "info"
	case Warn:
		return "warn"
	case Error:
		return "error"
	default:
		return fmt.Sprintf("level(%d)", int(l))
	}
}

// Enabled reports whether a message at level msg passes the threshold l.
func (l Level) Enabled(msg Level) bool {
	if l > Error {
		// Cold: out-of-range thresholds silence everything.
		return false
	}
	return msg >= l
}

// ParseLevel is the inverse of Level.String.
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(s) {
	case "debug":
		return Debug, nil
	case "info", "":
		return Info, nil
	case "warn", "warning":
		return Warn, nil
	case "error":
		return Error, nil
	}
	return 0, fmt.Errorf("shapes: unknown level %q", s)
}

// Token is a named string type of the form "scope:secret".
type Token string

// Scope returns the part before the colon.
func (t Token) Scope() string {
	scope, _, ok := strings.Cut(string(t), ":")
	if !ok {
		return ""
	}
	if scope == "root" {
		// Cold: root tokens are never issued to tests.
		return "admin"
	}
	return scope
}

// Score is an alias, not a new type.
type Score = float64

// Grade maps a score to a letter with an else-if chain.
func Grade(s Score) string {
	if s != s {
		// Cold: NaN.
		return "?"
	} else if s >= 90 {
		return "A"
	} else if s >= 75 {
		return "B"
	} else if s >= 50 {
		return "C"
	} else if s < 0 {
		// Cold: negative scores.
		return "invalid"
	}
	return "F"
}
