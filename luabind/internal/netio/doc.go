// Package netio holds every socket transport netsh uses, and no Lua: a
// connected stream socket is a Conn, a listener hands new Conns to an
// AcceptHandler, and a UDP socket is a PacketConn. Each reports to its
// handler on the loop goroutine.
//
// There are two implementations of each. On Linux the loop waits in epoll
// and does the system calls itself, as libuv does: no goroutine per socket.
// The portable one, used elsewhere and on request, runs a reader and a
// flusher goroutine per socket that hand their results to the loop. Which
// one a runtime gets is chosen once, by New.
package netio
