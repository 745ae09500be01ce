package luabind

import (
	"slices"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/framing"
)

// The http1 module: HTTP/1.x messages between Lua and the wire. A decoded
// message is a table { method, url, version, status, reason, headers,
// rawHeaders, body, continue }: headers by lower-cased name (a repeated
// name gives an array of its values), rawHeaders as Node's flat list of
// names and values in order.

// httpToLua turns a decoded message into its Lua table.
func (rt *Runtime) httpToLua(m *framing.Message) *lua.LTable {
	L := rt.L
	raw := L.CreateTable(2*len(m.Headers), 0)
	// headers: name -> value, or an array of a repeated header's values.
	// A few names are searched in a slice; past 16 a map indexes them, so
	// a head of thousands of headers costs no quadratic search.
	var nameBuf, valBuf [16]lua.LValue
	hnames, hvals := nameBuf[:0], valBuf[:0]
	var index map[lua.LValue]int
	for _, h := range m.Headers {
		rawName, name := headerNames(h.Name)
		value := lua.LValue(lua.LString(h.Value)) // boxed once for both tables
		raw.Append(rawName)
		raw.Append(value)
		j := 0
		if index != nil {
			var ok bool
			if j, ok = index[name]; !ok {
				j = len(hnames)
			}
		} else {
			for j < len(hnames) && hnames[j] != name {
				j++
			}
		}
		if j == len(hnames) {
			if len(hnames) == len(nameBuf) && index == nil {
				index = make(map[lua.LValue]int, 2*len(nameBuf))
				for i, n := range hnames {
					index[n] = i
				}
			}
			if index != nil {
				index[name] = len(hnames)
			}
			hnames, hvals = append(hnames, name), append(hvals, value)
			continue
		}
		arr, ok := hvals[j].(*lua.LTable)
		if !ok {
			arr = L.CreateTable(2, 0)
			arr.Append(hvals[j])
			hvals[j] = arr
		}
		arr.Append(value)
	}
	headers := keyedTable(hnames, hvals)
	// The message is a record of one of four shapes (record_table.go), its
	// keys in the order they always had.
	var first, second lua.LValue
	if m.Request {
		first, second = httpWord(m.Method), lua.LString(m.URL)
	} else {
		first, second = lua.LNumber(m.Status), httpWord(m.Reason)
	}
	body := lua.LValue(emptyString)
	if len(m.Body) > 0 {
		body = lua.LString(m.Body)
	}
	if m.Continue {
		body = lua.LTrue
	}
	vals := [7]lua.LValue{first, second, httpWord(m.Version), headers, raw, body, lua.LBool(m.KeepAlive())}
	return recordTable(httpShapes[b2i(m.Request)][b2i(m.Continue)], vals[:])
}

