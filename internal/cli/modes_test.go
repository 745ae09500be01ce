package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/netsh/netsh/internal/testkit"
)

// Bad mode command lines: one clear line (and the synopsis), exit 2,
// never a stack trace; nothing is dialed.
func TestModeUsageErrors(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	bad := filepath.Join(t.TempDir(), "bad.lua")
	os.WriteFile(bad, []byte("x = = 1\n"), 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"connect"}, "netsh connect: missing HOST and PORT"},
		{[]string{"connect", "localhost"}, "netsh connect: missing PORT after localhost"},
		{[]string{"connect", "localhost", "http"}, `netsh connect: bad PORT "http": a port is a number from 0 to 65535`},
		{[]string{"connect", "localhost", "70000"}, `bad PORT "70000"`},
		{[]string{"connect", "localhost", "0"}, "bad PORT 0"},
		{[]string{"connect", "--bogus", "h", "1"}, "netsh connect: unknown option --bogus"},
		{[]string{"connect", "h", "1", "-q"}, "netsh connect: -q needs a value"},
		{[]string{"connect", "h", "1", "-q", "soon"}, `netsh connect: bad -q "soon": a number of seconds`},
		{[]string{"connect", "h", "1", "--exec", "no/such.lua"}, "netsh connect: cannot read no/such.lua: no such file or directory"},
		{[]string{"connect", "h", "1", "--exec", bad}, "netsh connect: " + bad + ":1:"},
		{[]string{"connect", "h", "1", "-e", "x = = 1"}, "netsh connect: [command line]:1:"},
		{[]string{"connect", "h", "1", "-e", "x()", "--exec", bad}, "-e and --exec both give the code to run"},
		{[]string{"connect", "h", "1", "2"}, `netsh connect: unexpected "2" after the port`},
		{[]string{"listen"}, "netsh listen: missing PORT"},
		{[]string{"listen", "-1"}, `netsh listen: bad PORT "-1"`},
		{[]string{"listen", "80", "h", "x"}, `unexpected "x" after the host`},
		{[]string{"listen", "-z", "80"}, "netsh listen: unknown option -z"},
		{[]string{"send", "h", "1"}, "netsh send: missing DATA"},
		{[]string{"send", "h", "1", `\q`}, `unknown escape \q`},
		{[]string{"send", "h", "1", `\x4`}, `bad escape \x4`},
		{[]string{"send", "h", "1", `a\`}, `lone \`},
		{[]string{"send", "h", "1", "x", "-w", "-3"}, `bad -w "-3"`},
		{[]string{"proxy", "80"}, "netsh proxy: missing TARGET_HOST:TARGET_PORT"},
		{[]string{"proxy", "80", "nohost"}, `bad target "nohost"`},
		{[]string{"proxy", "80", "h:0"}, `bad target port "0"`},
		{[]string{"proxy", "80", "h:1", "--delay", "fast"}, `bad --delay value "fast"`},
		{[]string{"proxy", "80", "h:1", "--delay", "sideways:10"}, "the direction is up: (client to target) or down:"},
		{[]string{"proxy", "80", "h:1", "--loss", "0.5"}, "--loss is for datagrams: add -u"},
		{[]string{"proxy", "80", "h:1", "-u", "--fragment", "3"}, "--fragment is for TCP"},
		{[]string{"proxy", "80", "h:1", "-u", "--loss", "2"}, `bad --loss value "2"`},
		{[]string{"proxy", "80", "h:1", "--seed", "x"}, `bad --seed "x"`},
		{[]string{"--pcap"}, "netsh: --pcap needs a file"},
	}
	for _, c := range cases {
		out, errText, code := runCLI("", c.args...)
		if code != 2 || out != "" || !strings.Contains(errText, c.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and %q", c.args, code, out, errText, c.want)
		}
		if strings.Contains(errText, "stack traceback") || strings.Contains(errText, "goroutine") {
			t.Errorf("%q: a trace on stderr: %s", c.args, errText)
		}
	}
}

func TestModeHelp(t *testing.T) {
	for name, m := range modes {
		out, _, code := runCLI("", name, "--help")
		if code != 0 || out != "usage: "+m.usage+"\n" {
			t.Errorf("%s --help: exit %d, %q", name, code, out)
		}
		if help, _, _ := runCLI("", "--help"); !strings.Contains(help, "netsh "+name+" ") {
			t.Errorf("netsh --help does not mention %s", name)
		}
	}
}

func TestModeFlagParsing(t *testing.T) {
	o, err := parseConnect([]string{"-uCx", "h", "-q", "1.5", "7", "-e", "print(1)"})
	if err != nil {
		t.Fatal(err)
	}
	want := modeOpts{"udp": true, "crlf": true, "hex": true, "host": "h", "port": 7, "quit": 1500.0, "code": "print(1)"}
	if !reflect.DeepEqual(o, want) {
		t.Fatalf("got %v\nwant %v", o, want)
	}
	o, err = parseProxy([]string{"0", "[::1]:6379", "--delay", "20", "--delay", "down:50", "--throttle=up:1k", "--fragment", "up:2"})
	if err != nil {
		t.Fatal(err)
	}
	f := o["faults"].(modeOpts)
	up, down := f["up"].(modeOpts), f["down"].(modeOpts)
	if up["delay"] != 20.0 || down["delay"] != 50.0 || up["throttle"] != 1024.0 || down["throttle"] != nil ||
		up["fragment"] != 2.0 || up["gap"] != 1.0 || o["targetHost"] != "::1" || o["targetPort"] != 6379 {
		t.Fatalf("faults %v, opts %v", f, o)
	}
	if s, err := unescape(`a\x41\r\n\\\0`); err != nil || s != "aA\r\n\\\x00" {
		t.Fatalf("unescape: %q %v", s, err)
	}
	if _, err := parseSend([]string{"h", "1", "--", "-w"}); err != nil {
		t.Fatalf("-- ends the flags: %v", err)
	}
}

func TestModeNames(t *testing.T) {
	for _, c := range []struct {
		word, name string
		flags      []string
		ok         bool
	}{
		{"connect", "connect", nil, true},
		{"c", "connect", nil, true},
		{"cuC", "connect", []string{"-u", "-C"}, true},
		{"lkx", "listen", []string{"-k", "-x"}, true},
		{"su", "send", []string{"-u"}, true},
		{"pux", "proxy", []string{"-u", "-x"}, true},
		{"lq", "", nil, false}, // -q is no listen flag
		{"ce", "", nil, false}, // -e takes a value
		{"script.lua", "", nil, false},
		{"x", "", nil, false},
	} {
		name, flags, ok := modeName(c.word)
		if name != c.name || ok != c.ok || !reflect.DeepEqual(flags, c.flags) {
			t.Errorf("modeName(%q) = %q %q %v", c.word, name, flags, ok)
		}
	}
	if got := defaultHost([]string{"6379", "PING"}); !reflect.DeepEqual(got, []string{"localhost", "6379", "PING"}) {
		t.Errorf("defaultHost: %q", got)
	}
	if got := defaultHost([]string{"::1", "80"}); !reflect.DeepEqual(got, []string{"::1", "80"}) {
		t.Errorf("defaultHost: %q", got)
	}
}

// The --tls flags come off before a mode parses its arguments (its
// parser would refuse them: exit 2), and the driver connects with TLS:
// a refused connection is the connect error, exit 1.
func TestModeTLSFlagsTakenFirst(t *testing.T) {
	port := strconv.Itoa(testkit.FreePort(t)) // free a moment ago: refused
	_, errText, code := runCLI("", "connect", "--tls", "--tls-sni", "example", "127.0.0.1", port)
	if code != 1 || !strings.Contains(errText, "connect ECONNREFUSED 127.0.0.1:"+port) {
		t.Fatalf("exit %d, stderr %q", code, errText)
	}
}
