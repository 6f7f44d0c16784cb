package shapes

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"time"
)

// CopyLimit is the most bytes Copy will read.
const CopyLimit = 1 << 20

// Copy reads r to EOF in chunks, counting bytes and checking ctx between
// reads.
func Copy(ctx context.Context, r io.Reader) (int, error) {
	buf := make([]byte, 512)
	total := 0
	for {
		if err := ctx.Err(); err != nil {
			// Cold: tests never cancel.
			return total, err
		}
		n, err := r.Read(buf)
		total += n
		if total > CopyLimit {
			return total, errors.New("shapes: input too large")
		}
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

// Backoff returns the wait before the given retry attempt, doubling base
// each time and capping at max.
func Backoff(base, max time.Duration, attempt int) time.Duration {
	if base <= 0 || attempt < 0 {
		return 0
	}
	d := base
	for i := 0; i < attempt; i++ {
		d *= 2
		if d > max || d <= 0 {
			return max
		}
	}
	return d
}

// Endpoint validates a service URL and returns host:port.
func Endpoint(u *url.URL) (string, error) {
	if u == nil {
		return "", errors.New("shapes: nil url")
	}
	switch u.Scheme {
	case "http":
		if u.Port() == "" {
			return u.Hostname() + ":80", nil
		}
	case "https":
		if u.Port() == "" {
			return u.Hostname() + ":443", nil
		}
	case "unix":
		// Cold: sockets are configured elsewhere in practice.
		return "", fmt.Errorf("shapes: unix socket %q not supported", u.Path)
	default:
		return "", fmt.Errorf("shapes: scheme %q", u.Scheme)
	}
	p, err := strconv.Atoi(u.Port())
	if err != nil || p > 65535 {
		return "", fmt.Errorf("shapes: bad port %q", u.Port())
	}
	return u.Host, nil
}
