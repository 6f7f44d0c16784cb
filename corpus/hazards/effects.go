package hazards

import (
	"errors"
	"net"
	"os"
	"strings"
	"time"
)

// Save writes data to path.
func Save(path string, data []byte) error {
	if strings.HasSuffix(path, "/") {
		return errors.New("hazards: path is a directory")
	}
	return os.WriteFile(path, data, 0o644)
}

// Cleanup removes dir and everything below it.
func Cleanup(dir string) error {
	if dir == "/" {
		return errors.New("hazards: refusing to remove /")
	}
	return cleanup(dir)
}

func cleanup(dir string) error {
	return os.RemoveAll(dir)
}

// Ping reports whether a TCP connection to addr can be made within a second.
func Ping(addr string) error {
	if !strings.Contains(addr, ":") {
		return errors.New("hazards: address needs a port")
	}
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	return c.Close()
}
