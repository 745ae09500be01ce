package luabind

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"syscall"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/hexdump"
	"github.com/netsh/netsh/luabind/internal/netio"
	"github.com/netsh/netsh/luabind/internal/pcap"
)

// Seeing the wire: --trace prints a line on stderr per chunk or datagram
// every socket of the program sends or receives (TCP, UDP, unix), with
// the time, both endpoints, the direction, the length and the bytes;
// --pcap writes the same traffic as a capture file. A stream socket is
// watched by a netio.Conn around its transport (connTap), put there when
// it opens; a dgram socket reports its sends and receives itself.

// traceTextLimit is how many bytes of a chunk a trace line shows.
const traceTextLimit = 128

// wireState is the runtime's tracing.
type wireState struct {
	trace   bool          // print trace lines (--trace, NETSH_TRACE=1, wire.trace)
	dump    bool          // and a full hex dump of each chunk
	pcap    *pcap.Writer  // the capture (--pcap)
	pcapBuf *bufio.Writer // in front of the capture file; flushed when the loop is idle
}

// Capture is a pcap capture file being written (--pcap). One capture
// outlives the runtimes that write to it in turn (the shell's .clear makes
// a new one), so its file header is written once.
type Capture struct {
	buf *bufio.Writer
	w   *pcap.Writer
}

// NewCapture starts a capture on w, writing the file header.
func NewCapture(w io.Writer) *Capture {
	buf := bufio.NewWriterSize(w, 64<<10)
	return &Capture{buf: buf, w: pcap.NewWriter(buf)}
}

// Close writes out what the capture holds and reports the first error
// writing it (a full disk, a closed pipe): the capture is cut short then.
func (c *Capture) Close() error {
	if err := c.buf.Flush(); err != nil {
		return err
	}
	return c.w.Err()
}

// initWire sets tracing up from the options.
func (rt *Runtime) initWire() {
	rt.wire.trace, rt.wire.dump = rt.opts.Trace, rt.opts.TraceDump
	if c := rt.opts.Pcap; c != nil {
		rt.wire.pcapBuf, rt.wire.pcap = c.buf, c.w
	}
}

// flushWire writes out what the capture holds.
func (rt *Runtime) flushWire() {
	if rt.wire.pcapBuf != nil {
		rt.wire.pcapBuf.Flush()
	}
}

// SetTrace turns trace lines on or off (the REPL's .trace), with full
// hex dumps if dump is set. Loop goroutine only.
func (rt *Runtime) SetTrace(on, dump bool) { rt.wire.trace, rt.wire.dump = on, dump }

// wireTraceFn is wire.trace(on[, dump]): trace lines for the sockets
// opened from now on (in the REPL, for every socket).
func (rt *Runtime) wireTraceFn(L *lua.LState) int {
	if _, ok := L.Get(1).(lua.LBool); !ok {
		rt.ArgTypeError(L, "on", "of type boolean", L.Get(1))
	}
	rt.SetTrace(L.ToBool(1), L.ToBool(2))
	return 0
}

// watching reports whether a socket opening now needs a tap.
func (rt *Runtime) watching() bool {
	return rt.wire.trace || rt.wire.pcap != nil || rt.opts.Interactive
}

// traceLine prints one line, and a dump of data when asked.
func (rt *Runtime) traceLine(proto, local, arrow, remote, what string, data []byte, off int64) {
	var b strings.Builder
	b.WriteString(time.Now().Format("15:04:05.000000"))
	b.WriteString(" " + proto + " " + local + " " + arrow + " " + remote + " " + what)
	if data != nil {
		b.WriteString(" " + hexdump.Text(data, traceTextLimit))
	}
	b.WriteByte('\n')
	if rt.wire.dump && len(data) > 0 {
		b.WriteString(hexdump.Dump(data, off, arrow))
	}
	rt.console.out.Err(b.String())
}

// tapConn puts a tap around a stream socket's transport as it opens, if
// anything watches; stdin is no socket and goes unwatched.
func (rt *Runtime) tapConn(s *Socket, conn netio.Conn, kind string) netio.Conn {
	if kind == "stdin" || !rt.watching() {
		return conn
	}
	t := &connTap{Conn: conn, rt: rt, proto: "tcp"}
	local, remote := conn.LocalAddr(), conn.RemoteAddr()
	if local == nil || remote == nil {
		t.proto, t.local, t.remote = "unix", s.path, "peer"
	} else {
		t.local, t.remote = addrText(local), addrText(remote)
		if pw := rt.wire.pcap; pw != nil {
			la, ra := local.AddrPort(), remote.AddrPort()
			t.fromClient = s.server == nil
			if t.fromClient {
				t.flow = pw.TCPOpen(la, ra, time.Now())
			} else {
				t.flow = pw.TCPOpen(ra, la, time.Now())
			}
		}
	}
	if rt.wire.trace {
		what := "connected"
		if s.server != nil {
			what = "accepted"
		}
		rt.traceLine(t.proto, t.local, "-", t.remote, what, nil, 0)
	}
	return t
}

