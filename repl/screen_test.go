package repl

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// The shell tests of this file's siblings drive the real binary in tmux,
// as a person at a terminal: send-keys types, capture-pane reads what the
// screen shows (escape sequences resolved, colours kept with -e). Each
// test has its own tmux server, so tests do not share a screen.

// screenWait bounds every wait for the screen: generous, for a -race
// binary on a loaded machine.
const screenWait = 15 * time.Second

// screen is netsh running in a tmux window.
type screen struct {
	t    *testing.T
	tmux string
	sock string
	dir  string // netsh's working directory
}

// startScreen starts `netsh args...` in a 200x60 tmux window, in a fresh
// directory, with history there and no user plugins, and waits for the
// prompt. cmdSuffix, if set, is shell text after the command (`| cat`).
func startScreen(t *testing.T, env []string, cmdSuffix string, args ...string) *screen {
	t.Helper()
	sc := &screen{t: t, tmux: need(t, "tmux"), dir: t.TempDir()}
	sockDir, err := os.MkdirTemp("", "nsh") // a short path: socket names are limited
	if err != nil {
		t.Fatal(err)
	}
	sc.sock = filepath.Join(sockDir, "s")
	vars := append([]string{"NETSH_HISTORY=" + filepath.Join(sc.dir, ".hist"), "XDG_CONFIG_HOME=" + sc.dir, "NO_COLOR="}, env...)
	cmd := "cd " + quote(sc.dir) + " && env"
	for _, v := range vars {
		cmd += " " + quote(v)
	}
	cmd += " " + quote(testkit.Netsh(t))
	for _, a := range args {
		cmd += " " + quote(a)
	}
	cmd += cmdSuffix + "; echo '[netsh exited]'; sleep 600"
	sc.run("-f", "/dev/null", "new-session", "-d", "-s", "w", "-x", "200", "-y", "60", cmd,
		";", "set-option", "-g", "history-limit", "20000")
	t.Cleanup(func() {
		txt := sc.text()
		if strings.Contains(txt, "DATA RACE") {
			t.Errorf("the race detector fired in netsh")
		}
		if t.Failed() {
			t.Logf("screen:\n%s", txt)
		}
		exec.Command(sc.tmux, "-S", sc.sock, "kill-server").Run()
		os.RemoveAll(sockDir)
	})
	sc.waitPrompt("netsh>")
	return sc
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// run runs a tmux command on the test's server.
func (sc *screen) run(args ...string) string {
	sc.t.Helper()
	out, err := exec.Command(sc.tmux, append([]string{"-S", sc.sock}, args...)...).CombinedOutput()
	if err != nil {
		sc.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

// capture is the window's whole history and screen; with colors the
// SGR sequences stay in.
func (sc *screen) capture(colors bool) string {
	args := []string{"capture-pane", "-p", "-J", "-t", "w", "-S", "-"}
	if colors {
		args = append(args, "-e")
	}
	out, err := exec.Command(sc.tmux, append([]string{"-S", sc.sock}, args...)...).Output()
	if err != nil {
		return ""
	}
	lines := strings.Split(string(out), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// text is what the screen shows, without colours.
func (sc *screen) text() string { return sc.capture(false) }

// typeText types s literally (tmux reads a bare `end` as the End key
// unless -l is given).
func (sc *screen) typeText(s string) { sc.t.Helper(); sc.run("send-keys", "-t", "w", "-l", s) }

// keys sends named keys: Enter, Tab, C-d, C-c.
func (sc *screen) keys(k ...string) {
	sc.t.Helper()
	sc.run(append([]string{"send-keys", "-t", "w"}, k...)...)
}

// waitFor waits until re matches the screen text from offset from on,
// and returns the text and the match's end offset.
func (sc *screen) waitFor(from int, re string) (string, int) {
	sc.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(screenWait)
	for {
		txt := sc.text()
		if from <= len(txt) {
			if loc := rx.FindStringIndex(txt[from:]); loc != nil {
				return txt, from + loc[1]
			}
		}
		if time.Now().After(deadline) {
			sc.t.Fatalf("timed out waiting for %q on the screen after offset %d", re, from)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// waitPrompt waits until the screen's last line is the bare prompt p
// (the shell is reading, nothing typed) and returns the screen text.
func (sc *screen) waitPrompt(p string) string {
	sc.t.Helper()
	deadline := time.Now().Add(screenWait)
	for {
		txt := sc.text()
		if last := txt[strings.LastIndexByte(txt, '\n')+1:]; last == p {
			return txt
		}
		if time.Now().After(deadline) {
			sc.t.Fatalf("timed out waiting for the prompt %q; last line %q", p, txt[strings.LastIndexByte(txt, '\n')+1:])
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// line types s and Enter at the netsh> prompt and returns what the screen
// shows between the typed line and the next bare prompt, each run of
// blanks (tabs included) one space.
func (sc *screen) line(s string) string {
	sc.t.Helper()
	return sc.lineAt("netsh>", s, "netsh>")
}

// lineAt is line at prompt p, waiting for the prompt next afterwards.
func (sc *screen) lineAt(p, s, next string) string {
	sc.t.Helper()
	before := sc.waitPrompt(p)
	start := len(before) - len(p)
	sc.typeText(s)
	sc.keys("Enter")
	echo := p + " " + s + "\n"
	deadline := time.Now().Add(screenWait)
	for {
		txt := sc.text()
		rest := txt[min(start, len(txt)):]
		if strings.HasPrefix(rest, echo) && strings.HasSuffix(rest, "\n"+next) {
			return squeeze(rest[len(echo) : len(rest)-len(next)])
		}
		if time.Now().After(deadline) {
			sc.t.Fatalf("timed out running %q: screen from the prompt:\n%s", s, rest)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

var blanks = regexp.MustCompile(`[ \t]+`)

// squeeze trims s and turns each run of blanks into one space: tabs are
// spaces on a screen.
func squeeze(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = blanks.ReplaceAllString(strings.TrimSpace(l), " ")
	}
	return strings.Join(lines, "\n")
}

// mustMatch fails unless got matches the regular expression want.
func mustMatch(t *testing.T, what, got, want string) {
	t.Helper()
	if !regexp.MustCompile(want).MatchString(got) {
		t.Errorf("%s: got %q, want a match for %s", what, got, want)
	}
}
