package cli

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind"
)

// The modes (netsh connect, listen, send, proxy) are Lua programs run by
// the same runtime as a script: each mode's Go file parses and checks its
// command line, and its driver in modes/ (common.lua first) does the
// work with net, dgram, process.stdin and the wire module. So every
// socket a mode opens is a script's socket: --trace and --pcap see it,
// and -e / --exec hand it to Lua as it is.

//go:embed modes/*.lua
var driverFS embed.FS

// mode is one of netsh's modes.
type mode struct {
	usage string // the synopsis, for errors and --help
	// parse turns the mode's arguments into the driver's options; a
	// usageError is reported with the synopsis and exit status 2.
	parse func(args []string) (modeOpts, error)
}

// modeOpts are a mode's parsed options, handed to its driver as a table.
type modeOpts map[string]any

// modes are netsh's modes by name; a script named like one is run as
// ./connect.
var modes = map[string]*mode{
	"connect": connectMode,
	"listen":  listenMode,
	"send":    sendMode,
	"proxy":   proxyMode,
}

// modeAliases are the modes' one-letter names, so that an everyday
// command is never longer than ncat's (docs/cli.md counts them).
var modeAliases = map[string]string{"c": "connect", "l": "listen", "s": "send", "p": "proxy"}

// modeName resolves a mode's name: the full one, or its letter followed
// by letters of its boolean flags, as ncat's -lkx: `netsh lkx 80` is
// `netsh listen -k -x 80`. The flags come back as arguments.
func modeName(word string) (name string, flags []string, ok bool) {
	if _, ok := modes[word]; ok {
		return word, nil, true
	}
	if word == "" {
		return "", nil, false
	}
	name, ok = modeAliases[word[:1]]
	if !ok {
		return "", nil, false
	}
	fs := modeFlags[name]
	for _, c := range word[1:] {
		f := "-" + string(c)
		if _, ok := fs.bools[f]; !ok {
			return "", nil, false
		}
		flags = append(flags, f)
	}
	return name, flags, true
}

// defaultHostName is where a mode connects when no host is given, as
// Node's net.connect(port) does.
const defaultHostName = "localhost"

// defaultHost puts localhost in front of the operands when the first is
// a port: all digits, which no host name is.
func defaultHost(ops []string) []string {
	if len(ops) == 0 || strings.Trim(ops[0], "0123456789") != "" {
		return ops
	}
	return append([]string{defaultHostName}, ops...)
}

// modeFlags are each mode's flags, for the letters of modeName.
var modeFlags = map[string]*flagSet{
	"connect": &connectFlags,
	"listen":  &listenFlags,
	"send":    &sendFlags,
	"proxy":   &proxyFlags,
}

// usageError is a bad command line: one line, then exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// runMode runs mode name with args: parse, check the Lua code it was
// given, then run its driver until the loop has nothing left.
func runMode(name, exe string, g *globalOpts, args []string, stdout, stderr io.Writer) int {
	m := modes[name]
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "--help" || a == "-h" {
			fmt.Fprintf(stdout, "usage: %s\n", m.usage)
			return 0
		}
	}
	// Every mode takes the --tls flags (mode_tls.go): off the arguments
	// before the mode parses the rest, they become the driver's opts.tls.
	args, tls, err := takeTLSFlags(args)
	var o modeOpts
	if err == nil {
		o, err = m.parse(args)
	}
	if err == nil {
		err = loadUserCode(o)
		if tls != nil {
			o["tls"] = tls
			if o["udp"] == true && err == nil {
				err = usagef("--tls works over TCP, not with -u")
			}
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "netsh %s: %v\n", name, err)
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "usage: %s\n", m.usage)
		}
		return 2
	}
	g.plugins.lazy = true
	opts := runtimeOptions([]string{exe, name}, stdout, stderr, false)
	return g.withRuntime(opts, true, stderr, func(rt *luabind.Runtime, _ luabind.Options) int {
		src, err := driverSource(name)
		if err != nil {
			fmt.Fprintf(stderr, "netsh: %v\n", err)
			return 1
		}
		rt.L.SetGlobal("_NETSH_MODE", luaValue(rt.L, o))
		return reported(stderr)(rt.RunString(src, "=netsh:"+name))
	})
}

// driverSource is common.lua and the mode's driver, as one chunk.
func driverSource(name string) (string, error) {
	common, err := driverFS.ReadFile("modes/common.lua")
	if err != nil {
		return "", err
	}
	drv, err := driverFS.ReadFile("modes/" + name + ".lua")
	if err != nil {
		return "", err
	}
	return string(common) + "\n" + string(drv), nil
}

