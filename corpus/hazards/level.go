// Package hazards holds functions that are hazardous to fuzz blindly: a cold branch that
// blocks forever, a setter of package state, file-system and network functions, a documented
// panic, a function without inputs, a validating constructor, a sort.Interface type and an
// iterator. heatseed must harness only what a careful Go developer would keep.
package hazards

import (
	"errors"
	"strings"
)

// Level is a log level.
type Level int

const (
	Debug Level = iota
	Info
	Warn
	Error
)

// ErrLevel is returned for text that names no level.
var ErrLevel = errors.New("hazards: unknown level")

// ParseLevel reads a level name ("debug", "info", "warn", "error"; "fatal" is an alias of
// "error").
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "debug":
		return Debug, nil
	case "info":
		return Info, nil
	case "warn", "warning":
		return Warn, nil
	case "error":
		return Error, nil
	case "fatal":
		return Error, nil
	}
	return 0, ErrLevel
}

// MustParse is like ParseLevel but panics if s names no level.
func MustParse(s string) Level {
	l, err := ParseLevel(s)
	if err != nil {
		panic(err)
	}
	return l
}

// buildTag is set by the linker (-X) in release builds.
var buildTag = ""

// Version is the package's version. It takes no input: there is nothing to fuzz.
func Version() string {
	if buildTag != "" {
		return "hazards/1.0+" + buildTag
	}
	return "hazards/1.0"
}

// Wait reports how a job in the given mode finishes. The "wait" mode blocks until the job is
// released, which never happens: a seed for it hangs.
func Wait(mode string) string {
	if mode == "wait" {
		<-make(chan struct{})
	}
	if mode == "fast" {
		return "done"
	}
	return "queued"
}
