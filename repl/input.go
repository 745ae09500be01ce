package repl

import (
	"io"
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
type watchedInput struct {
	io.ReadCloser
	ended atomic.Bool
	// editor is set while .editor reads: Ctrl-D then ends the editor as
	// Enter would end a line, and sets eof. readline's own Ctrl-D only
	// ends input on an empty line (on `x = 1` it deletes nothing and
	// rings), so the next line typed joined the editor's buffer instead
	// of the prompt; and it reports that end on another channel than
	// the lines, which a line typed ahead could overtake.
	editor, eof atomic.Bool
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
// input has ended stays what it is.
func (w *watchedInput) filterRune(r rune) (rune, bool) {
	if r == 0 && !w.ended.Load() {
		r = readline.CharDelete
	}
	if r == readline.CharDelete && w.editor.CompareAndSwap(true, false) {
		w.eof.Store(true)
		return readline.CharEnter, true
	}
	return r, true
}
