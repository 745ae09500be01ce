package luabind

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// Node error codes raised by argument checks and state errors.
const (
	ErrInvalidArgType    = "ERR_INVALID_ARG_TYPE"
	ErrInvalidArgValue   = "ERR_INVALID_ARG_VALUE"
	ErrOutOfRange        = "ERR_OUT_OF_RANGE"
	ErrSocketBadPort     = "ERR_SOCKET_BAD_PORT"
	ErrSocketClosed      = "ERR_SOCKET_CLOSED"
	ErrServerNotRunning  = "ERR_SERVER_NOT_RUNNING"
	ErrServerListening   = "ERR_SERVER_ALREADY_LISTEN"
	ErrStreamWriteAfter  = "ERR_STREAM_WRITE_AFTER_END"
	ErrStreamDestroyed   = "ERR_STREAM_DESTROYED"
	ErrUnknownEncoding   = "ERR_UNKNOWN_ENCODING"
	ErrMissingArgs       = "ERR_MISSING_ARGS"
	ErrInvalidThis       = "ERR_INVALID_THIS"
	ErrUnhandledError    = "ERR_UNHANDLED_ERROR"
	ErrBufferOutOfBounds = "ERR_BUFFER_OUT_OF_BOUNDS"
	ErrInvalidIPAddress  = "ERR_INVALID_IP_ADDRESS"
)

// installErrors creates the Error class: Error('msg'), Error.new('msg'),
// TypeError, RangeError; instances are tables whose __tostring gives Node's
// text (`Error: msg`, `TypeError [CODE]: msg`).
func (rt *Runtime) installErrors() {
	L := rt.L
	mt := L.NewTable()
	rt.errorMT = mt
	cls := L.NewTable()
	rt.errorCls = cls
	mt.RawSetString("__index", cls)
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		t, ok := L.Get(1).(*lua.LTable)
		if !ok {
			L.Push(lua.LString("Error"))
			return 1
		}
		L.Push(lua.LString(rt.errorString(t)))
		return 1
	}))
	cls.RawSetString("toString", mt.RawGetString("__tostring"))
	for _, name := range []string{"Error", "TypeError", "RangeError", "SyntaxError"} {
		name := name
		ctor := L.NewFunction(func(L *lua.LState) int {
			msg := ""
			switch v := L.Get(1).(type) {
			case *lua.LNilType:
			case lua.LNumber:
				msg = jsfmt.Number(float64(v)) // Error(1/0).message is "Infinity"
			default:
				msg = L.ToStringMeta(v).String() // a raising __tostring raises here, as in Node
			}
			t := rt.NewError(name, "", msg)
			if w := L.Where(1); w != "" {
				t.RawSetString("__where", lua.LString(w))
				t.RawSetString("stack", lua.LString(name+": "+msg+"\n    at "+strings.TrimSuffix(w, ":")))
			}
			if opts, ok := L.Get(2).(*lua.LTable); ok {
				if c := opts.RawGetString("cause"); c != lua.LNil {
					t.RawSetString("cause", c)
				}
			}
			L.Push(t)
			return 1
		})
		class := L.NewTable()
		class.RawSetString("new", ctor)
		class.RawSetString("name", lua.LString(name))
		meta := L.NewTable()
		meta.RawSetString("__call", L.NewFunction(func(L *lua.LState) int {
			L.Remove(1) // the class table itself
			return ctor.GFunction(L)
		}))
		L.SetMetatable(class, meta)
		L.SetGlobal(name, class)
	}
}

// NewError builds a Node-style Error object: a table with name, message
// and, when not empty, code.
func (rt *Runtime) NewError(name, code, msg string) *lua.LTable {
	t := rt.L.CreateTable(0, 4)
	t.RawSetString("name", lua.LString(name))
	t.RawSetString("message", lua.LString(msg))
	if code != "" {
		t.RawSetString("code", lua.LString(code))
	}
	rt.L.SetMetatable(t, rt.errorMT)
	return t
}

