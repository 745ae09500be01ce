//go:build linux

package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// Correctness probes: before a server is loaded, one connection checks its
// answers byte for byte, across split writes and pipelines. A server that
// answers wrongly is an error, never a result.

// respStep is bytes to send (each part a separate write, a short pause
// between) and the replies expected; a reply ending in "*" is a prefix.
type respStep struct {
	send []string
	want []string
}

// respSteps exercise every command, inline and RESP requests, requests
// cut across writes, pipelines, bulk strings holding CRLF, and errors. An
// inline command comes at the start of a write (as nc and redis-benchmark
// send them), which is where resp_parser.js looks for one.
var respSteps = []respStep{
	{[]string{"PING\r\n"}, []string{"+PONG"}},
	{[]string{"*1\r\n$4\r\nPING\r\n"}, []string{"+PONG"}},
	{[]string{"*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n"}, []string{"$2", "hi"}},
	{[]string{"*3\r\n$3\r\nSE", "T\r\n$4\r\nbkey\r\n$5\r\nhel", "lo\r\n"}, []string{"+OK"}},
	{[]string{resp("GET", "bkey") + resp("GET", "missing") + resp("INCR", "cnt") + resp("INCR", "cnt") +
		resp("INCR", "bkey") + resp("DEL", "bkey", "cnt", "missing") + resp("GET", "bkey") + resp("FOO")},
		[]string{"$5", "hello", "$-1", ":1", ":2", "-ERR value is not an integer or out of range", ":2", "$-1", "-ERR unknown command 'FOO'*"}},
	{[]string{resp("SET", "bin", "a\r\nb"), resp("GET", "bin")}, []string{"+OK", "$4", "a", "b"}},
	{[]string{resp("SET", "x")}, []string{"-ERR wrong number of arguments for 'set' command"}},
	{[]string{resp("SET", "n", "41") + resp("INCR", "n") + resp("DEL", "n", "bin")}, []string{"+OK", ":42", ":2"}},
	{[]string{"PING\r\nPING  inline  \r\n"}, []string{"+PONG", "$6", "inline"}},
}

// resp encodes a command as an array of bulk strings.
func resp(args ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%d\r\n", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "$%d\r\n%s\r\n", len(a), a)
	}
	return b.String()
}

// probeRESP runs respSteps against the server at addr. Replies are
// compared line by line (a bulk string holding CRLF spans two lines).
func probeRESP(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	for i, st := range respSteps {
		for j, part := range st.send {
			if j > 0 {
				time.Sleep(20 * time.Millisecond) // let the server see the first part alone
			}
			if _, err := io.WriteString(c, part); err != nil {
				return fmt.Errorf("RESP probe step %d: %v", i+1, err)
			}
		}
		for _, want := range st.want {
			line, err := r.ReadString('\n')
			if err != nil {
				return fmt.Errorf("RESP probe step %d: want %q: %v", i+1, want, err)
			}
			got := strings.TrimSuffix(line, "\r\n")
			if p, ok := strings.CutSuffix(want, "*"); ok && strings.HasPrefix(got, p) || got == want {
				continue
			}
			return fmt.Errorf("RESP probe step %d: got %q, want %q", i+1, got, want)
		}
	}
	return nil
}

// helloBody is what every HTTP server of the benchmark answers.
const helloBody = "Hello, World!"

// probeHTTP checks the hello server at addr: pipelined and split
// requests, a request with a body, HTTP/1.0 with and without keep-alive.
func probeHTTP(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	sends := []string{
		"GET / HTTP/1.1\r\nHost: a\r\n\r\nGET /b?c=d HTTP/1.1\r\nHost: a\r\nX-Many: " + strings.Repeat("x", 2000) + "\r\n\r\n",
		"GET / HT", "TP/1.1\r\nHost: a\r\n\r\n",
		"POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: a\r\n\r\n",
	}
	for _, s := range sends {
		if _, err := io.WriteString(c, s); err != nil {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
	for i := 0; i < 5; i++ {
		if err := readHello(r, true); err != nil {
			return fmt.Errorf("HTTP probe response %d: %v", i+1, err)
		}
	}
	if _, err := io.WriteString(c, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n"); err != nil {
		return err
	}
	if err := readHello(r, true); err != nil {
		return fmt.Errorf("HTTP/1.0 keep-alive: %v", err)
	}
	if err := readHello(r, false); err != nil {
		return fmt.Errorf("HTTP/1.0 without keep-alive: %v", err)
	}
	if _, err := r.ReadByte(); err != io.EOF {
		return fmt.Errorf("HTTP/1.0 without keep-alive: connection not closed (%v)", err)
	}
	return nil
}

// readHello reads one response and checks it is the hello, keeping the
// connection open or not as keepAlive says.
func readHello(r *bufio.Reader, keepAlive bool) error {
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	// resp.Close: the response's version and Connection header say close.
	if resp.StatusCode != 200 || string(body) != helloBody || resp.Close == keepAlive {
		return fmt.Errorf("got %d %q, Connection %q; want 200 %q, keep-alive %v", resp.StatusCode, body, resp.Header.Get("Connection"), helloBody, keepAlive)
	}
	return nil
}
