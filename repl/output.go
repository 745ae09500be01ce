package repl

import (
	"io"
	"sync"
)

// printer is the luabind.Printer of a REPL session. It writes through
// readline's Stdout()/Stderr() writers, which, while a prompt is live,
// clear the prompt line, write, and redraw the prompt with the half-typed
// line and the cursor where they were. Standard output is buffered until
// the loop goes idle (one redraw per burst of console.log); standard error
// flushes it first so the two keep their order.
type printer struct {
	mu     sync.Mutex
	buf    []byte
	stdout io.Writer
	stderr io.Writer
}

func newPrinter(stdout, stderr io.Writer) *printer {
	return &printer{stdout: stdout, stderr: stderr}
}

// Out queues s for standard output.
func (p *printer) Out(s string) {
	p.mu.Lock()
	p.buf = append(p.buf, s...)
	p.mu.Unlock()
}

// Err writes s to standard error after what is queued for standard output.
func (p *printer) Err(s string) {
	p.Flush()
	p.mu.Lock()
	defer p.mu.Unlock()
	io.WriteString(p.stderr, s)
}

// Flush writes what is queued for standard output.
func (p *printer) Flush() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.buf) == 0 {
		return
	}
	p.stdout.Write(p.buf)
	p.buf = p.buf[:0]
}
