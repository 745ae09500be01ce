package e2e

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"math/rand"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netsh/netsh/internal/testkit"
)

// The lecture's pipe scripts (11-04 server into a file, 11-05 client from
// a file) on the real binary: each runs in its own directory, as they read
// and write ./Files/File04.data.

func randomBytes(n int, seed int64) []byte {
	b := make([]byte, n)
	rand.New(rand.NewSource(seed)).Read(b)
	return b
}

// filesDir makes dir/Files, where the pipe scripts keep their file.
func filesDir(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "Files")
	if err := os.Mkdir(p, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// waitFileSize waits until path holds n bytes (write streams flush async).
func waitFileSize(t *testing.T, path string, n int64) []byte {
	t.Helper()
	if !testkit.Eventually(10*time.Second, func() bool {
		st, err := os.Stat(path)
		return err == nil && st.Size() >= n
	}) {
		st, _ := os.Stat(path)
		t.Fatalf("%s never reached %d bytes (stat: %v)", path, n, st)
	}
	b, _ := os.ReadFile(path)
	return b
}

// Two clients in a row: the file grows by exactly what each sent, in order.
func TestE2EPipeServerAppendsEachClient(t *testing.T) {
	dir := t.TempDir()
	files := filesDir(t, dir)
	port := strconv.Itoa(testkit.FreePort(t))
	srv := netsh(t, dir, script(t, "tcp_pipe_server.lua"), port)
	srv.WaitFor(t, "TCP-server  0.0.0.0:"+port, 5*time.Second)
	first, second := randomBytes(1<<20, 1), randomBytes(100<<10, 2)
	for i, data := range [][]byte{first, second} {
		c, err := net.Dial("tcp", "127.0.0.1:"+port)
		if err != nil {
			t.Fatal(err)
		}
		c.Write(data)
		c.Close()
		srv.WaitFor(t, strings.Repeat(`(?s).*Server CLOSED:  127\.0\.0\.1 \d+`, i+1), 5*time.Second)
	}
	got := waitFileSize(t, filepath.Join(files, "File04.data"), int64(len(first)+len(second)))
	if !bytes.Equal(got, append(append([]byte(nil), first...), second...)) {
		t.Fatalf("file holds %d bytes, not the two clients' data in order", len(got))
	}
}

// 100 MiB file -> tcp_pipe_client -> socket -> tcp_pipe_server -> file,
// byte-identical (SHA-256).
func TestE2EPipe100MiBRoundTrip(t *testing.T) {
	srcDir, dstDir := t.TempDir(), t.TempDir()
	files := filesDir(t, dstDir)
	data := randomBytes(100<<20, 3)
	src := filepath.Join(srcDir, "big.data")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(testkit.FreePort(t))
	srv := netsh(t, dstDir, script(t, "tcp_pipe_server.lua"), port)
	srv.WaitFor(t, "TCP-server  0.0.0.0:"+port, 5*time.Second)
	out := netsh(t, srcDir, script(t, "tcp_pipe_client.lua"), port, src).Wait(t, 60*time.Second)
	if !strings.Contains(out, "Client CONNECTED: 127.0.0.1 "+port) || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("client output:\n%s", out)
	}
	got := waitFileSize(t, filepath.Join(files, "File04.data"), int64(len(data)))
	if sha256.Sum256(got) != sha256.Sum256(data) {
		t.Fatalf("the copy differs from the original (%d vs %d bytes)", len(got), len(data))
	}
}

// tcp_pipe_client against a Go server that answers with the byte count as
// an Int32LE: the file arrives whole and the reply prints as the lecture's.
func TestE2EPipeClientPrintsInt32Replies(t *testing.T) {
	dir := t.TempDir()
	data := randomBytes(300<<10, 4)
	os.WriteFile(filepath.Join(filesDir(t, dir), "File04.data"), data, 0o644)
	ln := testkit.Listen(t)
	got := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		b, _ := io.ReadAll(c)
		got <- b
		reply := make([]byte, 4)
		binary.LittleEndian.PutUint32(reply, uint32(len(b)))
		c.Write(reply)
	}()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	out := netsh(t, dir, script(t, "tcp_pipe_client.lua"), port).Wait(t, 10*time.Second)
	if b := <-got; !bytes.Equal(b, data) {
		t.Fatalf("server got %d bytes, want %d", len(b), len(data))
	}
	if !strings.Contains(out, "Client DATA:  "+strconv.Itoa(len(data))) || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("client output:\n%s", out)
	}
}