func addrText(a *net.TCPAddr) string {
	return netip.AddrPortFrom(a.AddrPort().Addr().Unmap(), a.AddrPort().Port()).String()
}

// connTap is a stream socket's transport with the trace and the capture
// watching it: what is handed to it to send, what it reads, and its FIN,
// reset and close.
type connTap struct {
	netio.Conn
	rt                 *Runtime
	h                  netio.Handler
	proto              string
	local, remote      string
	flow               *pcap.Flow
	fromClient         bool     // our side sent the SYN
	off                [2]int64 // bytes so far: [0] sent, [1] received
	finOut, finIn, rst bool
}

func (t *connTap) SetHandler(h netio.Handler) {
	t.h = h
	t.Conn.SetHandler(tapHandler{t})
}

// event records one direction's data or end: out is what we send.
func (t *connTap) event(out bool, what string, data []byte) {
	rt := t.rt
	i, arrow, client := 1, "<", !t.fromClient
	if out {
		i, arrow, client = 0, ">", t.fromClient
	}
	if rt.wire.trace {
		if data != nil {
			what = strconv.Itoa(len(data))
		}
		rt.traceLine(t.proto, t.local, arrow, t.remote, what, data, t.off[i])
	}
	t.off[i] += int64(len(data))
	if t.flow == nil {
		return
	}
	now := time.Now()
	switch what {
	case "FIN":
		t.flow.Fin(client, now)
	case "RST":
		t.flow.Rst(client, now)
	default:
		t.flow.Data(client, data, now)
	}
}

func (t *connTap) Write(p []byte) {
	if len(p) > 0 {
		t.event(true, "", p)
	}
	t.Conn.Write(p)
}

func (t *connTap) CloseWrite() {
	if !t.finOut && !t.rst {
		t.finOut = true
		t.event(true, "FIN", nil)
	}
	t.Conn.CloseWrite()
}

// Close is a close(2): the kernel sends our FIN unless we did already.
func (t *connTap) Close() {
	if !t.finOut && !t.rst {
		t.finOut = true
		t.event(true, "FIN", nil)
	}
	t.Conn.Close()
}

func (t *connTap) Reset() {
	if !t.rst {
		t.rst = true
		t.event(true, "RST", nil)
	}
	t.Conn.Reset()
}

// tapHandler sees the reads on their way to the socket.
type tapHandler struct{ t *connTap }

func (h tapHandler) OnRead(data []byte, err error) {
	t := h.t
	if len(data) > 0 {
		t.event(false, "", data)
	}
	switch {
	case err == nil:
	case errors.Is(err, io.EOF):
		if !t.finIn {
			t.finIn = true
			t.event(false, "FIN", nil)
		}
	case errors.Is(err, syscall.ECONNRESET) && !t.rst:
		t.rst = true
		t.event(false, "RST", nil)
	}
	t.h.OnRead(data, err)
}

func (h tapHandler) OnWritten(n int64)      { h.t.h.OnWritten(n) }
func (h tapHandler) OnWriteError(err error) { h.t.h.OnWriteError(err) }

// wireDatagram records a datagram a dgram socket sent (out) to peer or
// received from it.
func (rt *Runtime) wireDatagram(local, peer netip.AddrPort, out bool, data []byte) {
	if !rt.wire.trace && rt.wire.pcap == nil {
		return
	}
	peer = netip.AddrPortFrom(peer.Addr().Unmap(), peer.Port())
	local = netip.AddrPortFrom(local.Addr().Unmap(), local.Port())
	if rt.wire.trace {
		arrow := "<"
		if out {
			arrow = ">"
		}
		rt.traceLine("udp", local.String(), arrow, peer.String(), strconv.Itoa(len(data)), data, 0)
	}
	if pw := rt.wire.pcap; pw != nil {
		if local.Addr().IsUnspecified() && peer.Addr().IsLoopback() {
			local = netip.AddrPortFrom(peer.Addr(), local.Port()) // what the kernel would have chosen
		}
		if out {
			pw.UDP(local, peer, data, time.Now())
		} else {
			pw.UDP(peer, local, data, time.Now())
		}
	}
}
