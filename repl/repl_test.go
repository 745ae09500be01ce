package repl

import (
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"github.com/netsh/netsh/internal/testkit"
)

// The REPL is tested as a user meets it: the real netsh binary (built once
// per test run, with -race when the tests run with it, so the loop/REPL
// hand-off is checked in the real program), on a pseudo-terminal, driven by
// keystrokes.

func TestMain(m *testing.M) { testkit.Main(m) }

// term is a netsh process on a pseudo-terminal.
type term struct {
	t    *testing.T
	pty  *os.File
	cmd  *exec.Cmd
	raw  testkit.SyncBuffer // what netsh wrote to the terminal
	mark int                // position in the cleaned output up to which expect consumed
	done chan struct{}
	err  error
}

// startREPL starts `netsh args...` on a fresh pty with history kept in the
// test's temp dir unless env sets NETSH_HISTORY.
func startREPL(t *testing.T, env []string, args ...string) *term {
	t.Helper()
	cmd := exec.Command(testkit.Netsh(t), args...)
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "NETSH_HISTORY="+filepath.Join(t.TempDir(), "hist"), "TERM=xterm")
	cmd.Env = append(cmd.Env, env...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, pty: f, cmd: cmd, done: make(chan struct{})}
	go io.Copy(&tm.raw, f) // until the pty closes
	go func() {
		tm.err = cmd.Wait()
		close(tm.done)
	}()
	t.Cleanup(func() {
		select {
		case <-tm.done:
		default:
			cmd.Process.Kill()
			<-tm.done
		}
		f.Close()
		if strings.Contains(tm.text(), "DATA RACE") {
			t.Errorf("the race detector fired in netsh")
		}
		if t.Failed() {
			t.Logf("terminal output:\n%s", tm.text())
		}
	})
	tm.expect("netsh> ")
	return tm
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\r|\x07`)

// text is everything the terminal showed, escape sequences removed.
func (tm *term) text() string {
	return ansi.ReplaceAllString(tm.raw.String(), "")
}

// send types s.
func (tm *term) send(s string) {
	tm.t.Helper()
	if _, err := tm.pty.Write([]byte(s)); err != nil {
		tm.t.Fatalf("write to pty: %v", err)
	}
}

// termWait bounds each wait for the REPL's output or exit: generous, as a
// loaded machine (the suite beside another process's load) is slow to
// run a pty round trip, and a passing wait ends as soon as it matches.
const termWait = 15 * time.Second

// expect waits until want appears after what earlier expects consumed,
// and returns the text from there to the end of want.
func (tm *term) expect(want string) string {
	tm.t.Helper()
	deadline := time.Now().Add(termWait)
	for {
		s := tm.text()
		if tm.mark <= len(s) {
			if i := strings.Index(s[tm.mark:], want); i >= 0 {
				got := s[tm.mark : tm.mark+i+len(want)]
				tm.mark += i + len(want)
				return got
			}
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out waiting for %q; output after mark:\n%q", want, s[min(tm.mark, len(s)):])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// line types a line and Enter and waits for the next prompt; it returns
// what was printed in between (the echoed line excluded).
func (tm *term) line(s string) string {
	tm.t.Helper()
	return tm.keysLine(s, s)
}

// keysLine is line for keys that make the line rather than type it (a
// recall from history): echo is the line they make.
func (tm *term) keysLine(keys, echo string) string {
	tm.t.Helper()
	// Keys typed before readline reads again (output of a callback can
	// come before the prompt is back) are echoed twice: by the terminal,
	// then by readline's redraw; the first would pass for the line's echo.
	tm.waitMode(false)
	tm.send(keys + "\r")
	// readline redraws the line on every key; the full line then the
	// newline of Enter is the echo of this line.
	tm.expect(echo + "\n")
	out := tm.expect("netsh> ")
	return strings.TrimSpace(strings.TrimSuffix(out, "netsh> "))
}

// typeUntil types keys and waits for want, as expect does.
func (tm *term) typeUntil(keys, want string) string {
	tm.t.Helper()
	tm.send(keys)
	return tm.expect(want)
}

// more types a line that leaves the chunk open and waits for the
// continuation prompt.
func (tm *term) more(s string) {
	tm.t.Helper()
	tm.typeUntil(s+"\r", "...> ")
}

// toPrompt types keys and waits for the main prompt.
func (tm *term) toPrompt(keys string) {
	tm.t.Helper()
	tm.typeUntil(keys, "netsh> ")
}

// interruptBusyLine runs a line that never returns and stops it with
// Ctrl-C; the prompt comes back.
func (tm *term) interruptBusyLine() {
	tm.t.Helper()
	tm.typeUntil("while true do end\r", "while true do end\n")
	time.Sleep(300 * time.Millisecond) // well inside the loop
	tm.typeUntil("\x03", "error: interrupted")
	tm.expect("netsh> ")
}

// quitWith types keys that end netsh and returns its exit status.
func (tm *term) quitWith(keys string) int {
	tm.t.Helper()
	tm.send(keys)
	return tm.wait()
}

// wait waits for the process to exit and returns its status.
func (tm *term) wait() int {
	tm.t.Helper()
	select {
	case <-tm.done:
	case <-time.After(termWait):
		tm.t.Fatal("netsh did not exit")
	}
	var ee *exec.ExitError
	if errors.As(tm.err, &ee) {
		return ee.ExitCode()
	}
	if tm.err != nil {
		tm.t.Fatal(tm.err)
	}
	return 0
}

func TestREPLExpressions(t *testing.T) {
	tm := startREPL(t, nil)
	if got := tm.line("1+1"); got != "2" {
		t.Errorf("1+1 printed %q", got)
	}
	if got := tm.line("=10*3"); got != "30" {
		t.Errorf("=10*3 printed %q", got)
	}
	if got := tm.line("math.max(1, 5), 'x', nil"); !regexp.MustCompile(`^5\t\S*x\S*\tnil$`).MatchString(got) {
		t.Errorf("several values printed %q, want tab-separated", got)
	}
	if got := tm.line("y = 5"); got != "" {
		t.Errorf("a statement printed %q", got)
	}
	if got := tm.line("print('hi', y)"); got != "hi\t5" {
		t.Errorf("print printed %q", got)
	}
	if got := tm.line("x y"); !strings.HasPrefix(got, "error: ") || !strings.Contains(got, "near 'y'") {
		t.Errorf("syntax error printed %q", got)
	}
	if got := tm.line("error('boom')"); !strings.HasPrefix(got, "error: repl:1: boom") {
		t.Errorf("runtime error printed %q", got)
	}
	if got := tm.line("2+2"); got != "4" {
		t.Errorf("after an error, 2+2 printed %q", got)
	}
	if got := tm.line(".nope"); !strings.Contains(got, "Invalid REPL keyword") {
		t.Errorf(".nope printed %q", got)
	}
	if got := tm.line(".5 * 2"); got != "1" {
		t.Errorf(".5 * 2 printed %q", got)
	}
	if code := tm.quitWith("\x04"); code != 0 {
		t.Errorf("Ctrl-D: exit status %d, want 0", code)
	}
}

func TestREPLLocalPersists(t *testing.T) {
	tm := startREPL(t, nil)
	tm.line("local x = 40")
	if got := tm.line("x + 2"); got != "42" {
		t.Errorf("x + 2 after local x = 40 printed %q", got)
	}
	tm.line("local a, b = 'p', 'q'; local c")
	if got := tm.line("a .. b, c"); !strings.Contains(got, "pq") || !strings.HasSuffix(got, "nil") {
		t.Errorf("a .. b, c printed %q", got)
	}
	tm.line("local function sq(n) local k = n * n; return k end")
	if got := tm.line("sq(7), k"); got != "49\tnil" {
		t.Errorf("sq(7), k printed %q (inner locals must stay local)", got)
	}
	tm.line("local t = setTimeout(function() end, 100000)")
	if got := tm.line("t:hasRef()"); got != "true" {
		t.Errorf("t:hasRef() printed %q", got)
	}
	tm.line("t:close()")
}

func TestREPLMultiline(t *testing.T) {
	tm := startREPL(t, nil)
	tm.more("function triple(a)")
	tm.more("  return a * 3")
	tm.toPrompt("end\r")
	if got := tm.line("triple(5)"); got != "15" {
		t.Errorf("triple(5) printed %q", got)
	}
	tm.more("t = {")
	tm.more("1, 2,")
	tm.toPrompt("3}\r")
	if got := tm.line("#t"); got != "3" {
		t.Errorf("#t printed %q", got)
	}
	tm.more("s = [[one")
	tm.toPrompt("two]]\r")
	if got := tm.line("#s"); got != "7" {
		t.Errorf("#s printed %q", got)
	}
	tm.more("math.max(1,")
	if got := tm.line("9)"); got != "9" {
		t.Errorf("math.max(1,\\n9) printed %q", got)
	}
	// A real syntax error is reported at once, not continued.
	if got := tm.line("if x then else else end"); !strings.HasPrefix(got, "error:") {
		t.Errorf("syntax error printed %q", got)
	}
	// .break abandons a pending chunk, as does Ctrl-C.
	tm.more("for i = 1, 3 do")
	tm.toPrompt(".break\r")
	if got := tm.line("i"); got != "nil" {
		t.Errorf("after .break, i printed %q", got)
	}
	// Ctrl-C abandons a pending chunk.
	tm.more("do")
	tm.toPrompt("\x03")
	if got := tm.line("1"); got != "1" {
		t.Errorf("after Ctrl-C in a chunk, 1 printed %q", got)
	}
}

func TestREPLCompletion(t *testing.T) {
	tm := startREPL(t, nil)
	// Dot: string.fo -> string.format.
	tm.typeUntil("string.fo\t", "rmat")
	if got := tm.line("('%d-%s', 7, 'x')"); !strings.Contains(got, "7-x") {
		t.Errorf("completed string.format call printed %q", got)
	}
	// Colon on a userdata: t:unr -> t:unref.
	tm.line("t = setTimeout(function() end, 100000)")
	tm.typeUntil("t:unr\t", "ef")
	tm.line("()")
	if got := tm.line("t:hasRef()"); got != "false" {
		t.Errorf("t:hasRef() after completed t:unref() printed %q", got)
	}
	// Colon on a table: several candidates are listed on the second Tab.
	list := tm.typeUntil("process:o\t\t", "once")
	if !strings.Contains(list, "on") || !strings.Contains(list, "off") {
		t.Errorf("process:o candidates: %q", list)
	}
	tm.toPrompt("\x03\x03") // leave the candidate list, clear the line
	// Globals and a session global.
	tm.line("my_long_name = 3")
	tm.typeUntil("my_lo\t", "ng_name")
	if got := tm.line(""); got != "3" {
		t.Errorf("completed my_long_name printed %q", got)
	}
	// Dot-commands.
	tm.typeUntil(".han\t", "dles")
	if got := tm.line(""); !strings.Contains(got, "timer") {
		t.Errorf(".handles printed %q", got)
	}
	// File names after .load.
	os.WriteFile(filepath.Join(tm.cmd.Dir, "lib_for_tab.lua"), []byte("loaded_by_tab = 1\n"), 0o644)
	tm.typeUntil(".load lib_f\t", "or_tab.lua")
	tm.line("")
	if got := tm.line("loaded_by_tab"); got != "1" {
		t.Errorf("after .load completed by Tab, loaded_by_tab printed %q", got)
	}
	// Completion evaluates nothing: a getter-free path into a function call
	// gives no candidates and runs no code.
	tm.line("calls = 0; function f() calls = calls + 1; return {} end")
	tm.toPrompt("f().x\t\x03")
	if got := tm.line("calls"); got != "0" {
		t.Errorf("Tab ran code: calls = %q", got)
	}
}

func TestREPLHistory(t *testing.T) {
	hist := filepath.Join(t.TempDir(), "history")
	env := []string{"NETSH_HISTORY=" + hist}
	tm := startREPL(t, env)
	tm.line("hist_value = 7")
	tm.more("function g()")
	tm.more("  return 11 -- eleven")
	tm.toPrompt("end\r")
	if code := tm.quitWith("\x04"); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	b, err := os.ReadFile(hist)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	want := []string{"hist_value = 7", "function g() return 11 end"}
	if len(lines) != 2 || lines[0] != want[0] || lines[1] != want[1] {
		t.Fatalf("history file = %q, want %q", lines, want)
	}

	// A new session recalls both, the multi-line entry whole.
	tm = startREPL(t, env)
	tm.keysLine("\x1b[A", "function g() return 11 end") // Up: the function
	tm.keysLine("\x1b[A\x1b[A", "hist_value = 7")       // Up Up
	if got := tm.line("g() + hist_value"); got != "18" {
		t.Errorf("after recalling both entries, g() + hist_value printed %q", got)
	}
	// Ctrl-R searches backwards.
	tm.typeUntil("\x12hist_v", "hist_v")
	tm.send("\r")     // accept the match
	tm.toPrompt("\r") // and run it
	tm.line("hist_value = hist_value + 1")
	tm.quitWith("\x04")
	b, _ = os.ReadFile(hist)
	if !strings.Contains(string(b), "hist_value = hist_value + 1") {
		t.Errorf("second session's entry not saved: %q", b)
	}

	// NETSH_HISTORY set but empty disables the file.
	home := t.TempDir()
	tm = startREPL(t, []string{"NETSH_HISTORY=", "HOME=" + home})
	tm.line("nothing_saved = 1")
	tm.quitWith("\x04")
	entries, _ := os.ReadDir(tm.cmd.Dir)
	more, _ := os.ReadDir(home)
	if entries = append(entries, more...); len(entries) != 0 {
		t.Errorf("history written with NETSH_HISTORY empty: %v", entries)
	}
}

func TestREPLHandles(t *testing.T) {
	tm := startREPL(t, nil)
	if got := tm.line(".handles"); got != "no live handles" {
		t.Errorf(".handles at start printed %q", got)
	}
	tm.line("ticks = 0; iv = setInterval(function() ticks = ticks + 1 end, 20)")
	got := tm.line(".handles")
	m := regexp.MustCompile(`(?m)^(\d+)\s+timer\s.*\sref$`).FindStringSubmatch(got)
	if m == nil {
		t.Fatalf(".handles printed %q, want a ref'd timer row", got)
	}
	tm.line("iv:unref()")
	if got := tm.line(".handles"); !regexp.MustCompile(`timer\s.*\sunref`).MatchString(got) {
		t.Errorf(".handles after unref printed %q", got)
	}
	if got := tm.line(".close " + m[1]); got != "closed handle "+m[1] {
		t.Errorf(".close printed %q", got)
	}
	if got := tm.line(".handles"); got != "no live handles" {
		t.Errorf(".handles after .close printed %q", got)
	}
	a := tm.line("ticks")
	time.Sleep(100 * time.Millisecond)
	if b := tm.line("ticks"); a != b {
		t.Errorf("closed interval still ticking: %s then %s", a, b)
	}
	if got := tm.line(".close 999"); !strings.Contains(got, "no live handle 999") {
		t.Errorf(".close 999 printed %q", got)
	}
}

// tickCount is the value of n that a line printed, with the interval's
// "tick N" lines, which may land before or after it, left out.
func tickCount(t *testing.T, out string) int {
	t.Helper()
	var vals []string
	for _, l := range strings.Split(out, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "tick ") {
			vals = append(vals, l)
		}
	}
	n, err := strconv.Atoi(strings.Join(vals, ""))
	if len(vals) != 1 || err != nil {
		t.Fatalf("n printed %q", out)
	}
	return n
}

func TestREPLInterrupt(t *testing.T) {
	tm := startREPL(t, nil)
	tm.line("n = 0; iv = setInterval(function() n = n + 1; print('tick ' .. n) end, 50)")
	tm.expect("tick 2")
	tm.interruptBusyLine()
	// The loop is alive: the interval keeps printing after the interrupt.
	before := tickCount(t, tm.line("n"))
	tm.expect("tick ")
	tm.expect("tick ")
	after := tickCount(t, tm.line("n"))
	if after < before+2 {
		t.Errorf("interval did not tick after the interrupt: n = %d then %d", before, after)
	}
	tm.line("clearInterval(iv)")
	if got := tm.line("1+1"); got != "2" {
		t.Errorf("1+1 after interrupt printed %q", got)
	}
}

func TestREPLCallbackError(t *testing.T) {
	tm := startREPL(t, nil)
	tm.line("setTimeout(function() error('cb failed') end, 10)")
	tm.expect("error: ")
	tm.expect("cb failed")
	if got := tm.line("2+3"); got != "5" {
		t.Errorf("after a callback error, 2+3 printed %q", got)
	}
	if code := tm.quitWith("\x04"); code != 0 {
		t.Errorf("exit status %d after a callback error, want 0", code)
	}
}

func TestREPLAsyncOutputKeepsLine(t *testing.T) {
	tm := startREPL(t, nil)
	tm.line("k = 0; iv = setInterval(function() k = k + 1; print('async ' .. k) end, 100)")
	tm.typeUntil("half = 4", "half = 4")
	// Output arrives above the prompt, and the prompt with the typed text
	// is redrawn after it.
	tm.expect("async 1")
	tm.expect("netsh> half = 4")
	tm.expect("async 2")
	tm.expect("netsh> half = 4")
	// The line is intact: finishing and running it works.
	tm.toPrompt("2\r")
	// A tick may still print between Enter and the line running (a loaded
	// machine): only the line's own result counts.
	got := tm.line("clearInterval(iv); return half")
	var own []string
	for _, l := range strings.Split(got, "\n") {
		if !strings.HasPrefix(l, "async ") {
			own = append(own, l)
		}
	}
	if strings.Join(own, "\n") != "42" {
		t.Errorf("half-typed line finished as %q, want 42", got)
	}
}

func TestREPLExitKeys(t *testing.T) {
	tm := startREPL(t, nil)
	tm.typeUntil("\x03", "press Ctrl+C again")
	tm.line("1") // any other key resets the double Ctrl-C
	// Ctrl-C on a typed line clears it. Wait for its own new prompt, not
	// for the prompt redrawn as each letter is echoed: a second Ctrl-C
	// sent with the first, before it is handled, tests nothing.
	tm.typeUntil("abc\x03", "^C\nnetsh> ")
	tm.typeUntil("\x03", "press Ctrl+C again")
	if code := tm.quitWith("\x03"); code != 0 {
		t.Errorf("Ctrl-C twice: exit status %d", code)
	}

	tm = startREPL(t, nil)
	if code := tm.quitWith(".exit\r"); code != 0 {
		t.Errorf(".exit: exit status %d", code)
	}

	tm = startREPL(t, nil)
	tm.line("process:on('exit', function(c) print('bye ' .. c) end)")
	if code := tm.quitWith("process.exit(3)\r"); code != 3 {
		t.Errorf("process.exit(3): exit status %d", code)
	}
	tm.expect("bye 3")

	// process.exit from a callback while the prompt waits.
	tm = startREPL(t, nil)
	tm.line("setTimeout(function() process.exit(4) end, 50)")
	if code := tm.wait(); code != 4 {
		t.Errorf("process.exit(4) from a timer: exit status %d", code)
	}
}

func TestREPLSaveLoadClearEditor(t *testing.T) {
	tm := startREPL(t, nil)
	lib := filepath.Join(tm.cmd.Dir, "lib.lua")
	if err := os.WriteFile(lib, []byte("local base = 100\nfunction addBase(n) return base + n end\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm.loadFile("lib.lua")
	if got := tm.line("addBase(1), base"); got != "101\t100" {
		t.Errorf("after .load, addBase(1), base printed %q", got)
	}
	tm.line("saved = 5")
	if got := tm.line(".save out.lua"); !strings.Contains(got, "out.lua") {
		t.Errorf(".save printed %q", got)
	}
	b, err := os.ReadFile(filepath.Join(tm.cmd.Dir, "out.lua"))
	if err != nil || !strings.Contains(string(b), "saved = 5") || !strings.Contains(string(b), "addBase(1), base") {
		t.Errorf("saved session = %q, %v", b, err)
	}
	tm.line("iv = setInterval(function() end, 1000)")
	tm.line(".clear")
	if got := tm.line("saved, iv"); got != "nil\tnil" {
		t.Errorf("after .clear, saved, iv printed %q", got)
	}
	if got := tm.line(".handles"); got != "no live handles" {
		t.Errorf(".handles after .clear printed %q", got)
	}
	tm.typeUntil(".editor\r", "editor mode")
	tm.send("ed = 1\r")
	tm.send("ed = ed + 1\r")
	tm.toPrompt("\x04")
	if got := tm.line("ed"); got != "2" {
		t.Errorf("after .editor, ed printed %q", got)
	}
}

// loadFile types `.load path` and waits for the prompt after the file's
// replay (each chunk is shown with its own prompt); it returns the output.
func (tm *term) loadFile(path string) string {
	tm.t.Helper()
	start := tm.mark
	tm.line(".load " + path)
	marker := "print('loaded' .. '.')"
	tm.keysLine(marker, marker)
	out := tm.text()[start:tm.mark]
	return out[:strings.LastIndex(out, marker)]
}

// waitMode waits until the terminal's keys raise signals (cooked: the
// shell's cbreak mode while a chunk runs, where Ctrl-C is SIGINT) or not
// (raw: readline is reading), failing after a bound. A pty master
// reports its slave's termios.
func (tm *term) waitMode(cooked bool) {
	tm.t.Helper()
	if !testkit.Eventually(5*time.Second, func() bool {
		tio, err := unix.IoctlGetTermios(int(tm.pty.Fd()), unix.TCGETS)
		return err == nil && (tio.Lflag&unix.ISIG != 0) == cooked
	}) {
		tm.t.Fatalf("the terminal never went to cooked=%v mode", cooked)
	}
}

// TestREPLEditorCtrlDTypedAhead: keys typed while readline is not reading
// (here while a chunk runs; also, by chance, between two lines of
// .editor) reach readline when it next reads, and a Ctrl-D among them
// still ends .editor as a Ctrl-D, with the prompt working after it.
// In the kernel's canonical mode that Ctrl-D became a NUL byte, which
// readline took for the end of its input (it stopped reading for good),
// or, after text, vanished into the kernel; the shell's cbreak mode hands
// it over as typed. Nothing is echoed until readline reads the keys.
func TestREPLEditorCtrlDTypedAhead(t *testing.T) {
	tm := startREPL(t, nil)
	gate := filepath.Join(tm.cmd.Dir, "gate")
	busy := "repeat local f = io.open('gate') if f then f:close() end until f"
	tm.typeUntil(busy+"\r", busy+"\n")
	tm.waitMode(true)
	tm.send(".editor\red = 1\r\x04")
	time.Sleep(100 * time.Millisecond) // the keys wait in the terminal
	if strings.Contains(tm.text()[tm.mark:], "ed = 1") {
		t.Errorf("keys typed while a chunk ran were echoed before readline read them")
	}
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tm.expect("editor mode")
	tm.expect("netsh> ")
	if got := tm.line("ed"); got != "1" {
		t.Errorf("after .editor, ed printed %q", got)
	}
	if got := tm.line("ed + 1"); got != "2" {
		t.Errorf("the next line printed %q", got)
	}
}

// TestREPLTCPServer starts a server from the prompt and talks to it from
// the test. It needs the net module.
func TestREPLTCPServer(t *testing.T) {
	tm := startREPL(t, nil)
	tm.line("local net = require('net')")
	tm.line("local s = net.createServer(function(c) c:on('data', function(d) print('got ' .. tostring(d)) end) end)")
	tm.line("s:listen(0, '127.0.0.1')")
	time.Sleep(100 * time.Millisecond)
	port := tm.line("s:address().port")
	if port == "" || strings.HasPrefix(port, "error") {
		t.Fatalf("s:address().port printed %q", port)
	}
	addr := "127.0.0.1:" + port
	conn, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tm.typeUntil("half", "half")
	if _, err := conn.Write([]byte("ping")); err != nil {
		t.Fatal(err)
	}
	tm.expect("got ping")
	tm.expect("netsh> half")
	tm.send("\x15") // Ctrl-U
	if got := tm.line(".handles"); !strings.Contains(got, "127.0.0.1:"+port) {
		t.Errorf(".handles printed %q, want the server's address", got)
	}
	// Ctrl-C interrupts a busy line; the server and its connection live on.
	tm.interruptBusyLine()
	if _, err := conn.Write([]byte("pong")); err != nil {
		t.Fatal(err)
	}
	tm.expect("got pong")
	c2, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatalf("new connection after the interrupt: %v", err)
	}
	c2.Write([]byte("second"))
	tm.expect("got second")
	c2.Close()
	if code := tm.quitWith("\x04"); code != 0 {
		t.Errorf("exit status %d", code)
	}
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := io.ReadAll(conn); err != nil {
		t.Errorf("the connection was not ended on exit: %v", err)
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("port %s still accepting after exit", port)
	}
}

// TestPipedStdin: with stdin not a terminal and no script, stdin is a script.
func TestPipedStdin(t *testing.T) {
	cmd := exec.Command(testkit.Netsh(t))
	cmd.Stdin = strings.NewReader("local x = 20\nprint(x + 1)\nsetTimeout(function() print('later') end, 10)\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if string(out) != "21\nlater\n" {
		t.Errorf("piped script printed %q", out)
	}
}

// TestInteractiveScript: -i FILE runs the script, then the REPL has its globals.
func TestInteractiveScript(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "setup.lua")
	os.WriteFile(script, []byte("greeting = 'hello ' .. (process.argv[2] or '?')\nprint('setup ran')\n"), 0o644)
	tm := startREPL(t, nil, "-i", script, "world")
	if !strings.Contains(tm.text(), "setup ran") {
		t.Errorf("script output missing: %q", tm.text())
	}
	if got := tm.line("greeting"); !strings.Contains(got, "hello world") {
		t.Errorf("greeting printed %q", got)
	}
}

// A "#!" first line is skipped by .load and -i as by `netsh FILE`, and
// error lines still count it.
func TestREPLShebangFiles(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "tool.lua")
	os.WriteFile(script, []byte("#!/usr/bin/env netsh\nfrom_script = 1\n"), 0o644)
	lib := filepath.Join(dir, "lib.lua")
	os.WriteFile(lib, []byte("#!/usr/bin/env netsh\nfrom_lib = 2\nerror('third line')\n"), 0o644)
	tm := startREPL(t, nil, "-i", script)
	if got := tm.line("from_script"); got != "1" {
		t.Errorf("-i with a shebang: from_script printed %q", got)
	}
	if got := tm.loadFile(lib); !strings.Contains(got, "lib.lua:3: third line") {
		t.Errorf(".load with a shebang printed %q, want the error on line 3", got)
	}
	if got := tm.line("from_lib"); got != "2" {
		t.Errorf(".load with a shebang: from_lib printed %q", got)
	}
}