func TestE2EPipeServerMissingFolder(t *testing.T) {
	p := netsh(t, "", script(t, "tcp_pipe_server.lua"), strconv.Itoa(testkit.FreePort(t)))
	out := p.Wait(t, 5*time.Second)
	if p.ExitCode() != 1 {
		t.Fatalf("exit %d, want 1\n%s", p.ExitCode(), out)
	}
	if !strings.Contains(out, "Server: cannot write ./Files/File04.data: ENOENT: no such file or directory, open './Files/File04.data'") ||
		strings.Contains(out, "stack traceback") {
		t.Fatalf("want a clear message and no traceback, got:\n%s", out)
	}
}

// 11-05 against 11-04 on a free port, the Lua twins and the Node ones
// paired every way: the client's file arrives whole in the server's file.
func TestE2EPipeTwins(t *testing.T) {
	eachPair(t, func(t *testing.T, server, client impl) {
		clientDir, serverDir := t.TempDir(), t.TempDir()
		payload := []byte("данные из файла 11-05\n")
		os.WriteFile(filepath.Join(filesDir(t, clientDir), "File04.data"), payload, 0o644)
		serverFile := filepath.Join(filesDir(t, serverDir), "File04.data")
		port := strconv.Itoa(testkit.FreePort(t))
		srv := example(t, server, serverDir, "tcp_pipe_server", port)
		srv.WaitFor(t, "TCP-server  0.0.0.0:"+port, 10*time.Second)
		out := example(t, client, clientDir, "tcp_pipe_client", port).Wait(t, 10*time.Second)
		if !strings.Contains(out, "Client CONNECTED: 127.0.0.1 "+port) || !strings.Contains(out, "Client CLOSE") {
			t.Fatalf("client output:\n%s", out)
		}
		if got := waitFileSize(t, serverFile, int64(len(payload))); !bytes.Equal(got, payload) {
			t.Fatalf("the server's file holds %q", got)
		}
		srv.WaitFor(t, "Server CLOSED:  127.0.0.1", 5*time.Second)
	})
}

// lecturePipeDirs makes a client folder whose ./Files/File04.data holds a
// payload and a server folder with an empty ./Files, as the lecture's
// 11-04 and 11-05 expect; it returns them, the payload and the path the
// server writes.
func lecturePipeDirs(t *testing.T) (clientDir, serverDir string, payload []byte, serverFile string) {
	t.Helper()
	clientDir, serverDir = t.TempDir(), t.TempDir()
	payload = []byte("данные из файла 11-05\n")
	os.WriteFile(filepath.Join(filesDir(t, clientDir), "File04.data"), payload, 0o644)
	return clientDir, serverDir, payload, filepath.Join(filesDir(t, serverDir), "File04.data")
}

// The lecture's Node client (11-05) against the Lua server (11-04), on the
// lecture's port.
func TestE2ELectureNodePipeClientAgainstLuaServer(t *testing.T) {
	js := testkit.LectureJS(t, "11-05.js")
	testkit.LecturePort(t, "tcp", 40000)
	clientDir, serverDir, payload, serverFile := lecturePipeDirs(t)
	lua := netsh(t, serverDir, script(t, "tcp_pipe_server.lua"))
	lua.WaitFor(t, "TCP-server  0.0.0.0:40000", 5*time.Second)
	out := node(t, clientDir, js).Wait(t, 10*time.Second)
	if !strings.Contains(out, "Client CONNECTED: 127.0.0.1 40000") || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("node client output:\n%s", out)
	}
	if got := waitFileSize(t, serverFile, int64(len(payload))); !bytes.Equal(got, payload) {
		t.Fatalf("Lua server's file holds %q", got)
	}
	lua.WaitFor(t, "Server CLOSED:  127.0.0.1", 5*time.Second)
}

// The Lua client (11-05) against the lecture's Node server (11-04), on the
// lecture's port.
func TestE2ELectureLuaPipeClientAgainstNodeServer(t *testing.T) {
	js := testkit.LectureJS(t, "11-04.js")
	testkit.LecturePort(t, "tcp", 40000)
	clientDir, serverDir, payload, serverFile := lecturePipeDirs(t)
	nodeSrv := node(t, serverDir, js)
	nodeSrv.WaitFor(t, "TCP-server  0.0.0.0:40000", 10*time.Second)
	out := netsh(t, clientDir, script(t, "tcp_pipe_client.lua")).Wait(t, 10*time.Second)
	if !strings.Contains(out, "Client CONNECTED: 127.0.0.1 40000") || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("lua client output:\n%s", out)
	}
	if got := waitFileSize(t, serverFile, int64(len(payload))); !bytes.Equal(got, payload) {
		t.Fatalf("Node server's file holds %q", got)
	}
}
