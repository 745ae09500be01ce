package repl

import (
	"os"
	"path/filepath"
	"strings"
)

// HistoryPath is where the REPL keeps its history: $NETSH_HISTORY if set
// (set but empty disables the file), else ~/.netsh_history. "" means no
// history file; up/down still recall the session's own entries.
func HistoryPath() string {
	if v, ok := os.LookupEnv("NETSH_HISTORY"); ok {
		return strings.TrimSpace(v)
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ""
	}
	return filepath.Join(home, ".netsh_history")
}

// saveHistory records one evaluated entry. readline's file holds one entry
// per line, so a multi-line chunk is joined into one line (see historyLine)
// and comes back whole on up-arrow; when joining would change its meaning
// the lines are saved one by one instead.
func (s *session) saveHistory(src string) {
	if strings.TrimSpace(src) == "" {
		return
	}
	if line, ok := historyLine(src); ok {
		s.keys.addHistory(line)
		return
	}
	for _, l := range strings.Split(src, "\n") {
		if strings.TrimSpace(l) != "" {
			s.keys.addHistory(l)
		}
	}
}