// loadUserCode reads --exec's file into the options and compiles the
// code, so that a missing file or a syntax error is a usage error.
func loadUserCode(o modeOpts) error {
	if f, ok := o["execFile"].(string); ok {
		b, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("cannot read %s: %v", f, unwrapPathErr(err))
		}
		o["code"], o["codeName"] = luabind.StripShebang(string(b)), "@"+f
	}
	code, ok := o["code"].(string)
	if !ok {
		return nil
	}
	if _, ok := o["codeName"]; !ok {
		o["codeName"] = "=[command line]"
	}
	name := strings.TrimPrefix(strings.TrimPrefix(o["codeName"].(string), "@"), "=")
	if _, err := luabind.Compile(code, name); err != nil {
		return err
	}
	return nil
}

// luaValue makes a Lua value of the options: strings, numbers, booleans,
// string lists and nested options.
func luaValue(L *lua.LState, v any) lua.LValue {
	switch x := v.(type) {
	case string:
		return lua.LString(x)
	case int:
		return lua.LNumber(x)
	case int64:
		return lua.LNumber(x)
	case float64:
		return lua.LNumber(x)
	case bool:
		return lua.LBool(x)
	case []string:
		t := L.CreateTable(len(x), 0)
		for _, s := range x {
			t.Append(lua.LString(s))
		}
		return t
	case modeOpts:
		t := L.CreateTable(0, len(x))
		for k, e := range x {
			t.RawSetString(k, luaValue(L, e))
		}
		return t
	}
	return lua.LNil
}

// flagSet is what a mode accepts: boolean flags (which may be combined,
// -ux) and flags with a value (-q 2, --delay=50). Flags and operands mix
// in any order, as ncat's do; "--" ends the flags.
type flagSet struct {
	bools  map[string]string // flag -> option name
	values map[string]string
	lists  map[string]string // repeatable value flags: the option is a []string
}

// parse returns the operands, and sets each flag's option in o (a
// value flag given twice keeps the last).
func (fs flagSet) parse(args []string, o modeOpts) ([]string, error) {
	var operands []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(operands, args[i+1:]...), nil
		case len(a) < 2 || a[0] != '-' || isNumber(a):
			operands = append(operands, a)
			continue
		}
		name, val, hasVal := strings.Cut(a, "=")
		opt, isValue := fs.values[name]
		listOpt, isList := fs.lists[name]
		if isValue || isList {
			if !hasVal {
				if i+1 >= len(args) {
					return nil, usagef("%s needs a value", name)
				}
				i++
				val = args[i]
			}
			if isList {
				l, _ := o[listOpt].([]string)
				o[listOpt] = append(l, val)
			} else {
				o[opt] = val
			}
			continue
		}
		if opt, ok := fs.bools[a]; ok {
			o[opt] = true
			continue
		}
		if a[1] != '-' && len(a) > 2 && fs.combined(a, o) {
			continue
		}
		return nil, usagef("unknown option %s", a)
	}
	return operands, nil
}

// combined sets each flag of -abc if all are boolean flags.
func (fs flagSet) combined(a string, o modeOpts) bool {
	for _, c := range a[1:] {
		if _, ok := fs.bools["-"+string(c)]; !ok {
			return false
		}
	}
	for _, c := range a[1:] {
		o[fs.bools["-"+string(c)]] = true
	}
	return true
}

// isNumber reports whether a is a negative number (an operand, not a flag).
func isNumber(a string) bool {
	_, err := strconv.ParseFloat(a, 64)
	return err == nil
}

// portArg checks a port operand: 0 to 65535 (0 is any free port where
// netsh listens, and an error where it connects).
func portArg(s, what string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 65535 {
		return 0, usagef("bad %s %q: a port is a number from 0 to 65535", what, s)
	}
	return n, nil
}

// secondsOpt turns the option key (seconds, as text) into milliseconds,
// or leaves it out; a bad number is a usage error naming flag.
func secondsOpt(o modeOpts, key, flag string) error {
	s, ok := o[key].(string)
	if !ok {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > 86400*365 {
		return usagef("bad %s %q: a number of seconds", flag, s)
	}
	o[key] = f * 1000
	return nil
}

// codeOpts checks that at most one of -e and --exec was given.
func codeOpts(o modeOpts) error {
	_, e := o["code"]
	_, x := o["execFile"]
	if e && x {
		return usagef("-e and --exec both give the code to run: use one")
	}
	return nil
}
