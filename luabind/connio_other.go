//go:build !unix

package luabind

import "net"

func newConnIO(c net.Conn) connIO { return &plainIO{conn: c} }
