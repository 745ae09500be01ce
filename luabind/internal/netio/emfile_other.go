//go:build !unix

package netio

import "net"

// reserve is the spare descriptor of emfile_unix.go; without unix
// descriptors there is none, and an accept goroutine out of them backs off.
type reserve struct{}

var spare reserve

func (reserve) keep() {}

func outOfDescriptors(error) bool { return false }

func shedListener(net.Listener) shedResult { return shedNone }