// httpShapes are the decoded message's key lists: [request][continue].
var httpShapes = [2][2]*fieldKeys{
	{newFieldKeys("status", "reason", "version", "headers", "rawHeaders", "body", "keepAlive"),
		newFieldKeys("status", "reason", "version", "headers", "rawHeaders", "continue", "keepAlive")},
	{newFieldKeys("method", "url", "version", "headers", "rawHeaders", "body", "keepAlive"),
		newFieldKeys("method", "url", "version", "headers", "rawHeaders", "continue", "keepAlive")},
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// commonHeaders are header names as clients send them, each boxed once
// as it came and lower-cased: most requests carry only these, and
// lower-casing and boxing allocate.
var commonHeaders = func() map[string][2]lua.LValue {
	m := map[string][2]lua.LValue{}
	for _, n := range []string{"Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language",
		"Connection", "Content-Length", "Content-Type", "Cookie", "Authorization", "Cache-Control",
		"Transfer-Encoding", "Expect", "Upgrade", "Origin", "Referer", "Date", "Server", "Keep-Alive"} {
		m[n] = [2]lua.LValue{lua.LString(n), lua.LString(strings.ToLower(n))}
	}
	return m
}()

// headerNames is a header name as it came and lower-cased, both boxed.
func headerNames(name string) (raw, lower lua.LValue) {
	if c, ok := commonHeaders[name]; ok {
		return c[0], c[1]
	}
	return lua.LString(name), lua.LString(strings.ToLower(name))
}

// httpWords are the methods, versions and reasons most messages have,
// boxed once.
var httpWords = func() map[string]lua.LValue {
	m := map[string]lua.LValue{}
	for _, w := range []string{"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "1.1", "1.0", "OK"} {
		m[w] = lua.LString(w)
	}
	return m
}()

// emptyString is "" boxed once: most requests have no body.
var emptyString lua.LValue = lua.LString("")

// httpWord boxes s, without an allocation for one of httpWords.
func httpWord(s string) lua.LValue {
	if v, ok := httpWords[s]; ok {
		return v
	}
	return lua.LString(s)
}

// httpHeaderLines appends a message's headers to b: rawHeaders (a flat
// list) in its order if given, else headers (name -> value or array of
// values) sorted by name; Content-Length is added for a body unless a
// length or a transfer encoding is set.
func (rt *Runtime) httpHeaderLines(L *lua.LState, b []byte, t *lua.LTable, body string, wantLength bool) []byte {
	hasLength := false // a Content-Length or Transfer-Encoding was given
	line := func(name, value string) {
		if strings.ContainsAny(name, "\r\n:") || strings.ContainsAny(value, "\r\n") {
			rt.ThrowCode(L, "TypeError", "ERR_INVALID_CHAR", "Invalid character in header content ["+strconv.Quote(name)+"]")
		}
		if len(name) >= 14 && (strings.EqualFold(name, "content-length") || strings.EqualFold(name, "transfer-encoding")) {
			hasLength = true
		}
		b = append(append(append(append(b, name...), ": "...), value...), "\r\n"...)
	}
	if raw, ok := t.RawGetString("rawHeaders").(*lua.LTable); ok {
		for i := 1; i+1 <= raw.Len(); i += 2 {
			line(lua.LVAsString(raw.RawGetInt(i)), lua.LVAsString(raw.RawGetInt(i+1)))
		}
	} else if hs, ok := t.RawGetString("headers").(*lua.LTable); ok {
		// A response has a few headers: they are gathered on the stack
		// with their values, not looked up again after the sort.
		var buf [16]headerField
		fields := buf[:0]
		for k, v := hs.Next(lua.LNil); k != lua.LNil; k, v = hs.Next(k) {
			fields = append(fields, headerField{lua.LVAsString(k), v})
		}
		slices.SortStableFunc(fields, func(a, b headerField) int { return strings.Compare(a.name, b.name) }) // a number key and its string twin keep table order
		for _, f := range fields {
			if vs, ok := f.value.(*lua.LTable); ok {
				for i := 1; i <= vs.Len(); i++ {
					line(f.name, lua.LVAsString(vs.RawGetInt(i)))
				}
				continue
			}
			line(f.name, lua.LVAsString(f.value))
		}
	}
	if wantLength && !hasLength {
		line("Content-Length", strconv.Itoa(len(body)))
	}
	return append(b, "\r\n"...)
}

// headerField is one entry of a headers table.
type headerField struct {
	name  string
	value lua.LValue
}

// httpMessage finishes a message built in rt's scratch buffer: one
// string of its bytes, the buffer kept for the next one unless it grew
// past 64 KiB (a big body is not held on to).
func (rt *Runtime) httpMessage(L *lua.LState, b []byte) int {
	L.Push(lua.LString(b))
	if cap(b) <= 64<<10 {
		rt.httpBuf = b[:0]
	}
	return 1
}

func (rt *Runtime) httpBody(L *lua.LState, t *lua.LTable) string {
	switch v := t.RawGetString("body").(type) {
	case *lua.LNilType:
		return ""
	case lua.LString:
		return string(v)
	default:
		return string(rt.chunkBytes(L, "body", v))
	}
}

// http1Request builds a request's bytes: { method = 'GET', url = '/',
// version = '1.1', headers | rawHeaders, body }.
func http1Request(rt *Runtime, L *lua.LState) int {
	t := rt.OptTable(L, 1, "options")
	if t == nil {
		t = L.NewTable()
	}
	method := rt.OptStringField(L, t, "method", "GET")
	url := rt.OptStringField(L, t, "url", "/")
	version := rt.OptStringField(L, t, "version", "1.1")
	body := rt.httpBody(L, t)
	b := append(rt.httpBuf[:0], method...)
	b = append(append(append(append(append(b, ' '), url...), " HTTP/"...), version...), "\r\n"...)
	b = rt.httpHeaderLines(L, b, t, body, body != "" || method == "POST" || method == "PUT")
	return rt.httpMessage(L, append(b, body...))
}

// http1Response builds a response's bytes: { status = 200, reason,
// version = '1.1', headers | rawHeaders, body }; the reason defaults to
// the status's standard text.
func http1Response(rt *Runtime, L *lua.LState) int {
	t := rt.OptTable(L, 1, "options")
	if t == nil {
		t = L.NewTable()
	}
	status := int(rt.OptNumberField(L, t, "status", 200))
	if status < 100 || status > 999 {
		rt.ThrowCode(L, "RangeError", "ERR_HTTP_INVALID_STATUS_CODE", "Invalid status code: "+strconv.Itoa(status))
	}
	reason := rt.OptStringField(L, t, "reason", statusText[status])
	version := rt.OptStringField(L, t, "version", "1.1")
	body := rt.httpBody(L, t)
	b := append(append(rt.httpBuf[:0], "HTTP/"...), version...)
	b = strconv.AppendInt(append(b, ' '), int64(status), 10)
	b = append(append(append(b, ' '), reason...), "\r\n"...)
	noBody := status < 200 || status == 204 || status == 304
	b = rt.httpHeaderLines(L, b, t, body, !noBody)
	return rt.httpMessage(L, append(b, body...))
}

// statusText holds the reason phrases Node's http.STATUS_CODES has for
// the common codes.
var statusText = map[int]string{
	100: "Continue", 101: "Switching Protocols", 200: "OK", 201: "Created", 202: "Accepted",
	204: "No Content", 206: "Partial Content", 301: "Moved Permanently", 302: "Found",
	303: "See Other", 304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect",
	400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
	405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 411: "Length Required",
	413: "Payload Too Large", 415: "Unsupported Media Type", 417: "Expectation Failed",
	426: "Upgrade Required", 429: "Too Many Requests", 500: "Internal Server Error",
	501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
}

func openHTTP1(rt *Runtime) (lua.LValue, error) {
	L := rt.L
	m := L.NewTable()
	m.RawSetString("request", L.NewFunction(func(L *lua.LState) int { return http1Request(rt, L) }))
	m.RawSetString("response", L.NewFunction(func(L *lua.LState) int { return http1Response(rt, L) }))
	m.RawSetString("decode", L.NewFunction(func(L *lua.LState) int {
		data := rt.chunkBytes(L, "data", L.Get(1))
		return rt.decodeAll(L, &framing.HTTP{}, data, func(f any) lua.LValue { return rt.httpToLua(f.(*framing.Message)) })
	}))
	return m, nil
}

func init() { Register(Module{Name: "http1", Open: openHTTP1}) }
