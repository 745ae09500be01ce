//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package luabind

import "errors"

// rawState is a terminal's settings before raw mode; raw mode is for
// Unix terminals only here.
type rawState struct{}

func makeRaw(int) (*rawState, error) {
	return nil, errors.New("raw mode is not supported on this platform")
}

func (*rawState) restore() error { return nil }