// isError reports whether t is one of our Error objects.
func (rt *Runtime) isError(t *lua.LTable) bool {
	return rt.L.GetMetatable(t) == rt.errorMT
}

// errorString is Node's Error.prototype.toString, with the code in
// brackets for Node's internal ERR_* errors.
func (rt *Runtime) errorString(t *lua.LTable) string {
	name := "Error"
	if n, ok := t.RawGetString("name").(lua.LString); ok {
		name = string(n)
	}
	msg := ""
	if m := t.RawGetString("message"); m != lua.LNil {
		msg = rt.valueText(m)
	}
	if c, ok := t.RawGetString("code").(lua.LString); ok && len(c) > 4 && c[:4] == "ERR_" {
		name += " [" + string(c) + "]"
	}
	if msg == "" {
		return name
	}
	return name + ": " + msg
}

// valueText is the text of v for a message: strings as they are, numbers
// as JavaScript writes them (Infinity, not +Inf), anything else through its
// __tostring. The metamethod runs protected, since the callers are
// reporting an error already (often from Go with no Lua call to unwind
// into): if it raises, the text is Lua's own name of the value and what
// the metamethod raised, never a panic.
func (rt *Runtime) valueText(v lua.LValue) string {
	switch x := v.(type) {
	case lua.LString:
		return string(x)
	case lua.LNumber:
		return jsfmt.Number(float64(x))
	}
	L := rt.L
	mm := L.GetMetaField(v, "__tostring")
	if mm == lua.LNil {
		return v.String()
	}
	top := L.GetTop()
	L.Push(mm)
	L.Push(v)
	err := pcallFromGo(L, 1, 1)
	if err != nil {
		L.SetTop(top)
		return v.String() + " (__tostring raised: " + raisedText(err) + ")"
	}
	r := L.Get(-1)
	L.SetTop(top)
	switch x := r.(type) {
	case lua.LString:
		return string(x)
	case lua.LNumber:
		return jsfmt.Number(float64(x))
	}
	return r.String() // what __tostring returned is not text: not called again
}

// raisedText is a raised value as text without calling any metamethod:
// the string raised, or Lua's "(error object is a table value)".
func raisedText(err error) string {
	var ae *lua.ApiError
	if !errors.As(err, &ae) {
		return err.Error()
	}
	switch x := ae.Object.(type) {
	case lua.LString:
		return string(x)
	case lua.LNumber:
		return jsfmt.Number(float64(x))
	}
	if ae.Object == exitSignal {
		return "process.exit called"
	}
	return "(error object is a " + ae.Object.Type().String() + " value)"
}

// Throw raises err (an Error object) from a Go function called by Lua,
// recording where in the script the call was made.
func (rt *Runtime) Throw(L *lua.LState, err *lua.LTable) {
	if w := userWhere(L); w != "" && err.RawGetString("__where") == lua.LNil {
		err.RawSetString("__where", lua.LString(w))
	}
	L.Error(err, 0)
}

// userWhere is L.Where(1), the Lua code calling the running Go function,
// past netsh's own Lua helpers (a waiting function's wrapper).
func userWhere(L *lua.LState) string {
	for level := 1; ; level++ {
		w := L.Where(level)
		if !strings.HasPrefix(w, internalSource) {
			return w
		}
	}
}

// ThrowCode raises a new Error of the given name and code.
func (rt *Runtime) ThrowCode(L *lua.LState, name, code, msg string) {
	rt.Throw(L, rt.NewError(name, code, msg))
}

// errnoName is Node's code for an errno: its POSIX name (ECONNREFUSED,
// ENODEV, ENOSPC...) for every errno the platform names, and Node's
// "Unknown system error -n" for the few it does not.
func errnoName(en syscall.Errno) string {
	if name := platformErrnoName(en); name != "" {
		return name
	}
	return "Unknown system error " + strconv.Itoa(-int(en))
}

