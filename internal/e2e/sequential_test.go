package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// The sequential Redis client example against a real redis-server: each
// reply as redis-server gives it, an error reply raised and caught, and
// the pipelined writes all stored (checked with redis-cli).
func TestExampleRedisClient(t *testing.T) {
	port := strconv.Itoa(testkit.RedisServer(t))
	out := netsh(t, "", script(t, "examples/redis_client.lua"), port).Wait(t, 20*time.Second)
	want := "PONG\nOK\nhello\n1\nfalse\tERR value is not an integer or out of range\npipelined 1000 SETs\n"
	if out != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out, want)
	}
	if got := strings.TrimSpace(run(t, "redis-cli", "-p", port, "GET", "netsh:k1000")); got != "1000" {
		t.Fatalf("redis-cli GET netsh:k1000 = %q", got)
	}
}

// tmuxREPL is the netsh REPL in a tmux session, typed at as a person does.
type tmuxREPL struct {
	t       *testing.T
	session string
}

func startTmuxREPL(t *testing.T) *tmuxREPL {
	t.Helper()
	need(t, "tmux")
	home := t.TempDir()
	r := &tmuxREPL{t: t, session: "netsh-" + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatInt(time.Now().UnixNano(), 36)}
	cmd := exec.Command("tmux", "new-session", "-d", "-s", r.session, "-x", "160", "-y", "50",
		"env", "HOME="+home, "NO_COLOR=1", testkit.Netsh(t))
	cmd.Dir = home
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "kill-session", "-t", r.session).Run() })
	r.waitFor("netsh>")
	return r
}

// send types text (literally) and presses Enter.
func (r *tmuxREPL) send(text string) {
	r.t.Helper()
	if out, err := exec.Command("tmux", "send-keys", "-t", r.session, "-l", text).CombinedOutput(); err != nil {
		r.t.Fatalf("tmux send-keys: %v\n%s", err, out)
	}
	r.key("Enter")
}

func (r *tmuxREPL) key(k string) {
	r.t.Helper()
	if out, err := exec.Command("tmux", "send-keys", "-t", r.session, k).CombinedOutput(); err != nil {
		r.t.Fatalf("tmux send-keys %s: %v\n%s", k, err, out)
	}
}

func (r *tmuxREPL) screen() string {
	out, _ := exec.Command("tmux", "capture-pane", "-p", "-t", r.session, "-S", "-200").Output()
	return string(out)
}

// waitFor waits until the screen shows want, and returns the screen.
func (r *tmuxREPL) waitFor(want string) string {
	r.t.Helper()
	var s string
	if !testkit.Eventually(15*time.Second, func() bool { s = r.screen(); return strings.Contains(s, want) }) {
		r.t.Fatalf("the screen never showed %q:\n%s", want, s)
	}
	return s
}

// The sequential RESP client typed at the prompt: each line waits for its
// reply while the loop runs, a local server keeps serving meanwhile, and
// Ctrl-C cancels a read that would wait for ever and gives the prompt back.
func TestREPLSequentialRedisClient(t *testing.T) {
	port := strconv.Itoa(testkit.RedisServer(t))
	r := startTmuxREPL(t)
	r.send("net, resp = require('net'), require('resp')")
	r.send("s = net.dial(" + port + "); s:write('PING\\r\\n'); print('got ' .. s:receive('*l'))")
	r.waitFor("got +PONG")
	r.send("s:setFraming('resp'); s:write(resp.command('SET', 'repl:k', 'typed')); print('set ' .. s:receive())")
	r.waitFor("set OK")
	r.send("s:write(resp.command('GET', 'repl:k')); v = s:receive(); print('value ' .. v)")
	r.waitFor("value typed")
	r.send("ticks = 0; t = setInterval(function() ticks = ticks + 1 end, 10)")
	r.send("s:receive()") // nothing comes: the line waits
	time.Sleep(300 * time.Millisecond)
	r.key("C-c")
	r.waitFor("interrupted (Ctrl-C)")
	r.send("clearInterval(t); print('ticked ' .. tostring(ticks > 5))")
	r.waitFor("ticked true")
	r.send("s:write(resp.command('PING')); print('after ' .. s:receive())")
	r.waitFor("after PONG")
	if got := strings.TrimSpace(run(t, "redis-cli", "-p", port, "GET", "repl:k")); got != "typed" {
		t.Fatalf("redis-cli GET repl:k = %q", got)
	}
}

// The callback-and-hand-parser client that the sequential example
// replaces (testdata/handwritten, kept for the line-count comparison in
// docs/toolkit.md) prints the same against the same redis-server.
func TestHandwrittenRedisClientMatchesExample(t *testing.T) {
	port := strconv.Itoa(testkit.RedisServer(t))
	hand := netsh(t, "", filepath.Join(testkit.Root(t), "testdata", "handwritten", "redis_client.lua"), port).Wait(t, 20*time.Second)
	seq := netsh(t, "", script(t, "examples/redis_client.lua"), port).Wait(t, 20*time.Second)
	// The visit counter differs (each run increments it: 1, then 2).
	hand, seq = strings.Replace(hand, "\nhello\n1\n", "\nhello\nN\n", 1), strings.Replace(seq, "\nhello\n2\n", "\nhello\nN\n", 1)
	if hand != seq || !strings.Contains(seq, "pipelined 1000 SETs") {
		t.Fatalf("hand-written:\n%s\nsequential:\n%s", hand, seq)
	}
}
