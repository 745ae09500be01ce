package netio

import (
	"errors"
	"io"
	"net"
	"time"
)

// errReadOnly is what a write to a ReaderConn fails with: standard input
// is not for writing.
var errReadOnly = errors.New("read-only stream")

// ReaderConn makes a read-only Conn over r, a process's standard input or
// any other blocking reader: a reader goroutine reads one chunk per
// credit, as on the portable path, since pipes, terminals and files
// cannot all be polled (epoll refuses regular files). Closing the Conn
// stops the delivery but not a read already blocked in r, and never
// closes r: standard input belongs to the process.
func (x *IO) ReaderConn(r io.Reader) Conn {
	return newGoConn(x.loop, readerNetConn{r})
}

// readerNetConn is the net.Conn face goConn needs of a plain reader.
type readerNetConn struct{ r io.Reader }

func (c readerNetConn) Read(p []byte) (int, error)       { return c.r.Read(p) }
func (c readerNetConn) Write([]byte) (int, error)        { return 0, errReadOnly }
func (c readerNetConn) Close() error                     { return nil }
func (c readerNetConn) LocalAddr() net.Addr              { return nil }
func (c readerNetConn) RemoteAddr() net.Addr             { return nil }
func (c readerNetConn) SetDeadline(time.Time) error      { return nil }
func (c readerNetConn) SetReadDeadline(time.Time) error  { return nil }
func (c readerNetConn) SetWriteDeadline(time.Time) error { return nil }
