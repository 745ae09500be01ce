package repl

import (
	"io"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/chzyer/readline"
)

// Keys typed while the terminal is not in raw mode (while a chunk runs,
// or in the moment between two Readlines) wait in the terminal's
// canonical line buffer, and a Ctrl-D among them becomes a NUL byte once
// readline switches back to raw mode. readline takes a NUL rune for the
// end of its input: it returns io.EOF and its reading goroutine stops for
// good, so after .editor ends that way every line typed is lost. The
// session therefore hands readline a NUL as the Ctrl-D it was, unless the
// input really ended.

// watchedInput is the terminal input readline reads, noting when it ends.
// Its filterRune and OnChange run on readline's key goroutine, in the
// order the keys were typed, which the session's own goroutine is not:
// what must follow the keys' order is decided there.
type watchedInput struct {
	io.ReadCloser
	ended atomic.Bool
	// editor is set while .editor reads: Ctrl-D then ends the editor as
	// Enter would end a line, marked as the editor's last. readline's own
	// Ctrl-D only ends input on an empty line (on `x = 1` it deletes
	// nothing and rings), so the next line typed joined the editor's
	// buffer instead of the prompt; and it reports that end on another
	// channel than the lines, which a line typed ahead could overtake.
	// The Enter of a `.editor` line sets it, so a Ctrl-D typed right
	// after is the editor's however late the command starts; Ctrl-C
	// clears it.
	editor atomic.Bool

	mu        sync.Mutex
	line      string       // the line being edited, as readline last reported it
	submitted int          // lines readline has handed out (key goroutine's count)
	lastLines map[int]bool // of those, the ones a Ctrl-D ended (.editor's last)
	history   []string     // entries to add to readline's history (addHistory)
	rl        *readline.Instance
}

func (w *watchedInput) Read(p []byte) (int, error) {
	n, err := w.ReadCloser.Read(p)
	if err != nil {
		w.ended.Store(true)
	}
	return n, err
}

// filterRune is readline's FuncFilterInputRune: a NUL read from the
// terminal is a Ctrl-D typed ahead; the NUL readline makes up when its
// input has ended stays what it is. Ctrl-D in the editor is Enter.
//
// It also numbers the lines readline hands out, as each Readline that
// returns a line numbers them (lineEnded), so a mark set here reaches the
// very line it belongs to. An Enter or Ctrl-C that picks a completion
// candidate hands out nothing.
func (w *watchedInput) filterRune(r rune) (rune, bool) {
	w.flushHistory()
	if r == 0 && !w.ended.Load() {
		r = readline.CharDelete
	}
	if w.rl.Operation.IsInCompleteSelectMode() {
		return r, true
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	switch r {
	case 0: // the input ended: readline hands out what is typed, if anything
		if w.line != "" {
			w.submitted++
		}
	case readline.CharDelete:
		if w.editor.CompareAndSwap(true, false) {
			w.submitted++
			w.lastLines[w.submitted] = true
			return readline.CharEnter, true
		}
	case readline.CharEnter, readline.CharCtrlJ:
		w.submitted++
		if strings.TrimSpace(w.line) == ".editor" {
			w.editor.Store(true)
		}
	case readline.CharInterrupt:
		w.editor.Store(false)
	}
	return r, true
}

// lineEnded reports whether line n (counted from 1, as readline handed
// the lines out) was ended by Ctrl-D in the editor.
func (w *watchedInput) lineEnded(n int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	last := w.lastLines[n]
	delete(w.lastLines, n)
	return last
}

// OnChange is readline's Listener: it keeps the line being edited.
func (w *watchedInput) OnChange(line []rune, pos int, key rune) ([]rune, int, bool) {
	w.mu.Lock()
	w.line = string(line)
	w.mu.Unlock()
	return nil, 0, false
}

// addHistory queues an entry for readline's history. readline's history
// is not safe to change while its key goroutine edits a line (a race the
// detector reports as soon as keys are typed ahead), so the entries are
// added there, before the next key is handled: the Up that recalls one
// comes after it.
func (w *watchedInput) addHistory(entry string) {
	w.mu.Lock()
	w.history = append(w.history, entry)
	w.mu.Unlock()
}

// flushHistory adds the queued entries; readline's key goroutine only,
// or once it has stopped.
func (w *watchedInput) flushHistory() {
	w.mu.Lock()
	pending := w.history
	w.history = nil
	w.mu.Unlock()
	for _, e := range pending {
		w.rl.SaveHistory(e)
	}
}
