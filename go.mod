module github.com/netsh/netsh

go 1.26.8

require (
	github.com/chzyer/readline v1.5.1
	github.com/creack/pty v1.1.24
	github.com/yuin/gopher-lua v1.1.2
	layeh.com/gopher-luar v1.0.11
)

require golang.org/x/sys v0.49.0

require golang.org/x/net v0.62.0
