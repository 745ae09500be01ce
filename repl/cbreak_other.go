//go:build !linux

package repl

// cbreak is a no-op here: the terminal stays in its own mode between
// lines (see cbreak_linux.go for what that costs).
func cbreak(fd int) (restore func()) { return func() {} }
