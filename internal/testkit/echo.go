package testkit

import (
	"errors"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"
)

// EchoOnce writes msg on c and reads it back within limit: "echo",
// "closed" (EOF or reset), "timeout" or "garbled ...". The deadline is
// cleared again after.
func EchoOnce(c net.Conn, msg string, limit time.Duration) string {
	c.SetDeadline(time.Now().Add(limit))
	defer c.SetDeadline(time.Time{})
	if _, err := c.Write([]byte(msg)); err != nil {
		return "closed"
	}
	buf := make([]byte, len(msg))
	_, err := io.ReadFull(c, buf)
	var ne net.Error
	switch {
	case err == nil && string(buf) == msg:
		return "echo"
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case err == nil:
		return "garbled " + strconv.Quote(string(buf))
	}
	return "closed"
}

// EchoAll runs EchoOnce on every connection at once and counts the
// outcomes by kind.
func EchoAll(conns []net.Conn, limit time.Duration) map[string]int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	got := map[string]int{}
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := EchoOnce(c, "ping "+strconv.Itoa(i)+"\n", limit)
			mu.Lock()
			got[r]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return got
}

// DialUntilEcho dials addr (tcp4) until a connection echoes, within limit:
// one a full server refuses is closed at once, so it tries again. The
// connection is closed when the test ends.
func DialUntilEcho(t testing.TB, addr string, limit time.Duration) net.Conn {
	t.Helper()
	deadline := time.Now().Add(limit)
	for i := 0; time.Now().Before(deadline); i++ {
		c, err := net.DialTimeout("tcp4", addr, 2*time.Second)
		if err == nil {
			if EchoOnce(c, "again "+strconv.Itoa(i)+"\n", 2*time.Second) == "echo" {
				t.Cleanup(func() { c.Close() })
				return c
			}
			c.Close()
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no connection to %s echoed within %v", addr, limit)
	return nil
}
