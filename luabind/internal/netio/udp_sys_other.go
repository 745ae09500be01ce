//go:build !linux && !darwin

package netio

import (
	"errors"
	"net"
	"net/netip"
	"syscall"
)

// The portable path: netsh builds everywhere Go does, but raw socket
// options, connect on a bound socket and the non-blocking send attempt are
// only wired up on Linux and macOS. Elsewhere every send goes through the
// writer goroutine (so the loop never parks) and the options report this.

var errDgramUnsupported = errors.New("not supported on this platform")

func sockControl(reuse bool) func(network, address string, c syscall.RawConn) error {
	return nil
}

func sockaddrOf(ap netip.AddrPort, inet6 bool) syscall.Sockaddr { return nil }

func trySend(rc syscall.RawConn, p []byte, sa syscall.Sockaddr) (int, error, bool) {
	return 0, nil, true
}

// sendBlocking writes through the net package; dest is invalid for a
// connected socket.
func sendBlocking(uc *net.UDPConn, rc syscall.RawConn, p []byte, sa syscall.Sockaddr, dest netip.AddrPort) (int, error) {
	if dest.IsValid() {
		return uc.WriteToUDPAddrPort(p, dest)
	}
	return uc.Write(p)
}

func setOpt(rc syscall.RawConn, which Option, inet6 bool, v int) error { return errDgramUnsupported }
func getOpt(rc syscall.RawConn, which Option, inet6 bool) (int, error) {
	return 0, errDgramUnsupported
}
func setMulticastIf4(rc syscall.RawConn, ifaddr [4]byte) error { return errDgramUnsupported }
func setMulticastIf6(rc syscall.RawConn, index int) error      { return errDgramUnsupported }
func membership4(rc syscall.RawConn, join bool, group, ifaddr [4]byte) error {
	return errDgramUnsupported
}
func membership6(rc syscall.RawConn, join bool, group [16]byte, index int) error {
	return errDgramUnsupported
}
func connectFD(rc syscall.RawConn, sa syscall.Sockaddr) error { return errDgramUnsupported }
func disconnectFD(rc syscall.RawConn) error                   { return errDgramUnsupported }
