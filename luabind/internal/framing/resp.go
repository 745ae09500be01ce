package framing

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// Kind is a RESP value's type.
type Kind uint8

// The RESP2 and RESP3 types.
const (
	SimpleString Kind = iota // +OK
	ErrorReply               // -ERR ... and RESP3's !blob errors
	Integer                  // :42
	BulkString               // $3 foo
	Array                    // *2 ...
	Null                     // $-1, *-1, _
	Boolean                  // #t
	Double                   // ,1.5
	BigNumber                // (123...
	Verbatim                 // =txt:...
	Map                      // %2 ...: Elems holds key, value, key, value
	Set                      // ~2 ...
	Push                     // >2 ...
)

// Value is one decoded RESP value.
type Value struct {
	Kind  Kind
	Str   string // strings, errors, big numbers, verbatim text (a string: Lua takes it without a copy)
	Int   int64
	Num   float64
	Bool  bool
	Elems []Value
}

// RESP decodes RESP2 and RESP3 values: replies on a client, commands on a
// server (arrays of bulk strings, or inline commands as a telnet user
// types them). Attributes (|) are read and dropped.
type RESP struct {
	Max    int  // the largest bulk string or aggregate; 0: DefaultMaxFrame
	Inline bool // accept inline commands (a server's side); a client wants replies only
}

// maxDepth bounds nesting, so hostile input cannot exhaust the stack.
const maxDepth = 256

// Split implements Splitter.
func (r RESP) Split(buf []byte, atEOF bool) (int, any, error) {
	p := respParser{buf: buf, max: r.Max, inline: r.Inline}
	if p.max <= 0 {
		p.max = DefaultMaxFrame
	}
	v, ok := p.value(0)
	if p.err != nil {
		return 0, nil, p.err
	}
	if !ok {
		if atEOF {
			return 0, nil, &Error{Code: CodeFraming, Offset: int64(len(buf)), Msg: "stream ended inside a RESP value"}
		}
		return 0, nil, nil
	}
	return p.pos, v, nil
}

type respParser struct {
	buf    []byte
	pos    int
	max    int
	inline bool
	err    error
}

func (p *respParser) fail(at int, format string, args ...any) {
	if p.err == nil {
		p.err = &Error{Code: CodeFraming, Offset: int64(at), Msg: fmt.Sprintf(format, args...)}
	}
}

// line returns the bytes up to the next CRLF and moves past it; ok is
// false when the CRLF has not arrived.
func (p *respParser) line() ([]byte, bool) {
	i := bytes.IndexByte(p.buf[p.pos:], '\n')
	if i < 0 {
		if len(p.buf)-p.pos > p.max {
			p.err = &Error{Code: CodeTooLarge, Offset: int64(p.pos), Msg: "RESP line too long"}
		}
		return nil, false
	}
	l := p.buf[p.pos : p.pos+i]
	if len(l) == 0 || l[len(l)-1] != '\r' {
		p.fail(p.pos+i, "line not ended by CRLF")
		return nil, false
	}
	p.pos += i + 1
	return l[:len(l)-1], true
}

func (p *respParser) value(depth int) (Value, bool) {
	if p.pos >= len(p.buf) {
		return Value{}, false
	}
	if depth > maxDepth {
		p.fail(p.pos, "RESP nesting deeper than %d", maxDepth)
		return Value{}, false
	}
	start := p.pos
	t := p.buf[p.pos]
	switch t {
	case '+', '-', ':', '$', '*', '_', '#', ',', '(', '!', '=', '%', '~', '>', '|':
	default:
		if depth == 0 && p.inline {
			return p.inlineCommand()
		}
		p.fail(p.pos, "unknown RESP type byte %q", t)
		return Value{}, false
	}
	p.pos++
	l, ok := p.line()
	if !ok {
		return Value{}, false
	}
	switch t {
	case '+':
		return Value{Kind: SimpleString, Str: string(l)}, true
	case '-':
		return Value{Kind: ErrorReply, Str: string(l)}, true
	case ':':
		n, err := strconv.ParseInt(string(l), 10, 64)
		if err != nil {
			p.fail(start, "bad RESP integer %q", l)
			return Value{}, false
		}
		return Value{Kind: Integer, Int: n}, true
	case '_':
		return Value{Kind: Null}, true
	case '#':
		if len(l) != 1 || (l[0] != 't' && l[0] != 'f') {
			p.fail(start, "bad RESP boolean %q", l)
			return Value{}, false
		}
		return Value{Kind: Boolean, Bool: l[0] == 't'}, true
	case ',':
		return p.double(start, l)
	case '(':
		if _, err := strconv.ParseFloat(string(l), 64); err != nil && !isBigInt(l) {
			p.fail(start, "bad RESP big number %q", l)
			return Value{}, false
		}
		return Value{Kind: BigNumber, Str: string(l)}, true
	case '$', '!', '=':
		return p.blob(start, t, l)
	case '|':
		if _, ok := p.aggregate(start, Map, l, depth); !ok {
			return Value{}, false
		}
		return p.value(depth) // the attribute's value follows it
	}
	kind := map[byte]Kind{'*': Array, '%': Map, '~': Set, '>': Push}[t]
	return p.aggregate(start, kind, l, depth)
}

