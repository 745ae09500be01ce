//go:build !unix

package netio

import "net"

func newConnIO(c net.Conn) connIO { return &plainIO{conn: c} }
