package luabind

import (
	"sort"
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
		raw.Append(lua.LString(h.Name))
		raw.Append(lua.LString(h.Value))
		name := lowerHeaderName(h.Name)
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
			hnames, hvals = append(hnames, name), append(hvals, lua.LString(h.Value))
			continue
		}
		arr, ok := hvals[j].(*lua.LTable)
		if !ok {
			arr = L.CreateTable(2, 0)
			arr.Append(hvals[j])
			hvals[j] = arr
		}
		arr.Append(lua.LString(h.Value))
	}
	headers := keyedTable(hnames, hvals)
	// The message is a record of one of four shapes (record_table.go), its
	// keys in the order they always had.
	var first, second lua.LValue
	if m.Request {
		first, second = lua.LString(m.Method), lua.LString(m.URL)
	} else {
		first, second = lua.LNumber(m.Status), lua.LString(m.Reason)
	}
	var body lua.LValue = lua.LString(m.Body)
	if m.Continue {
		body = lua.LTrue
	}
	vals := [7]lua.LValue{first, second, lua.LString(m.Version), headers, raw, body, lua.LBool(m.KeepAlive())}
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

// commonHeaders are header names as clients send them, lower-cased once:
// most requests carry only these, and lower-casing allocates.
var commonHeaders = func() map[string]lua.LValue {
	m := map[string]lua.LValue{}
	for _, n := range []string{"Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language",
		"Connection", "Content-Length", "Content-Type", "Cookie", "Authorization", "Cache-Control",
		"Transfer-Encoding", "Expect", "Upgrade", "Origin", "Referer", "Date", "Server", "Keep-Alive"} {
		m[n] = lua.LString(strings.ToLower(n))
	}
	return m
}()

func lowerHeaderName(name string) lua.LValue {
	if l, ok := commonHeaders[name]; ok {
		return l
	}
	return lua.LString(strings.ToLower(name))
}

// httpHeaderLines writes a message's headers: rawHeaders (a flat list)
// in its order if given, else headers (name -> value or array of values)
// sorted by name; Content-Length is added for a body unless a length or
// a transfer encoding is set.
func (rt *Runtime) httpHeaderLines(L *lua.LState, b *strings.Builder, t *lua.LTable, body string, wantLength bool) {
	hasLength := false // a Content-Length or Transfer-Encoding was given
	line := func(name, value string) {
		if strings.ContainsAny(name, "\r\n:") || strings.ContainsAny(value, "\r\n") {
			rt.ThrowCode(L, "TypeError", "ERR_INVALID_CHAR", "Invalid character in header content ["+strconv.Quote(name)+"]")
		}
		if strings.EqualFold(name, "content-length") || strings.EqualFold(name, "transfer-encoding") {
			hasLength = true
		}
		b.WriteString(name)
		b.WriteString(": ")
		b.WriteString(value)
		b.WriteString("\r\n")
	}
	if raw, ok := t.RawGetString("rawHeaders").(*lua.LTable); ok {
		for i := 1; i+1 <= raw.Len(); i += 2 {
			line(lua.LVAsString(raw.RawGetInt(i)), lua.LVAsString(raw.RawGetInt(i+1)))
		}
	} else if hs, ok := t.RawGetString("headers").(*lua.LTable); ok {
		var names []string
		hs.ForEach(func(k, _ lua.LValue) { names = append(names, lua.LVAsString(k)) })
		sort.Strings(names)
		for _, n := range names {
			switch v := hs.RawGetString(n).(type) {
			case *lua.LTable:
				for i := 1; i <= v.Len(); i++ {
					line(n, lua.LVAsString(v.RawGetInt(i)))
				}
			default:
				line(n, lua.LVAsString(v))
			}
		}
	}
	if wantLength && !hasLength {
		line("Content-Length", strconv.Itoa(len(body)))
	}
	b.WriteString("\r\n")
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
	var b strings.Builder
	b.WriteString(method + " " + url + " HTTP/" + version + "\r\n")
	rt.httpHeaderLines(L, &b, t, body, body != "" || method == "POST" || method == "PUT")
	b.WriteString(body)
	L.Push(lua.LString(b.String()))
	return 1
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
	var b strings.Builder
	b.WriteString("HTTP/" + version + " " + strconv.Itoa(status) + " " + reason + "\r\n")
	noBody := status < 200 || status == 204 || status == 304
	rt.httpHeaderLines(L, &b, t, body, !noBody)
	b.WriteString(body)
	L.Push(lua.LString(b.String()))
	return 1
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
