package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// TestE2EModuleGlobalsInE: as with node -e, the built-in modules are
// globals in netsh -e; a script file does not get them, as with node FILE.
func TestE2EModuleGlobalsInE(t *testing.T) {
	p := netsh(t, "", "-e", "print(net.isIP('::1'), util.format('%d-%s', 7, 'x'), type(dgram.createSocket), type(events))")
	if out := strings.TrimSpace(p.Wait(t, 10*time.Second)); out != "6\t7-x\tfunction\ttable" {
		t.Errorf("netsh -e with module globals printed %q", out)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "s.lua"), []byte("print(net, util)\n"), 0o644)
	if out := strings.TrimSpace(netsh(t, dir, "s.lua").Wait(t, 10*time.Second)); out != "nil\tnil" {
		t.Errorf("a script sees module globals: %q", out)
	}
}

// apiHarness names what docs/api.md's method examples assume defined
// (the tls section's certificate and peers, the dns section's responder
// serving example.test, which their own tests provide); examples that use
// none of them run on their own.
var apiHarness = regexp.MustCompile(`\b(srv0|PORT|TPORT|server|sock|tsock|tsrv|cert|udp|buf|em|rs|ws|EventEmitter)\b|example\.test`)

// TestE2EAPIExamplesRunWithE: every one-line example of docs/api.md that
// needs no harness runs under netsh -e as the doc says: no uncaught error
// (exit status 1), within a bound (process.exitCode = 2 exits 2, as it
// says; console.error writes to stderr, as it says).
func TestE2EAPIExamplesRunWithE(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(testkit.Root(t), "docs", "api.md"))
	if err != nil {
		t.Fatal(err)
	}
	cell := regexp.MustCompile(`^` + "`" + `(.+)` + "`" + `$`)
	var examples []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "|") {
			continue
		}
		cells := regexp.MustCompile(`\s(?:\\\\)?\|\s`).Split(strings.Trim(l, "| "), -1)
		if len(cells) < 3 {
			continue
		}
		m := cell.FindStringSubmatch(strings.TrimSpace(cells[len(cells)-1]))
		if m == nil || apiHarness.MatchString(m[1]) {
			continue
		}
		examples = append(examples, strings.ReplaceAll(m[1], `\|`, "|"))
	}
	if len(examples) < 100 {
		t.Fatalf("found %d examples in docs/api.md; the table layout changed?", len(examples))
	}
	exe := testkit.Netsh(t)
	var mu sync.Mutex
	var wg sync.WaitGroup
	work := make(chan string)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ex := range work {
				cmd := exec.Command(exe, "-e", ex)
				cmd.Dir = t.TempDir()
				var out strings.Builder // stderr: what a failing example says
				cmd.Stderr = &out
				cmd.Start()
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				failed := false
				select {
				case err := <-done:
					failed = err != nil && cmd.ProcessState.ExitCode() == 1
				case <-time.After(20 * time.Second):
					cmd.Process.Kill()
					<-done
					out.WriteString("(timed out)")
					failed = true
				}
				if failed {
					o := out.String()
					mu.Lock()
					t.Errorf("netsh -e %q:\n%s", ex, o)
					mu.Unlock()
				}
			}
		}()
	}
	for _, ex := range examples {
		work <- ex
	}
	close(work)
	wg.Wait()
	t.Logf("%d examples run", len(examples))
}
