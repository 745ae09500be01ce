package repl

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/chzyer/readline"

	"github.com/netsh/netsh/luabind"
)

// command is a REPL dot-command. run returns true to end the session.
type command struct {
	name, args, help string
	run              func(s *session, arg string) bool
}

// commands are the built-in dot-commands in .help order. The names and
// their order come from luabind.REPLCommandNames, which also keeps plugins
// off them; init pairs each name with its implementation here.
var commands []command

func init() {
	impl := map[string]command{
		"help":    {help: "Print this help message", run: (*session).cmdHelp},
		"exit":    {help: "Exit the REPL (closes every handle)", run: func(*session, string) bool { return true }},
		"load":    {args: "FILE", help: "Run a Lua file in this session", run: (*session).cmdLoad},
		"save":    {args: "FILE", help: "Save all evaluated input in this session to a file", run: (*session).cmdSave},
		"break":   {help: "Abandon a pending multi-line chunk (as Ctrl+C)", run: func(*session, string) bool { return false }},
		"editor":  {help: "Enter editor mode (Ctrl+D runs, Ctrl+C cancels)", run: (*session).cmdEditor},
		"clear":   {help: "Start a fresh Lua state, closing every handle", run: (*session).cmdClear},
		"handles": {help: "List live servers, sockets, timers and streams", run: (*session).cmdHandles},
		"close":   {args: "N", help: "Close handle N from .handles", run: (*session).cmdClose},
		"plugins": {help: "List the plugins loaded, with their files", run: (*session).cmdPlugins},
	}
	names := luabind.REPLCommandNames()
	for _, name := range names {
		c, ok := impl[name]
		if !ok {
			panic("repl: no implementation of ." + name)
		}
		c.name = name
		commands = append(commands, c)
	}
	if len(impl) != len(names) {
		// One implemented here but not listed there would never run, and
		// a plugin could take its name.
		panic("repl: a built-in command is missing from luabind.REPLCommandNames")
	}
}

// pluginCommands fetches the commands plugins added (netsh.command).
func (s *session) pluginCommands() []luabind.Command {
	var cmds []luabind.Command
	s.onLoop(func() { cmds = s.rt.Commands() })
	return cmds
}

// cmdPlugins lists each plugin with its file, and why it failed if it did.
func (s *session) cmdPlugins(string) bool {
	var ps []luabind.PluginResult
	s.onLoop(func() { ps = s.rt.Plugins() })
	if len(ps) == 0 {
		fmt.Fprintln(s.cfg.Stdout, "no plugins loaded")
		return false
	}
	for _, p := range ps {
		if p.Err != nil {
			fmt.Fprintf(s.cfg.Stdout, "%s (failed: %v)\n", p.Path, p.Err)
		} else {
			fmt.Fprintln(s.cfg.Stdout, p.Path)
		}
	}
	return false
}

// isCommand reports whether a typed line is a dot-command rather than Lua.
// `.5` is a number, so a dot must be followed by a letter.
func isCommand(line string) bool {
	t := strings.TrimSpace(line)
	return len(t) > 1 && t[0] == '.' && ((t[1] >= 'a' && t[1] <= 'z') || (t[1] >= 'A' && t[1] <= 'Z'))
}

// command runs a dot-command line; it returns true when the session ends.
func (s *session) command(line string) bool {
	t := strings.TrimSpace(line)[1:]
	name, arg, _ := strings.Cut(t, " ")
	arg = strings.TrimSpace(arg)
	for _, c := range commands {
		if c.name == name {
			return c.run(s, arg)
		}
	}
	for _, c := range s.pluginCommands() {
		if c.Name == name {
			var err error
			s.onLoop(func() { err = c.Run(arg) })
			if err != nil {
				fmt.Fprintf(s.cfg.Stderr, "error: .%s: %v\n", name, err)
			}
			return false
		}
	}
	fmt.Fprintln(s.cfg.Stderr, "Invalid REPL keyword")
	return false
}

