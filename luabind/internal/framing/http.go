package framing

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Header is one header line as it was sent.
type Header struct{ Name, Value string }

// Message is one HTTP/1.x request or response.
type Message struct {
	Request bool
	Method  string // requests
	URL     string // requests
	Version string // "1.1", "1.0"
	Status  int    // responses
	Reason  string // responses
	Headers []Header
	Body    []byte
	// Continue marks the head of a request that sent Expect: 100-continue
	// and whose body has not come: the handler may answer 100 Continue
	// (or a final status) before the client sends it. The whole message
	// follows as its own frame.
	Continue bool
}

// Get returns the first value of a header, by case-insensitive name.
func (m *Message) Get(name string) string {
	for _, h := range m.Headers {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// KeepAlive reports whether the connection stays open after m, by the
// version's default and the Connection header.
func (m *Message) KeepAlive() bool {
	c := strings.ToLower(m.Get("Connection"))
	if m.Version == "1.0" {
		return strings.Contains(c, "keep-alive")
	}
	return !strings.Contains(c, "close")
}

// HTTP decodes HTTP/1.0 and 1.1 messages, requests or responses (a
// message that starts with "HTTP/" is a response): Content-Length and
// chunked bodies are reassembled, pipelined messages come one by one, and
// a response without a length runs to the end of the stream.
type HTTP struct {
	Max      int // the largest head or body; 0: DefaultMaxFrame
	notified bool
}

// maxHead bounds the request line and headers, as servers do.
const maxHead = 64 * 1024

// Split implements Splitter.
func (h *HTTP) Split(buf []byte, atEOF bool) (int, any, error) {
	max := h.Max
	if max <= 0 {
		max = DefaultMaxFrame
	}
	skip := 0 // blank lines between messages are allowed
	for skip < len(buf) && (buf[skip] == '\r' || buf[skip] == '\n') {
		skip++
	}
	if skip == len(buf) {
		if atEOF || skip > 0 {
			return skip, nil, nil
		}
		return 0, nil, nil
	}
	b := buf[skip:]
	end, sep := headEnd(b)
	if end < 0 {
		if len(b) > maxHead {
			return 0, nil, &Error{Code: CodeTooLarge, Offset: int64(skip), Msg: "HTTP head too long"}
		}
		if atEOF {
			return 0, nil, &Error{Code: CodeFraming, Offset: int64(len(buf)), Msg: "stream ended inside an HTTP head"}
		}
		return 0, nil, nil
	}
	m, err := parseHead(b[:end])
	if err != nil {
		err.Offset += int64(skip)
		return 0, nil, err
	}
	bodyStart := end + sep
	n, body, err := h.body(m, b[bodyStart:], atEOF, max)
	if err != nil {
		err.Offset += int64(skip + bodyStart)
		return 0, nil, err
	}
	if n < 0 { // body incomplete
		if m.Request && !h.notified && strings.EqualFold(m.Get("Expect"), "100-continue") {
			h.notified = true
			m.Continue = true
			return skip, m, nil // the head again comes whole with its body
		}
		return 0, nil, nil
	}
	h.notified = false
	m.Body = body
	return skip + bodyStart + n, m, nil
}

// headEnd finds the blank line ending the head: its offset and length.
func headEnd(b []byte) (int, int) {
	if i := bytes.Index(b, []byte("\r\n\r\n")); i >= 0 {
		if j := bytes.Index(b, []byte("\n\n")); j >= 0 && j < i {
			return j, 2
		}
		return i, 4
	}
	if j := bytes.Index(b, []byte("\n\n")); j >= 0 {
		return j, 2
	}
	return -1, 0
}

func headErr(off int, format string, args ...any) *Error {
	return &Error{Code: CodeFraming, Offset: int64(off), Msg: fmt.Sprintf(format, args...)}
}

func parseHead(b []byte) (*Message, *Error) {
	head := string(b) // the message's strings are slices of this one copy
	m := &Message{}
	first, rest, _ := strings.Cut(head, "\n")
	if err := m.parseStartLine(strings.TrimSuffix(first, "\r")); err != nil {
		return nil, err
	}
	m.Headers = make([]Header, 0, strings.Count(rest, "\n")+1) // a line each at most (the last has no newline)
	off := len(first) + 1
	for rest != "" {
		var l string
		l, rest, _ = strings.Cut(rest, "\n")
		line := strings.TrimSuffix(l, "\r")
		if line == "" {
			off += len(l) + 1
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			return nil, headErr(off, "folded header lines are not allowed")
		}
		i := strings.IndexByte(line, ':')
		if i <= 0 || !isToken(line[:i]) {
			return nil, headErr(off, "bad header line %q", line)
		}
		m.Headers = append(m.Headers, Header{Name: line[:i], Value: strings.Trim(line[i+1:], " \t")})
		off += len(l) + 1
	}
	return m, nil
}

func (m *Message) parseStartLine(l string) *Error {
	if strings.HasPrefix(l, "HTTP/") {
		version, rest, ok := strings.Cut(l, " ")
		if !ok || !validVersion(version) {
			return headErr(0, "bad status line %q", l)
		}
		code, reason, _ := strings.Cut(rest, " ")
		st, err := strconv.Atoi(code)
		if err != nil || len(code) != 3 || st < 100 {
			return headErr(0, "bad status code in %q", l)
		}
		m.Version, m.Status, m.Reason = version[5:], st, reason
		return nil
	}
	method, rest, ok1 := strings.Cut(l, " ")
	url, version, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 || strings.IndexByte(version, ' ') >= 0 || !isToken(method) || url == "" || !validVersion(version) {
		return headErr(0, "bad request line %q", l)
	}
	m.Request = true
	m.Method, m.URL, m.Version = method, url, version[5:]
	return nil
}

func validVersion(v string) bool {
	return len(v) == 8 && strings.HasPrefix(v, "HTTP/") && v[5] >= '0' && v[5] <= '9' && v[6] == '.' && v[7] >= '0' && v[7] <= '9'
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return false
		}
	}
	return true
}

