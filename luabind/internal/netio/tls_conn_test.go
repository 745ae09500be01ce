package netio

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/netsh/netsh/luabind/internal/tlsnode"
	"github.com/netsh/netsh/luabind/loop"
)

func testCert(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	c, err := tlsnode.SelfSigned(tlsnode.SelfSignedOptions{Hosts: []string{"localhost", "127.0.0.1", "::1"}})
	if err != nil {
		t.Fatal(err)
	}
	pair, err := tls.X509KeyPair(c.CertPEM, c.KeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(c.Cert)
	return &tls.Config{Certificates: []tls.Certificate{pair}}, pool
}

// tlsEchoServer wraps each accepted Conn in TLS and echoes through it,
// pausing and resuming around each write as the plain echo test does.
type tlsEchoServer struct {
	echoServer
	cfg   *tls.Config
	l     *loop.Loop
	hsErr []error
}

func (s *tlsEchoServer) OnAccept(c Conn) {
	s.conns++
	s.ln.Close()
	ec := &echoConn{srv: &s.echoServer}
	var tc *TLSConn
	tc = NewTLS(s.l, c, s.cfg, false, nil, func(err error) {
		if err != nil {
			s.hsErr = append(s.hsErr, err)
			tc.Close()
			s.h.Done()
			return
		}
		tc.Release()
	})
	ec.c = tc
	tc.SetHandler(ec)
	tc.ResumeRead()
}

// TestTLSConnEchoBothModes sends 8 MiB through a TLS server Conn and
// back, against crypto/tls as the client, with close_notify and FIN at
// the end, over each transport and over IPv4 and IPv6.
func TestTLSConnEchoBothModes(t *testing.T) {
	modes(t, func(t *testing.T, portable bool) {
		for _, host := range []string{"127.0.0.1", "::1"} {
			l := loop.New()
			x := New(l, portable)
			cfg, pool := testCert(t)
			srv := &tlsEchoServer{echoServer: echoServer{t: t, h: l.NewHandle("test", nil)}, cfg: cfg, l: l}
			ln, err := x.Listen("tcp", net.JoinHostPort(host, "0"), srv)
			if err != nil {
				t.Fatal(err)
			}
			srv.ln = ln
			want := bytes.Repeat([]byte("0123456789abcdef"), 512*1024)
			got := make(chan []byte, 1)
			go func() {
				c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{RootCAs: pool, ServerName: host})
				if err != nil {
					t.Error(err)
					got <- nil
					return
				}
				defer c.Close()
				go func() { c.Write(want); c.CloseWrite() }()
				c.SetReadDeadline(time.Now().Add(30 * time.Second))
				b, _ := io.ReadAll(c)
				got <- b
			}()
			runLoop(t, l, 30*time.Second)
			x.Close()
			b := <-got
			if sha256.Sum256(b) != sha256.Sum256(want) {
				t.Fatalf("%s: echoed %d bytes, want %d", host, len(b), len(want))
			}
			if len(srv.hsErr) > 0 {
				t.Fatal(srv.hsErr)
			}
		}
	})
}

// TestTLSConnPeerClosesMidHandshake: a peer that sends half a hello and
// closes fails the handshake with an error, and leaves no goroutine.
func TestTLSConnPeerClosesMidHandshake(t *testing.T) {
	modes(t, func(t *testing.T, portable bool) {
		before := runtime.NumGoroutine()
		l := loop.New()
		x := New(l, portable)
		cfg, _ := testCert(t)
		srv := &tlsEchoServer{echoServer: echoServer{t: t, h: l.NewHandle("test", nil)}, cfg: cfg, l: l}
		ln, err := x.Listen("tcp4", "127.0.0.1:0", srv)
		if err != nil {
			t.Fatal(err)
		}
		srv.ln = ln
		go func() {
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Error(err)
				return
			}
			c.Write([]byte{0x16, 0x03, 0x01, 0x02, 0x00, 0x01}) // a record header, then a hello cut short
			time.Sleep(20 * time.Millisecond)
			c.Close()
		}()
		runLoop(t, l, 10*time.Second)
		x.Close()
		if len(srv.hsErr) != 1 {
			t.Fatalf("handshake errors %v, want one", srv.hsErr)
		}
		deadline := time.Now().Add(5 * time.Second)
		for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := runtime.NumGoroutine(); n > before {
			t.Fatalf("%d goroutines after, %d before", n, before)
		}
	})
}
