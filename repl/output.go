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

// readLine is rl.Readline, noted as in progress for promptSettle; last
// reports a line that Ctrl-D ended in .editor (watchedInput).
func (s *session) readLine() (line string, last bool, err error) {
	s.reading.Store(true)
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
// therefore waits, briefly and boundedly, for the reader to be live.
func (s *session) promptSettle() {
	if !s.reading.Load() {
		return
	}
	for deadline := time.Now().Add(100 * time.Millisecond); !s.rl.Terminal.IsReading() && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
}
