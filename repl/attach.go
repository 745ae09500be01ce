package repl

import "sync"

// While a plugin is attached (ncat's .connect), typed lines go to it and
// the prompt is its own. The plugin can detach at any moment from a
// callback (connection refused, lookup failed, the peer closed), while
// readline shows the attached prompt: the attach hook redraws the prompt
// at once, and a typed line is handed to the plugin only if it is still
// attached when the line reaches the loop, so the line typed after a
// detach runs as Lua instead of vanishing into a closed socket.

// promptState is what decides the prompt: the pending chunk (REPL
// goroutine) and the attach state (loop goroutine, through the hook).
type promptState struct {
	mu      sync.Mutex
	pending bool // lines of an incomplete chunk are waiting
}

// setPending records whether a chunk is pending and sets the prompt for
// the next Readline.
func (s *session) setPending(pending bool) {
	s.prompt.mu.Lock()
	s.prompt.pending = pending
	s.prompt.mu.Unlock()
	s.applyPrompt()
}

// applyPrompt sets readline's prompt from the current state: the attached
// plugin's, the continuation prompt, or netsh>. Any goroutine.
func (s *session) applyPrompt() {
	s.prompt.mu.Lock()
	defer s.prompt.mu.Unlock()
	p := prompt
	if s.prompt.pending {
		p = morePrompt
	} else if ap, attached := s.rt.LinePrompt(); attached {
		p = ap
	}
	s.rl.SetPrompt(p)
}

// onAttachChange is the runtime's attach hook (loop goroutine): the new
// prompt is drawn now, over the line being typed.
func (s *session) onAttachChange() {
	s.applyPrompt()
	s.out.Flush() // what the plugin printed first, then the prompt
	s.promptSettle()
	s.rl.Refresh()
}

// attachedLine hands a typed line to the attached plugin; false if none
// is attached by the time the loop gets it, and the line is Lua.
func (s *session) attachedLine(line string) bool {
	if _, attached := s.rt.LinePrompt(); !attached {
		return false // only a command attaches, and none ran since
	}
	handled := false
	s.onLoop(func() { handled = s.rt.HandleLine(line) })
	return handled
}

// attachedEOF is Ctrl-D while attached: the plugin's onEOF runs and the
// plugin is detached; false if nothing was attached (Ctrl-D then exits).
func (s *session) attachedEOF() bool {
	if _, attached := s.rt.LinePrompt(); !attached {
		return false
	}
	handled := false
	s.onLoop(func() { handled = s.rt.HandleEOF() })
	return handled
}
