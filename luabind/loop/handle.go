package loop

import "sort"

// Handle is the liveness record of a server, socket, dgram socket, stream or
// timer: while it is active and referenced the loop keeps running, as libuv
// handles keep Node alive. Ref and Unref are idempotent flags, not counters,
// so callers cannot unbalance them. Loop goroutine only.
type Handle struct {
	loop   *Loop
	id     int
	kind   string
	ref    bool
	active bool
	closer func()
	info   func() HandleInfo
}

// HandleInfo describes a handle for the REPL's .handles listing.
type HandleInfo struct {
	Local, Remote string
	State         string
	BytesIn       int64
	BytesOut      int64
}

// NewHandle registers an active, referenced handle of the given kind.
// closer, if not nil, is what Close runs to release the underlying resource
// (used by the REPL's .close and by Runtime.Close).
func (l *Loop) NewHandle(kind string, closer func()) *Handle {
	l.nextID++
	h := &Handle{loop: l, id: l.nextID, kind: kind, ref: true, active: true, closer: closer}
	l.handles[h] = struct{}{}
	l.refs++
	return h
}

// ID is a small number that names the handle in the REPL.
func (h *Handle) ID() int { return h.id }

// Kind is what the handle is: "tcp server", "tcp socket", "timer", ...
func (h *Handle) Kind() string { return h.kind }

// SetInfo installs the function .handles calls to describe the handle.
func (h *Handle) SetInfo(f func() HandleInfo) { h.info = f }

// Info describes the handle now.
func (h *Handle) Info() HandleInfo {
	if h.info == nil {
		return HandleInfo{}
	}
	return h.info()
}

// Ref makes an active handle keep the loop alive again.
func (h *Handle) Ref() {
	if !h.ref {
		h.ref = true
		if h.active {
			h.loop.refs++
		}
	}
}

// Unref lets the loop exit even though the handle is active.
func (h *Handle) Unref() {
	if h.ref {
		h.ref = false
		if h.active {
			h.loop.refs--
		}
	}
}

// SetRef is Ref or Unref, for the ref()/unref() pairs every handle has.
func (h *Handle) SetRef(on bool) {
	if on {
		h.Ref()
	} else {
		h.Unref()
	}
}

// HasRef reports whether the handle is referenced.
func (h *Handle) HasRef() bool { return h.ref }

// Active reports whether the handle is open (or, for a timer, scheduled).
func (h *Handle) Active() bool { return h.active }

// SetActive marks the handle open or idle; an idle handle does not count
// for liveness and is not listed. Timers use it as they are armed and fired.
func (h *Handle) SetActive(on bool) {
	if on == h.active {
		return
	}
	h.active = on
	if on {
		h.loop.handles[h] = struct{}{}
	} else {
		delete(h.loop.handles, h)
	}
	if h.ref {
		if on {
			h.loop.refs++
		} else {
			h.loop.refs--
		}
	}
}

// Done marks the handle closed for good; idempotent.
func (h *Handle) Done() { h.SetActive(false) }

// Close runs the handle's closer (if any) and marks it done.
func (h *Handle) Close() {
	if c := h.closer; c != nil && h.active {
		c()
	}
	h.Done()
}

// Handles lists the active handles, oldest first.
func (l *Loop) Handles() []*Handle {
	out := make([]*Handle, 0, len(l.handles))
	for h := range l.handles {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}