// errnoDescription is the text Node puts after the code where its message
// has one (listen, fs): libuv's wording where libuv has the errno, else
// the system's.
func errnoDescription(code string, err error) string {
	if d, ok := errnoDesc[code]; ok {
		return d
	}
	var en syscall.Errno
	if errors.As(err, &en) {
		return en.Error()
	}
	return "unknown error"
}

// errnoDesc is libuv's description of each errno it names (Node's
// util.getSystemErrorMap()).
var errnoDesc = map[string]string{
	"EPERM":           "operation not permitted",
	"ENOENT":          "no such file or directory",
	"ESRCH":           "no such process",
	"EINTR":           "interrupted system call",
	"EIO":             "i/o error",
	"ENXIO":           "no such device or address",
	"E2BIG":           "argument list too long",
	"EBADF":           "bad file descriptor",
	"EAGAIN":          "resource temporarily unavailable",
	"ENOMEM":          "not enough memory",
	"EACCES":          "permission denied",
	"EFAULT":          "bad address in system call argument",
	"EBUSY":           "resource busy or locked",
	"EEXIST":          "file already exists",
	"EXDEV":           "cross-device link not permitted",
	"ENODEV":          "no such device",
	"ENOTDIR":         "not a directory",
	"EISDIR":          "illegal operation on a directory",
	"EINVAL":          "invalid argument",
	"ENFILE":          "file table overflow",
	"EMFILE":          "too many open files",
	"ENOTTY":          "inappropriate ioctl for device",
	"ETXTBSY":         "text file is busy",
	"EFBIG":           "file too large",
	"ENOSPC":          "no space left on device",
	"ESPIPE":          "invalid seek",
	"EROFS":           "read-only file system",
	"EMLINK":          "too many links",
	"EPIPE":           "broken pipe",
	"ERANGE":          "result too large",
	"ENAMETOOLONG":    "name too long",
	"ENOSYS":          "function not implemented",
	"ENOTEMPTY":       "directory not empty",
	"ELOOP":           "too many symbolic links encountered",
	"EUNATCH":         "protocol driver not attached",
	"ENODATA":         "no data available",
	"ENONET":          "machine is not on the network",
	"EPROTO":          "protocol error",
	"EOVERFLOW":       "value too large for defined data type",
	"EILSEQ":          "illegal byte sequence",
	"ENOTSOCK":        "socket operation on non-socket",
	"EDESTADDRREQ":    "destination address required",
	"EMSGSIZE":        "message too long",
	"EPROTOTYPE":      "protocol wrong type for socket",
	"ENOPROTOOPT":     "protocol not available",
	"EPROTONOSUPPORT": "protocol not supported",
	"ESOCKTNOSUPPORT": "socket type not supported",
	"ENOTSUP":         "operation not supported on socket",
	"EAFNOSUPPORT":    "address family not supported",
	"EADDRINUSE":      "address already in use",
	"EADDRNOTAVAIL":   "address not available",
	"ENETDOWN":        "network is down",
	"ENETUNREACH":     "network is unreachable",
	"ECONNABORTED":    "software caused connection abort",
	"ECONNRESET":      "connection reset by peer",
	"ENOBUFS":         "no buffer space available",
	"EISCONN":         "socket is already connected",
	"ENOTCONN":        "socket is not connected",
	"ESHUTDOWN":       "cannot send after transport endpoint shutdown",
	"ETIMEDOUT":       "connection timed out",
	"ECONNREFUSED":    "connection refused",
	"EHOSTDOWN":       "host is down",
	"EHOSTUNREACH":    "host is unreachable",
	"EALREADY":        "connection already in progress",
	"EREMOTEIO":       "remote I/O error",
	"ECANCELED":       "operation canceled",
}