// body finds m's body in b: how many bytes it takes (-1: not all here)
// and the body itself.
func (h *HTTP) body(m *Message, b []byte, atEOF bool, max int) (int, []byte, *Error) {
	if te := strings.ToLower(m.Get("Transfer-Encoding")); te != "" {
		if !strings.HasSuffix(strings.TrimSpace(te), "chunked") {
			if m.Request {
				return 0, nil, headErr(0, "unsupported Transfer-Encoding %q", te)
			}
			return untilEOF(b, atEOF, max)
		}
		return chunked(m, b, atEOF, max)
	}
	if cl, ok, err := contentLength(m); err != nil {
		return 0, nil, err
	} else if ok {
		if cl > int64(max) {
			return 0, nil, &Error{Code: CodeTooLarge, Msg: fmt.Sprintf("body of %d bytes (at most %d)", cl, max)}
		}
		if int64(len(b)) < cl {
			if atEOF {
				return 0, nil, headErr(len(b), "stream ended inside an HTTP body")
			}
			return -1, nil, nil
		}
		return int(cl), copyBytes(b[:cl]), nil
	}
	if m.Request || m.Status < 200 || m.Status == 204 || m.Status == 304 {
		return 0, []byte{}, nil
	}
	return untilEOF(b, atEOF, max)
}

func contentLength(m *Message) (int64, bool, *Error) {
	var cl int64 = -1
	for _, hd := range m.Headers {
		if !strings.EqualFold(hd.Name, "Content-Length") {
			continue
		}
		n, err := strconv.ParseInt(hd.Value, 10, 64)
		if err != nil || n < 0 || (cl >= 0 && n != cl) {
			return 0, false, headErr(0, "bad Content-Length %q", hd.Value)
		}
		cl = n
	}
	return cl, cl >= 0, nil
}

func untilEOF(b []byte, atEOF bool, max int) (int, []byte, *Error) {
	if len(b) > max {
		return 0, nil, &Error{Code: CodeTooLarge, Msg: fmt.Sprintf("body over %d bytes", max)}
	}
	if !atEOF {
		return -1, nil, nil
	}
	return len(b), copyBytes(b), nil
}

// chunked reassembles a chunked body; trailers join the headers.
func chunked(m *Message, b []byte, atEOF bool, max int) (int, []byte, *Error) {
	var body []byte
	pos := 0
	for {
		i := bytes.IndexByte(b[pos:], '\n')
		if i < 0 {
			return incomplete(b, pos, atEOF)
		}
		line := strings.TrimSuffix(string(b[pos:pos+i]), "\r")
		if j := strings.IndexByte(line, ';'); j >= 0 {
			line = line[:j] // chunk extensions are ignored
		}
		size, err := strconv.ParseInt(strings.TrimSpace(line), 16, 64)
		if err != nil || size < 0 {
			return 0, nil, headErr(pos, "bad chunk size %q", line)
		}
		if int64(len(body))+size > int64(max) {
			return 0, nil, &Error{Code: CodeTooLarge, Offset: int64(pos), Msg: fmt.Sprintf("body over %d bytes", max)}
		}
		pos += i + 1
		if size == 0 {
			return trailers(m, b, pos, body, atEOF)
		}
		if int64(len(b)-pos) < size+2 {
			return incomplete(b, pos, atEOF)
		}
		body = append(body, b[pos:pos+int(size)]...)
		pos += int(size)
		if b[pos] == '\r' {
			pos++
		}
		if pos >= len(b) || b[pos] != '\n' {
			return 0, nil, headErr(pos, "chunk not ended by CRLF")
		}
		pos++
	}
}

func trailers(m *Message, b []byte, pos int, body []byte, atEOF bool) (int, []byte, *Error) {
	for {
		i := bytes.IndexByte(b[pos:], '\n')
		if i < 0 {
			return incomplete(b, pos, atEOF)
		}
		line := strings.TrimSuffix(string(b[pos:pos+i]), "\r")
		pos += i + 1
		if line == "" {
			if body == nil {
				body = []byte{}
			}
			return pos, body, nil
		}
		k := strings.IndexByte(line, ':')
		if k <= 0 {
			return 0, nil, headErr(pos, "bad trailer line %q", line)
		}
		m.Headers = append(m.Headers, Header{Name: line[:k], Value: strings.Trim(line[k+1:], " \t")})
	}
}

func incomplete(b []byte, pos int, atEOF bool) (int, []byte, *Error) {
	if atEOF {
		return 0, nil, headErr(len(b), "stream ended inside a chunked body")
	}
	return -1, nil, nil
}
