package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// The load generators. Each runs against one freshly started echo server,
// on 127.0.0.1 only, for a bounded time, and checks every byte that comes
// back: a wrong echo is an error, never a faster result.

const msgSize = 64

// fillMsg writes a recognisable 64-byte message for connection id, round
// trip seq.
func fillMsg(b []byte, id, seq uint32) {
	binary.LittleEndian.PutUint32(b[0:], id)
	binary.LittleEndian.PutUint32(b[4:], seq)
	for i := 8; i < len(b); i++ {
		b[i] = byte(int(id) + int(seq) + i)
	}
}

// pingPongResult is what the TCP ping-pong measured.
type pingPongResult struct {
	Rate     float64 // round trips per second, all connections
	P50, P99 time.Duration
	Count    int
}

// tcpPingPong runs conns connections, each with one 64-byte message in
// flight, for warm+d; round trips completed during the warm-up are not
// counted. Latency is time.Now around each write-then-read.
func tcpPingPong(addr string, conns int, warm, d time.Duration) (pingPongResult, error) {
	var res pingPongResult
	cs := make([]net.Conn, 0, conns)
	defer func() {
		for _, c := range cs {
			c.Close()
		}
	}()
	for i := 0; i < conns; i++ {
		c, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			return res, fmt.Errorf("dial %d: %w", i, err)
		}
		cs = append(cs, c)
	}
	start := time.Now()
	measureFrom := start.Add(warm)
	end := measureFrom.Add(d)
	samples := make([][]time.Duration, conns)
	errs := make([]error, conns)
	var wg sync.WaitGroup
	for i, c := range cs {
		wg.Add(1)
		go func(i int, c net.Conn) {
			defer wg.Done()
			c.SetDeadline(end.Add(5 * time.Second))
			out := make([]byte, msgSize)
			in := make([]byte, msgSize)
			lat := make([]time.Duration, 0, 4096)
			for seq := uint32(0); ; seq++ {
				fillMsg(out, uint32(i), seq)
				t0 := time.Now()
				if t0.After(end) {
					break
				}
				if _, err := c.Write(out); err != nil {
					errs[i] = err
					return
				}
				if _, err := io.ReadFull(c, in); err != nil {
					errs[i] = err
					return
				}
				t1 := time.Now()
				if !bytes.Equal(in, out) {
					errs[i] = fmt.Errorf("connection %d: echo of message %d differs", i, seq)
					return
				}
				if t0.After(measureFrom) && !t1.After(end) {
					lat = append(lat, t1.Sub(t0))
				}
			}
			samples[i] = lat
		}(i, c)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return res, err
	}
	var all []time.Duration
	for _, s := range samples {
		all = append(all, s...)
	}
	sortDurations(all)
	res.Count = len(all)
	res.Rate = float64(len(all)) / d.Seconds()
	res.P50 = percentile(all, 50)
	res.P99 = percentile(all, 99)
	return res, nil
}

// bulkPattern is the repeating byte pattern of the bulk stream; its length
// is prime so that chunk boundaries never line up with it.
var bulkPattern = func() []byte {
	b := make([]byte, 251)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}()

// patternAt fills b with the bulk stream's bytes from offset off.
func patternAt(b []byte, off int64) {
	p := int(off % int64(len(bulkPattern)))
	for i := 0; i < len(b); {
		n := copy(b[i:], bulkPattern[p:])
		i += n
		p = 0
	}
}

// tcpBulk writes 64 KiB chunks on one connection while reading the echo
// back, and returns the echoed bytes per second (MB = 1e6 bytes) over d,
// after a warm-up. Every echoed byte is checked.
func tcpBulk(addr string, warm, d time.Duration) (float64, error) {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return 0, err
	}
	return bulkOver(c, warm, d)
}

