package repl

import (
	"io"
	"sync"
	"time"
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
	settle func() // waits until a prompt being drawn is live (promptSettle)
}

func newPrinter(stdout, stderr io.Writer, settle func()) *printer {
	return &printer{stdout: stdout, stderr: stderr, settle: settle}
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
	p.settle()
	io.WriteString(p.stderr, s)
}

// Flush writes what is queued for standard output.
func (p *printer) Flush() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.buf) == 0 {
		return
	}
	p.settle()
	p.stdout.Write(p.buf)
	p.buf = p.buf[:0]
}

// held runs f while no output is being written: a write that found no
// Readline in progress finishes before f can start one.
func (p *printer) held(f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f()
}

// readLine is rl.Readline, noted as in progress for promptSettle; last
// reports a line that Ctrl-D ended in .editor (watchedInput). The note is
// set under the printer's lock: output that checked it just before,
// found no prompt and went straight to the terminal, would otherwise land
// on the prompt Readline drew meanwhile (`netsh> error: ...`).
func (s *session) readLine() (line string, last bool, err error) {
	s.out.held(func() { s.reading.Store(true) })
	defer s.reading.Store(false)
	line, err = s.rl.Readline()
	if err == nil {
		s.lineNo++
		last = s.keys.lineEnded(s.lineNo)
	}
	return line, last, err
}

// promptSettle closes a window of readline's: Readline draws the prompt,
// then lets its terminal reader go on, and only from then does its
// Stdout() writer clear and redraw the prompt around what it writes.
// Output that came in between was written after the prompt, on its line,
// and the prompt was not drawn again (`127.0.0.1:80> connected to ...`
// with no prompt under it). While a Readline is in progress, output
// therefore waits, boundedly, for the reader to be live: microseconds
// usually, longer on a starved machine (the bound is generous for that).
func (s *session) promptSettle() {
	if !s.reading.Load() {
		return
	}
	for deadline := time.Now().Add(time.Second); !s.rl.Terminal.IsReading() && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
}