func (s *session) cmdHelp(string) bool {
	w := tabwriter.NewWriter(s.cfg.Stdout, 0, 0, 3, ' ', 0)
	for _, c := range commands {
		usage := "." + c.name
		if c.args != "" {
			usage += " " + c.args
		}
		fmt.Fprintf(w, "%s\t%s\n", usage, c.help)
	}
	connect := false
	for _, c := range s.pluginCommands() {
		fmt.Fprintf(w, ".%s\t%s (%s)\n", c.Name, c.Help, c.Source)
		connect = connect || c.Name == "connect"
	}
	w.Flush()
	fmt.Fprintln(s.cfg.Stdout, "\nPress Ctrl+C to abort current expression, Ctrl+D to exit the REPL")
	fmt.Fprintln(s.cfg.Stdout, "An expression prints its value (_ holds the last one, _error the last error);")
	fmt.Fprintln(s.cfg.Stdout, "`local x = ...` at the prompt persists. Modules are globals: net, dgram, fs, ...")
	s.tour(connect)
	return false
}

// tour is .help's first five minutes: start a server, connect to it, see
// the handles, close one.
func (s *session) tour(connect bool) {
	steps := [][2]string{
		{"s = net.createServer(function(c) c:write('hi\\n') end):listen(0)", "start a server"},
		{"s", "Server { :::40123, listening, 0 connections }"},
		{"port = s:address().port", "the port it got"},
	}
	if connect {
		steps = append(steps, [2]string{".connect 127.0.0.1 <port>", "talk to it by hand; Ctrl-D comes back"})
	}
	steps = append(steps,
		[2]string{"c = net.connect(port); c:on('data', print)", "or from Lua: prints hi"},
		[2]string{"c", "Socket { 127.0.0.1:51234 -> 127.0.0.1:40123, open, ... }"},
		[2]string{".handles", "what is open, numbered"},
		[2]string{".close 2", "close one (or s:close(), c:_end())"},
	)
	fmt.Fprintln(s.cfg.Stdout, "\nFirst five minutes:")
	w := tabwriter.NewWriter(s.cfg.Stdout, 0, 0, 3, ' ', 0)
	for _, st := range steps {
		fmt.Fprintf(w, "  %s\t-- %s\n", st[0], st[1])
	}
	w.Flush()
	fmt.Fprintln(s.cfg.Stdout, "From JavaScript: c:_end() for c.end(), net.Socket() for new net.Socket(),")
	fmt.Fprintln(s.cfg.Stdout, "{port = 1}, function(x) return x end for x => x, ~= for !==, local for let.")
}

// cmdLoad replays a file as typed input: chunk by chunk, as the prompt
// cuts lines into chunks, each shown with its prompt and then its result,
// so what .save wrote comes back to the same state (expression lines
// included, which a script could not hold) and a file's top-level locals
// persist like typed ones.
func (s *session) cmdLoad(arg string) bool {
	if arg == "" {
		fmt.Fprintln(s.cfg.Stderr, "usage: .load FILE")
		return false
	}
	b, err := os.ReadFile(arg)
	if err != nil {
		fmt.Fprintf(s.cfg.Stderr, "Failed to load: %s\n", arg)
		return false
	}
	src := luabind.StripShebang(strings.TrimPrefix(string(b), "\ufeff"))
	for _, c := range chunks(src) {
		if s.loopGone() {
			return false
		}
		if strings.TrimSpace(codeOnly(c.text)) == "" {
			continue // comments (a shebang turned into one): nothing to run
		}
		for i, l := range strings.Split(c.text, "\n") {
			p := prompt
			if i > 0 {
				p = morePrompt
			}
			fmt.Fprintln(s.cfg.Stdout, p+l)
		}
		s.input = append(s.input, c.text)
		// Leading newlines keep the file's line numbers in errors.
		s.eval(strings.Repeat("\n", c.line-1)+c.text, arg, true)
	}
	return false
}