// bulkOver is tcpBulk's measurement on a connection already made (a
// TCP one, or TLS over it).
func bulkOver(c net.Conn, warm, d time.Duration) (float64, error) {
	defer c.Close()
	const chunk = 64 * 1024
	start := time.Now()
	end := start.Add(warm + d)
	c.SetDeadline(end)
	var werr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, chunk)
		var off int64
		for time.Now().Before(end) {
			patternAt(buf, off)
			n, err := c.Write(buf)
			off += int64(n)
			if err != nil {
				// A deadline, or the reader closing the connection once
				// its own deadline passed, ends the test; anything else fails it.
				if !isTimeout(err) && !errors.Is(err, net.ErrClosed) {
					werr = err
				}
				return
			}
		}
	}()
	buf := make([]byte, chunk)
	want := make([]byte, chunk)
	var got, atWarm int64
	warmed := false
	for {
		n, err := c.Read(buf)
		if n > 0 {
			patternAt(want[:n], got)
			if !bytes.Equal(buf[:n], want[:n]) {
				return 0, fmt.Errorf("bulk echo differs near byte %d", got)
			}
			got += int64(n)
		}
		if !warmed && time.Since(start) >= warm {
			warmed, atWarm = true, got
		}
		if err != nil {
			if isTimeout(err) {
				break
			}
			return 0, err
		}
	}
	c.Close()
	<-done
	if werr != nil {
		return 0, werr
	}
	return float64(got-atWarm) / d.Seconds() / 1e6, nil
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// udpResult is what the UDP ping-pong measured.
type udpResult struct {
	Rate   float64 // answered datagrams per second
	Losses int     // datagrams with no answer within the timeout
}

// udpPingPong runs socks sockets, each with one 64-byte datagram in
// flight; a datagram not answered within 200 ms counts as lost and the
// next is sent. Late answers are discarded by sequence number.
func udpPingPong(addr string, socks int, warm, d time.Duration) (udpResult, error) {
	var res udpResult
	raddr, err := net.ResolveUDPAddr("udp4", addr)
	if err != nil {
		return res, err
	}
	start := time.Now()
	measureFrom := start.Add(warm)
	end := measureFrom.Add(d)
	var ok, lost atomic.Int64
	errs := make([]error, socks)
	var wg sync.WaitGroup
	for i := 0; i < socks; i++ {
		c, err := net.DialUDP("udp4", nil, raddr)
		if err != nil {
			return res, err
		}
		defer c.Close()
		wg.Add(1)
		go func(i int, c *net.UDPConn) {
			defer wg.Done()
			out := make([]byte, msgSize)
			in := make([]byte, 2*msgSize)
			for seq := uint32(0); ; seq++ {
				now := time.Now()
				if now.After(end) {
					return
				}
				counted := now.After(measureFrom)
				fillMsg(out, uint32(i), seq)
				if _, err := c.Write(out); err != nil {
					errs[i] = err
					return
				}
				c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
				for {
					n, err := c.Read(in)
					if err != nil {
						if isTimeout(err) {
							if counted {
								lost.Add(1)
							}
							break
						}
						errs[i] = err // e.g. ECONNREFUSED: no server
						return
					}
					if n == msgSize && bytes.Equal(in[:n], out) {
						if counted && !time.Now().After(end) {
							ok.Add(1)
						}
						break
					}
					// a late answer to an earlier datagram: keep waiting
				}
			}
		}(i, c)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return res, err
	}
	res.Rate = float64(ok.Load()) / d.Seconds()
	res.Losses = int(lost.Load())
	return res, nil
}

// churn runs workers that each connect, echo one 64-byte message and close,
// over and over; it returns completed connections per second. Connection
// errors (a full ephemeral port range, say) are counted, not fatal, unless
// nothing succeeds.
func churn(addr string, workers int, warm, d time.Duration) (rate float64, failures int, err error) {
	return churnWith(func() (net.Conn, error) { return net.DialTimeout("tcp", addr, 2*time.Second) }, workers, warm, d)
}

// churnWith is churn with the connections made by dial (TCP, or TLS
// with its handshake).
func churnWith(dial func() (net.Conn, error), workers int, warm, d time.Duration) (rate float64, failures int, err error) {
	start := time.Now()
	measureFrom := start.Add(warm)
	end := measureFrom.Add(d)
	var ok, failed atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			out := make([]byte, msgSize)
			in := make([]byte, msgSize)
			for seq := uint32(0); ; seq++ {
				now := time.Now()
				if now.After(end) {
					return
				}
				e := func() error {
					c, err := dial()
					if err != nil {
						return err
					}
					defer c.Close()
					c.SetDeadline(time.Now().Add(2 * time.Second))
					fillMsg(out, uint32(w), seq)
					if _, err := c.Write(out); err != nil {
						return err
					}
					if _, err := io.ReadFull(c, in); err != nil {
						return err
					}
					if !bytes.Equal(in, out) {
						return fmt.Errorf("echo differs")
					}
					return nil
				}()
				if e != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, e)
					time.Sleep(time.Millisecond)
					continue
				}
				if now.After(measureFrom) && !time.Now().After(end) {
					ok.Add(1)
				}
			}
		}(w)
	}
	wg.Wait()
	if ok.Load() == 0 {
		e, _ := firstErr.Load().(error)
		return 0, int(failed.Load()), fmt.Errorf("no connection completed: %v", e)
	}
	return float64(ok.Load()) / d.Seconds(), int(failed.Load()), nil
}