// errnoOf returns Node's code and negative errno for a Go error, or
// ("", 0) if it carries no errno.
func errnoOf(err error) (string, int) {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		if dns.IsNotFound {
			return "ENOTFOUND", -3008
		}
		return "EAI_AGAIN", -3001
	}
	var en syscall.Errno
	if errors.As(err, &en) {
		return errnoName(en), -int(en)
	}
	if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return "ETIMEDOUT", -int(syscall.ETIMEDOUT)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return "ENOENT", -int(syscall.ENOENT)
	}
	if errors.Is(err, fs.ErrExist) {
		return "EEXIST", -int(syscall.EEXIST)
	}
	if errors.Is(err, fs.ErrPermission) {
		return "EACCES", -int(syscall.EACCES)
	}
	if errors.Is(err, net.ErrClosed) {
		return "EBADF", -int(syscall.EBADF)
	}
	return "", 0
}

// SysErr describes a failed system call the way Node reports it.
type SysErr struct {
	Err     error  // the Go error
	Syscall string // "connect", "listen", "read", "open", ...
	Address string // remote or local address, if any
	Port    int    // port, if > 0
	Path    string // file path, for fs errors
	Dest    string // destination path (rename), for fs errors
	Desc    bool   // include libuv's description (listen), as Node does; file errors always do
	File    bool   // a file operation: fs's message form even without a path
}

// SystemError builds the Error object Node gives for a failed system call:
// `connect ECONNREFUSED 127.0.0.1:40000`, `listen EADDRINUSE: address
// already in use 0.0.0.0:40000`, `ENOENT: no such file or directory, open 'x'`,
// `EISDIR: illegal operation on a directory, read`, `ENOENT: no such file or
// directory, rename 'a' -> 'b'`.
func (rt *Runtime) SystemError(se SysErr) *lua.LTable {
	fileOp := se.File || se.Path != ""
	code, errno := errnoOf(se.Err)
	if code == "" {
		t := rt.NewError("Error", "", se.Err.Error())
		if se.Syscall != "" {
			t.RawSetString("syscall", lua.LString(se.Syscall))
		}
		return t
	}
	var msg string
	switch {
	case fileOp:
		msg = fileErrorMessage(code, se)
	case code == "ENOTFOUND" || code == "EAI_AGAIN":
		// A name lookup's failure is getaddrinfo's, whatever the caller
		// was doing (a connect resolves first), but lookupService's
		// getnameinfo.
		if se.Syscall != "getnameinfo" {
			se.Syscall = "getaddrinfo"
		}
		msg = se.Syscall + " " + code + " " + se.Address
	default:
		msg = se.Syscall + " " + code
		if se.Desc {
			msg += ": " + errnoDescription(code, se.Err)
		}
		if se.Address != "" {
			if se.Port > 0 {
				msg += " " + joinHostPort(se.Address, se.Port)
			} else {
				msg += " " + se.Address
			}
		}
	}
	t := rt.NewError("Error", code, msg)
	t.RawSetString("errno", lua.LNumber(errno))
	t.RawSetString("syscall", lua.LString(se.Syscall))
	if code == "ENOTFOUND" || code == "EAI_AGAIN" {
		t.RawSetString("hostname", lua.LString(se.Address))
	} else if se.Address != "" {
		t.RawSetString("address", lua.LString(se.Address))
	}
	if se.Port > 0 {
		t.RawSetString("port", lua.LNumber(se.Port))
	}
	if se.Path != "" {
		t.RawSetString("path", lua.LString(se.Path))
	}
	if se.Dest != "" {
		t.RawSetString("dest", lua.LString(se.Dest))
	}
	return t
}

// fileErrorMessage is the message of a failed file operation, as Node
// words it: `CODE: description, syscall 'path' -> 'dest'`, the paths only
// when the operation has them.
func fileErrorMessage(code string, se SysErr) string {
	msg := code + ": " + errnoDescription(code, se.Err) + ", " + se.Syscall
	if se.Path != "" {
		msg += " '" + se.Path + "'"
	}
	if se.Dest != "" {
		msg += " -> '" + se.Dest + "'"
	}
	return msg
}

// joinHostPort formats an address as Node prints it in messages: IPv6
// without brackets (`::1:40000`), as Node does.
func joinHostPort(host string, port int) string {
	return host + ":" + strconv.Itoa(port)
}