func isBigInt(l []byte) bool {
	if len(l) > 0 && (l[0] == '-' || l[0] == '+') {
		l = l[1:]
	}
	if len(l) == 0 {
		return false
	}
	for _, c := range l {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (p *respParser) double(start int, l []byte) (Value, bool) {
	switch string(l) {
	case "inf", "+inf":
		return Value{Kind: Double, Num: math.Inf(1)}, true
	case "-inf":
		return Value{Kind: Double, Num: math.Inf(-1)}, true
	case "nan", "-nan":
		return Value{Kind: Double, Num: math.NaN()}, true
	}
	f, err := strconv.ParseFloat(string(l), 64)
	if err != nil {
		p.fail(start, "bad RESP double %q", l)
		return Value{}, false
	}
	return Value{Kind: Double, Num: f}, true
}

// length reads an aggregate or blob length: -1 is null.
func (p *respParser) length(start int, l []byte) (int, bool) {
	n, err := strconv.ParseInt(string(l), 10, 64)
	if err != nil || n < -1 {
		p.fail(start, "bad RESP length %q", l)
		return 0, false
	}
	if n > int64(p.max) {
		p.err = &Error{Code: CodeTooLarge, Offset: int64(start), Msg: fmt.Sprintf("RESP length %d over %d", n, p.max)}
		return 0, false
	}
	return int(n), true
}

func (p *respParser) blob(start int, t byte, l []byte) (Value, bool) {
	n, ok := p.length(start, l)
	if !ok {
		return Value{}, false
	}
	if n < 0 {
		return Value{Kind: Null}, true
	}
	if len(p.buf)-p.pos < n+2 {
		return Value{}, false
	}
	body := p.buf[p.pos : p.pos+n]
	if p.buf[p.pos+n] != '\r' || p.buf[p.pos+n+1] != '\n' {
		p.fail(p.pos+n, "bulk string not ended by CRLF")
		return Value{}, false
	}
	p.pos += n + 2
	switch t {
	case '!':
		return Value{Kind: ErrorReply, Str: string(body)}, true
	case '=':
		return Value{Kind: Verbatim, Str: string(body)}, true
	}
	return Value{Kind: BulkString, Str: string(body)}, true
}

func (p *respParser) aggregate(start int, kind Kind, l []byte, depth int) (Value, bool) {
	n, ok := p.length(start, l)
	if !ok {
		return Value{}, false
	}
	if n < 0 {
		return Value{Kind: Null}, true
	}
	count := n
	if kind == Map {
		count = 2 * n
	}
	// Each element takes at least 3 bytes, so never reserve more than
	// what the buffer could hold: a hostile count cannot allocate.
	reserve := count
	if r := (len(p.buf) - p.pos) / 3; reserve > r {
		reserve = r
	}
	v := Value{Kind: kind, Elems: make([]Value, 0, reserve)}
	for i := 0; i < count; i++ {
		e, ok := p.value(depth + 1)
		if !ok {
			return Value{}, false
		}
		v.Elems = append(v.Elems, e)
	}
	return v, true
}

// inline reads a command typed without RESP: words split by spaces, as
// Redis accepts them, with "double" and 'single' quotes for spaces.
func (p *respParser) inlineCommand() (Value, bool) {
	i := bytes.IndexByte(p.buf[p.pos:], '\n')
	if i < 0 {
		if len(p.buf)-p.pos > 64*1024 { // Redis's inline limit
			p.err = &Error{Code: CodeTooLarge, Offset: int64(p.pos), Msg: "inline command too long"}
		}
		return Value{}, false
	}
	l := trimCR(p.buf[p.pos : p.pos+i])
	p.pos += i + 1
	words, err := splitInline(l)
	if err != nil {
		p.fail(p.pos-i-1, "%s", err)
		return Value{}, false
	}
	v := Value{Kind: Array, Elems: make([]Value, len(words))}
	for k, w := range words {
		v.Elems[k] = Value{Kind: BulkString, Str: string(w)}
	}
	return v, true
}

func splitInline(l []byte) ([][]byte, error) {
	var words [][]byte
	for i := 0; i < len(l); {
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
		if i == len(l) {
			break
		}
		var w []byte
		if q := l[i]; q == '"' || q == '\'' {
			i++
			j := bytes.IndexByte(l[i:], q)
			if j < 0 {
				return nil, fmt.Errorf("unbalanced quotes in inline command")
			}
			w = copyBytes(l[i : i+j])
			i += j + 1
		} else {
			j := i
			for j < len(l) && l[j] != ' ' && l[j] != '\t' {
				j++
			}
			w = copyBytes(l[i:j])
			i = j
		}
		words = append(words, w)
	}
	return words, nil
}

// AppendBulk appends a RESP bulk string.
func AppendBulk(b, s []byte) []byte {
	b = append(b, '$')
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, '\r', '\n')
	b = append(b, s...)
	return append(b, '\r', '\n')
}

// AppendHeader appends a type byte and a number line: "*3\r\n", ":42\r\n".
func AppendHeader(b []byte, t byte, n int64) []byte {
	b = append(b, t)
	b = strconv.AppendInt(b, n, 10)
	return append(b, '\r', '\n')
}

// AppendLine appends a simple string or error line ("+OK\r\n"); CR and LF
// inside s are replaced by spaces, since the line cannot hold them.
func AppendLine(b []byte, t byte, s []byte) []byte {
	b = append(b, t)
	for _, c := range s {
		if c == '\r' || c == '\n' {
			c = ' '
		}
		b = append(b, c)
	}
	return append(b, '\r', '\n')
}
