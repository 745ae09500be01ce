// Package dnsclient asks DNS servers questions the way Node's resolver
// (c-ares) does: over UDP to each server in turn, again over TCP when an
// answer comes back truncated, with retries and growing waits, and with
// Node's error codes. Messages are built and read with
// golang.org/x/net/dns/dnsmessage. It knows nothing of Lua; its calls
// block, so callers run them off the event loop.
package dnsclient

import (
	"context"
	"errors"
	"net/netip"
	"strings"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// Node's codes for a failed query (its dns.NODATA, dns.TIMEOUT, ...).
const (
	ENODATA      = "ENODATA"
	EFORMERR     = "EFORMERR"
	ESERVFAIL    = "ESERVFAIL"
	ENOTFOUND    = "ENOTFOUND"
	ENOTIMP      = "ENOTIMP"
	EREFUSED     = "EREFUSED"
	EBADNAME     = "EBADNAME"
	EBADRESP     = "EBADRESP"
	ECONNREFUSED = "ECONNREFUSED"
	ETIMEOUT     = "ETIMEOUT"
	ECANCELLED   = "ECANCELLED"
)

// Error is a failed query: Code is one of the codes above.
type Error struct{ Code string }

// Error is the code, as "dns: ETIMEOUT".
func (e *Error) Error() string { return "dns: " + e.Code }

// Config is where and how to ask.
type Config struct {
	Servers []netip.AddrPort
	// Timeout is how long the first try at a server waits; each round of
	// tries after it waits half as long again as the one before. Zero
	// means DefaultTimeout.
	Timeout time.Duration
	// Tries is how many rounds over the servers to make; zero means
	// DefaultTries.
	Tries int
	// Local4 and Local6, if valid, are the source addresses for servers
	// of their family (Node's resolver.setLocalAddress).
	Local4, Local6 netip.Addr
}

// DefaultTimeout and DefaultTries are c-ares's, so that a query to a dead
// server gives up about when Node's does (some 20 seconds).
const (
	DefaultTimeout = 3 * time.Second
	DefaultTries   = 4
)

// Query asks cfg's servers for name's records of type t and returns the
// answer's records that answer it: those of type t owned by name or by
// the end of its CNAME chain (every record for TypeALL). It blocks until
// an answer, the last try's timeout, or ctx's end (ECANCELLED).
func Query(ctx context.Context, cfg Config, name string, t dnsmessage.Type) ([]Record, error) {
	q, err := question(name, t)
	if err != nil {
		return nil, err
	}
	if len(cfg.Servers) == 0 {
		return nil, &Error{ECONNREFUSED}
	}
	msg, err := ask(ctx, cfg, q)
	if err != nil {
		return nil, err
	}
	return answers(msg, q)
}

// question builds the question, checking the name as c-ares does: no
// empty label (but the trailing dot of an absolute name), labels of at
// most 63 bytes, 255 in all.
func question(name string, t dnsmessage.Type) (dnsmessage.Question, error) {
	fq := strings.TrimSuffix(name, ".")
	bad := &Error{EBADNAME}
	if fq != "" {
		for _, label := range strings.Split(fq, ".") {
			if label == "" || len(label) > 63 {
				return dnsmessage.Question{}, bad
			}
		}
	}
	n, err := dnsmessage.NewName(fq + ".")
	if err != nil || len(fq) > 253 {
		return dnsmessage.Question{}, bad
	}
	return dnsmessage.Question{Name: n, Type: t, Class: dnsmessage.ClassINET}, nil
}

// ask sends q to each server in turn, round after round, until one gives
// an answer that is not a server failure. A server's SERVFAIL, NOTIMP or
// REFUSED sends the question on to the next one, as c-ares does; the
// last server's is the result.
func ask(ctx context.Context, cfg Config, q dnsmessage.Question) (*dnsmessage.Message, error) {
	timeout, tries := cfg.Timeout, cfg.Tries
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if tries <= 0 {
		tries = DefaultTries
	}
	refusedAll := true
	var failed *dnsmessage.Message // the last server-failure answer
	for round := 0; round < tries; round++ {
		for _, server := range cfg.Servers {
			msg, err := exchange(ctx, cfg, server, q, timeout)
			if ctx.Err() != nil {
				return nil, &Error{ECANCELLED}
			}
			switch {
			case err == nil && retryable(msg.RCode):
				failed = msg
			case err == nil:
				return msg, nil
			case errors.Is(err, errRefused):
			case errors.Is(err, errBadResponse):
				return nil, &Error{EBADRESP}
			default:
				refusedAll = false
			}
		}
		if failed != nil {
			return failed, nil
		}
		timeout += timeout / 2
	}
	if refusedAll {
		return nil, &Error{ECONNREFUSED}
	}
	return nil, &Error{ETIMEOUT}
}

// retryable reports an rcode that c-ares asks the next server about.
func retryable(rc dnsmessage.RCode) bool {
	return rc == dnsmessage.RCodeServerFailure || rc == dnsmessage.RCodeNotImplemented || rc == dnsmessage.RCodeRefused
}
