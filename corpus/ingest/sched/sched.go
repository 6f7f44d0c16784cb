// Package sched parses the textual fields of scheduled ingestion jobs: time stamps and windows,
// endpoints, peer addresses, limits and tokens.
package sched

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"time"
)

// StampLayout is the layout of job start times.
const StampLayout = "2006-01-02 15:04"

// Cutoff separates archived jobs from live ones.
var Cutoff = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// Window classifies a job by its start time and its duration.
func Window(start, span string) (string, error) {
	t, err := time.Parse(StampLayout, start)
	if err != nil {
		return "", err
	}
	if t.Before(Cutoff) {
		return "archived", nil
	}
	d, err := time.ParseDuration(span)
	if err != nil {
		return "", err
	}
	if d > 24*time.Hour {
		return "long", nil
	}
	return "short", nil
}

// Expires reads an RFC 3339 expiry.
func Expires(s string) (string, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return "", err
	}
	if t.After(Cutoff) {
		return "valid", nil
	}
	return "expired", nil
}

// ErrInsecure is returned for endpoints without TLS.
var ErrInsecure = errors.New("sched: endpoint is not https")

// Endpoint checks a callback URL.
func Endpoint(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if u.Scheme != "https" {
		return "", ErrInsecure
	}
	if u.Host == "internal.example" {
		return "internal", nil
	}
	if u.Query().Get("token") == "" {
		return "anonymous", nil
	}
	return "external", nil
}

// Peer classifies a peer address.
func Peer(s string) (string, error) {
	ip := net.ParseIP(s)
	if ip == nil {
		return "", errors.New("sched: bad peer address")
	}
	if ip.IsLoopback() {
		return "local", nil
	}
	return "remote", nil
}

// Family tells the address family of an address.
func Family(s string) (string, error) {
	a, err := netip.ParseAddr(s)
	if err != nil {
		return "", err
	}
	if a.Is4() {
		return "v4", nil
	}
	return "v6", nil
}

// Subnet checks an allow-list entry.
func Subnet(s string) (string, error) {
	ip, _, err := net.ParseCIDR(s)
	if err != nil {
		return "", err
	}
	if ip.IsLoopback() {
		return "loopback", nil
	}
	return "network", nil
}

// Limit reads a hexadecimal rate limit.
func Limit(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 16, 32)
	if err != nil {
		return 0, err
	}
	if n > 4096 {
		return 4096, nil
	}
	return n, nil
}

// Flags reads a ratio and a switch.
func Flags(ratio, on string) (string, error) {
	r, err := strconv.ParseFloat(ratio, 64)
	if err != nil {
		return "", err
	}
	b, err := strconv.ParseBool(on)
	if err != nil {
		return "", err
	}
	if b && r > 0.5 {
		return "boost", nil
	}
	return "normal", nil
}

// Token decodes a base64 session token.
func Token(s string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return "", err
	}
	if len(b) != 16 {
		return "", errors.New("sched: token must be 16 bytes")
	}
	if b[0] == 0x01 {
		return "v1", nil
	}
	return "v0", nil
}

// Digest decodes a hex SHA-256 digest.
func Digest(s string) (string, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return "", err
	}
	if len(b) != 32 {
		return "", errors.New("sched: digest must be 32 bytes")
	}
	return "sha256", nil
}