// idleConns opens n connections that each echo one message, and returns
// them open (the caller closes them). Dials run 32 at a time.
func idleConns(addr string, n int) ([]net.Conn, error) {
	conns := make([]net.Conn, n)
	errs := make([]error, n)
	sem := make(chan struct{}, 32)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := net.DialTimeout("tcp", addr, 10*time.Second)
			if err != nil {
				errs[i] = err
				return
			}
			conns[i] = c
			c.SetDeadline(time.Now().Add(10 * time.Second))
			out := make([]byte, msgSize)
			in := make([]byte, msgSize)
			fillMsg(out, uint32(i), 0)
			if _, err := c.Write(out); err != nil {
				errs[i] = err
				return
			}
			if _, err := io.ReadFull(c, in); err != nil {
				errs[i] = err
				return
			}
			if !bytes.Equal(in, out) {
				errs[i] = fmt.Errorf("connection %d: echo differs", i)
			}
			c.SetDeadline(time.Time{})
		}(i)
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		closeAll(conns)
		return nil, firstLine(err.Error())
	}
	return conns, nil
}

func closeAll(cs []net.Conn) {
	for _, c := range cs {
		if c != nil {
			c.Close()
		}
	}
}

// firstLine keeps the first of a joined error's lines, with a count.
func firstLine(s string) error {
	lines := bytes.Count([]byte(s), []byte("\n")) + 1
	if i := bytes.IndexByte([]byte(s), '\n'); i >= 0 {
		s = s[:i]
	}
	if lines > 1 {
		return fmt.Errorf("%s (and %d more errors)", s, lines-1)
	}
	return errors.New(s)
}

// makePipeFile writes size pseudo-random bytes to a new file in dir and
// returns its path and SHA-256.
func makePipeFile(dir string, size int64) (string, [32]byte, error) {
	var sum [32]byte
	f, err := os.CreateTemp(dir, "netsh-bench-pipe-*.bin")
	if err != nil {
		return "", sum, err
	}
	h := sha256.New()
	w := io.MultiWriter(f, h)
	buf := make([]byte, 1<<20)
	var x uint64 = 0x9E3779B97F4A7C15
	for left := size; left > 0; {
		for i := 0; i+8 <= len(buf); i += 8 { // xorshift64: cheap, not compressible
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			binary.LittleEndian.PutUint64(buf[i:], x)
		}
		n := int64(len(buf))
		if left < n {
			n = left
		}
		if _, err := w.Write(buf[:n]); err != nil {
			f.Close()
			os.Remove(f.Name())
			return "", sum, err
		}
		left -= n
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", sum, err
	}
	copy(sum[:], h.Sum(nil))
	return f.Name(), sum, nil
}

// slowReader receives a stream on ln at no more than rate bytes/s and
// returns the byte count and its SHA-256. A reader slower than the disk
// makes the sender's backpressure, not the reader, bound its memory.
func slowReader(ln net.Listener, rate float64, limit time.Duration) (int64, [32]byte, error) {
	var sum [32]byte
	ln.(*net.TCPListener).SetDeadline(time.Now().Add(15 * time.Second))
	c, err := ln.Accept()
	if err != nil {
		return 0, sum, fmt.Errorf("no connection from the pipe script: %w", err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(limit))
	h := sha256.New()
	buf := make([]byte, 64*1024)
	var got int64
	start := time.Now()
	for {
		n, err := c.Read(buf)
		h.Write(buf[:n])
		got += int64(n)
		if err == io.EOF {
			break
		}
		if err != nil {
			return got, sum, err
		}
		if rate > 0 {
			ahead := time.Duration(float64(got)/rate*float64(time.Second)) - time.Since(start)
			if ahead > time.Millisecond {
				time.Sleep(ahead)
			}
		}
	}
	copy(sum[:], h.Sum(nil))
	return got, sum, nil
}