func (s *session) cmdSave(arg string) bool {
	if arg == "" {
		fmt.Fprintln(s.cfg.Stderr, "usage: .save FILE")
		return false
	}
	text := strings.Join(s.input, "\n")
	if text != "" {
		text += "\n"
	}
	if err := os.WriteFile(arg, []byte(text), 0o644); err != nil {
		fmt.Fprintf(s.cfg.Stderr, "Failed to save: %s\n", arg)
		return false
	}
	fmt.Fprintf(s.cfg.Stdout, "Session saved to: %s\n", arg)
	return false
}

// cmdEditor reads lines with no continuation logic until Ctrl-D, then runs
// them as one chunk; Ctrl-C abandons them. Ctrl-D ends the editor on
// any line, the half-typed one included, as in Node (see watchedInput).
func (s *session) cmdEditor(string) bool {
	fmt.Fprintln(s.cfg.Stdout, "// Entering editor mode (Ctrl+D to finish, Ctrl+C to cancel)")
	s.rl.SetPrompt("")
	s.keys.editor.Store(true) // armed already by the Enter of `.editor`, unless recalled oddly
	var lines []string
	for {
		line, last, err := s.readLine()
		if s.loopGone() {
			return false
		}
		if errors.Is(err, readline.ErrInterrupt) {
			return false
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return false
		}
		if last {
			if line != "" {
				lines = append(lines, line)
			}
			break
		}
		lines = append(lines, line)
	}
	src := strings.Join(lines, "\n")
	if strings.TrimSpace(src) == "" {
		return false
	}
	s.saveHistory(src)
	s.input = append(s.input, src)
	s.eval(src, chunkName, true)
	return false
}

// cmdClear closes every handle and the Lua state and starts a fresh one.
func (s *session) cmdClear(string) bool {
	newRT := s.cfg.NewRuntime
	if newRT == nil {
		opts := s.rt.Options()
		newRT = func() (*luabind.Runtime, error) { return luabind.New(opts) }
	}
	fresh, err := newRT()
	if err != nil {
		fmt.Fprintf(s.cfg.Stderr, "error: %v\n", err)
		return false
	}
	close(s.stopping)
	old := s.rt
	s.onLoop(func() { old.Close() })
	<-s.loopDone
	s.input = nil
	s.start(fresh)
	fmt.Fprintln(s.cfg.Stdout, "Clearing context...")
	return false
}

// cmdHandles prints what keeps the loop alive: every live server, socket,
// dgram socket, timer and stream, with the number .close takes.
func (s *session) cmdHandles(string) bool {
	var rows []string
	s.onLoop(func() {
		for _, h := range s.rt.Loop().Handles() {
			if h == s.handle {
				continue
			}
			info := h.Info()
			ref := "ref"
			if !h.HasRef() {
				ref = "unref"
			}
			rows = append(rows, fmt.Sprintf("%d\t%s\t%s\t%s\t%s\t%d\t%d\t%s",
				h.ID(), h.Kind(), dash(info.Local), dash(info.Remote), dash(info.State),
				info.BytesIn, info.BytesOut, ref))
		}
	})
	if len(rows) == 0 {
		fmt.Fprintln(s.cfg.Stdout, "no live handles")
		return false
	}
	w := tabwriter.NewWriter(s.cfg.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tKIND\tLOCAL\tREMOTE\tSTATE\tIN\tOUT\tREF")
	for _, r := range rows {
		fmt.Fprintln(w, r)
	}
	w.Flush()
	return false
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (s *session) cmdClose(arg string) bool {
	id, err := strconv.Atoi(arg)
	if err != nil {
		fmt.Fprintln(s.cfg.Stderr, "usage: .close N (N from .handles)")
		return false
	}
	found := false
	s.onLoop(func() {
		for _, h := range s.rt.Loop().Handles() {
			if h.ID() == id && h != s.handle {
				found = true
				h.Close()
			}
		}
	})
	if !found {
		fmt.Fprintf(s.cfg.Stderr, "no live handle %d\n", id)
		return false
	}
	fmt.Fprintf(s.cfg.Stdout, "closed handle %d\n", id)
	return false
}
