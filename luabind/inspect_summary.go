package luabind

import (
	"net"
	"strconv"
	"strings"
	"time"
)

// Node's util.inspect shows a socket as its hundred internal fields; netsh
// objects have none to show, so inspect gives each a one-line summary of
// the state a user asks about first, before the fields a script set:
//
//	Socket { 127.0.0.1:37974 -> 127.0.0.1:46379, open, read 7 B, written 6 B }
//	Server { 127.0.0.1:46379, listening, 1 connection }
//	Socket { udp4 0.0.0.0:5353, bound, connected to 127.0.0.1:53 }
//	Timeout { 1000 ms, ref, fires in 998 ms }
//	Readable { paused, 5 B buffered }
//
// The summaries read the objects' state and call nothing.

// summarizer is a netsh object that describes itself to inspect.
type summarizer interface{ inspectSummary() string }

// byteCount is n bytes as a person reads them: 7 B, 1.5 KiB, 3.0 MiB.
func byteCount(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 4; m /= unit {
		div *= unit
		exp++
	}
	return strconv.FormatFloat(float64(n)/float64(div), 'f', 1, 64) + " " + "KMGTP"[exp:exp+1] + "iB"
}

// bracketed is host:port with an IPv6 host in brackets ([::1]:80), so the
// port stands apart; .handles and error messages keep Node's ::1:80.
func bracketed(host string, port int) string { return net.JoinHostPort(host, strconv.Itoa(port)) }

// plural is "1 connection", "2 connections".
func plural(n int, word string) string {
	s := strconv.Itoa(n) + " " + word
	if n != 1 {
		s += "s"
	}
	return s
}

// ms is a duration in whole milliseconds, as Node's timers count.
func ms(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) + " ms" }

func joinFacts(facts ...string) string {
	out := facts[:0]
	for _, f := range facts {
		if f != "" {
			out = append(out, f)
		}
	}
	return strings.Join(out, ", ")
}

func (s *Socket) inspectSummary() string {
	var info HandleInfo
	if s.h != nil {
		info = s.h.Info()
	}
	state := s.readyState()
	switch {
	case s.connecting:
		return joinFacts("connecting to "+info.Remote, "written "+byteCount(s.queued))
	case s.h == nil:
		return "not connected"
	case s.destroyed:
		state = "destroyed"
	case s.flowing == flowPaused:
		state += " (paused)"
	}
	addr := info.Local
	if la := s.localAddr(); la != nil {
		addr = bracketed(s.addrString(la), la.Port)
	}
	if s.remote != nil {
		addr += " -> " + bracketed(s.addrString(s.remote), s.remote.Port)
	} else if info.Remote != "" && info.Remote != info.Local {
		addr += " -> " + info.Remote
	}
	return joinFacts(addr, state, "read "+byteCount(s.bytesRead), "written "+byteCount(s.bytesWritten))
}

func (srv *Server) inspectSummary() string {
	switch {
	case srv.listening:
		addr := srv.addrString()
		if ta, ok := srv.ln.Addr().(*net.TCPAddr); ok {
			addr = bracketed(ta.IP.String(), ta.Port)
		}
		return joinFacts(addr, "listening", plural(srv.conns, "connection"), refWord(!srv.unref))
	case srv.ln != nil || srv.conns > 0:
		return joinFacts("closing", plural(srv.conns, "connection"))
	}
	return "not listening"
}

func refWord(ref bool) string {
	if ref {
		return ""
	}
	return "unref"
}

func (s *DgramSocket) inspectSummary() string {
	fam := "udp4"
	if s.inet6 {
		fam = "udp6"
	}
	state := "unbound"
	switch {
	case s.closed:
		state = "closed"
	case s.bindState == dgBinding:
		state = "binding"
	case s.bindState == dgBound:
		state = "bound"
	}
	if s.local.IsValid() && !s.closed {
		fam += " " + s.local.String()
	}
	peer := ""
	if s.connState == dgConnected && s.remote.IsValid() {
		peer = "connected to " + s.remote.String()
	} else if s.connState == dgConnecting {
		peer = "connecting"
	}
	return joinFacts(fam, state, peer, "in "+byteCount(s.bytesIn), "out "+byteCount(s.bytesOut), refWord(!s.unrefd))
}

func (to *timeout) inspectSummary() string {
	t := to.t
	delay := ms(t.Delay())
	if t.Repeat() > 0 {
		delay = "every " + delay
	}
	ref := "ref"
	if !t.Handle().HasRef() {
		ref = "unref"
	}
	if !t.Scheduled() {
		return joinFacts(delay, "done")
	}
	return joinFacts(delay, ref, "fires in "+ms(time.Until(t.When()).Round(time.Millisecond)))
}

func (im *immediate) inspectSummary() string {
	ref := "ref"
	if !im.im.HasRef() {
		ref = "unref"
	}
	return ref
}

func (t *Task) inspectSummary() string { return taskStatusNames[t.status] }

func (s *Stream) inspectSummary() string {
	var facts []string
	if fst, ok := s.ext.(*fileStream); ok {
		facts = append(facts, fst.path)
	}
	if r := s.r; r != nil {
		facts = append(facts, s.readSummary(r))
		if r.length > 0 {
			facts = append(facts, s.amount(r.length, r.objectMode)+" buffered")
		}
	}
	if w := s.w; w != nil {
		st := "writable"
		switch {
		case w.finished:
			st = "finished"
		case w.ending:
			st = "ending"
		}
		facts = append(facts, st)
		if w.length > 0 {
			facts = append(facts, s.amount(w.length, w.objectMode)+" queued")
		}
	}
	if s.destroyed {
		facts = append(facts, "destroyed")
	}
	return joinFacts(facts...)
}

// readSummary is the readable side's mode: ended, flowing, paused, or not
// read yet (Node's readableFlowing === null).
func (s *Stream) readSummary(r *readState) string {
	switch {
	case r.endEmitted:
		return "ended"
	case r.flowing == flowOn:
		return "flowing"
	case r.flowing == flowPaused:
		return "paused"
	}
	return "not read yet"
}

// amount is a buffered length: bytes, or objects in object mode.
func (s *Stream) amount(n int, objects bool) string {
	if objects {
		return plural(n, "object")
	}
	return byteCount(int64(n))
}
