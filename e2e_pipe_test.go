package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"io"
	"math/rand"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startIn starts a program with dir as its working directory.
func startIn(t *testing.T, dir, name string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(name, args...), done: make(chan struct{})}
	p.cmd.Dir = dir
	p.cmd.Stdout = lockedWriter{p}
	p.cmd.Stderr = lockedWriter{p}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(p.stop)
	return p
}

func randomBytes(n int, seed int64) []byte {
	b := make([]byte, n)
	rand.New(rand.NewSource(seed)).Read(b)
	return b
}

// waitFileSize waits until path holds n bytes (write streams flush async).
func waitFileSize(t *testing.T, path string, n int64) []byte {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if st, err := os.Stat(path); err == nil && st.Size() >= n {
			b, _ := os.ReadFile(path)
			return b
		}
		if time.Now().After(deadline) {
			st, _ := os.Stat(path)
			t.Fatalf("%s never reached %d bytes (stat: %v)", path, n, st)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func absScript(t *testing.T, name string) string {
	p, err := filepath.Abs(filepath.Join("scripts", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Two clients in a row: the file grows by exactly what each sent, in order.
func TestE2EPipeServerAppendsEachClient(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "Files"), 0o755)
	port := strconv.Itoa(freePort(t))
	srv := startIn(t, dir, netshBin, absScript(t, "tcp_pipe_server.lua"), port)
	srv.waitFor(t, "TCP-server  0.0.0.0:"+port, 5*time.Second)
	first, second := randomBytes(1<<20, 1), randomBytes(100<<10, 2)
	for i, data := range [][]byte{first, second} {
		c, err := net.Dial("tcp", "127.0.0.1:"+port)
		if err != nil {
			t.Fatal(err)
		}
		c.Write(data)
		c.Close()
		srv.waitFor(t, strings.Repeat(`(?s).*Server CLOSED:  127\.0\.0\.1 \d+`, i+1), 5*time.Second)
	}
	got := waitFileSize(t, filepath.Join(dir, "Files", "File04.data"), int64(len(first)+len(second)))
	if !bytes.Equal(got, append(append([]byte(nil), first...), second...)) {
		t.Fatalf("file holds %d bytes, not the two clients' data in order", len(got))
	}
}

// 100 MiB file -> tcp_pipe_client -> socket -> tcp_pipe_server -> file,
// byte-identical (SHA-256).
func TestE2EPipe100MiBRoundTrip(t *testing.T) {
	srcDir, dstDir := t.TempDir(), t.TempDir()
	os.Mkdir(filepath.Join(dstDir, "Files"), 0o755)
	data := randomBytes(100<<20, 3)
	src := filepath.Join(srcDir, "big.data")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(freePort(t))
	srv := startIn(t, dstDir, netshBin, absScript(t, "tcp_pipe_server.lua"), port)
	srv.waitFor(t, "TCP-server  0.0.0.0:"+port, 5*time.Second)
	out := startIn(t, srcDir, netshBin, absScript(t, "tcp_pipe_client.lua"), port, src).wait(t, 60*time.Second)
	if !strings.Contains(out, "Client CONNECTED: 127.0.0.1 "+port) || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("client output:\n%s", out)
	}
	got := waitFileSize(t, filepath.Join(dstDir, "Files", "File04.data"), int64(len(data)))
	if sha256.Sum256(got) != sha256.Sum256(data) {
		t.Fatalf("the copy differs from the original (%d vs %d bytes)", len(got), len(data))
	}
}

// tcp_pipe_client against a Go server that answers with the byte count as
// an Int32LE: the file arrives whole and the reply prints as the lecture's.
func TestE2EPipeClientPrintsInt32Replies(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "Files"), 0o755)
	data := randomBytes(300<<10, 4)
	os.WriteFile(filepath.Join(dir, "Files", "File04.data"), data, 0o644)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
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
	out := startIn(t, dir, netshBin, absScript(t, "tcp_pipe_client.lua"), port).wait(t, 10*time.Second)
	if b := <-got; !bytes.Equal(b, data) {
		t.Fatalf("server got %d bytes, want %d", len(b), len(data))
	}
	if !strings.Contains(out, "Client DATA:  "+strconv.Itoa(len(data))) || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("client output:\n%s", out)
	}
}

func TestE2EPipeServerMissingFolder(t *testing.T) {
	p := startIn(t, t.TempDir(), netshBin, absScript(t, "tcp_pipe_server.lua"), strconv.Itoa(freePort(t)))
	out := p.wait(t, 5*time.Second)
	if p.cmd.ProcessState.ExitCode() != 1 {
		t.Fatalf("exit %d, want 1\n%s", p.cmd.ProcessState.ExitCode(), out)
	}
	if !strings.Contains(out, "Server: cannot write ./Files/File04.data: ENOENT: no such file or directory, open './Files/File04.data'") ||
		strings.Contains(out, "stack traceback") {
		t.Fatalf("want a clear message and no traceback, got:\n%s", out)
	}
}

// The lecture's Node client (11-05) against the Lua server (11-04), and the
// Lua client against the lecture's Node server, on the lecture's port.
func TestE2ELecturePipeTwins(t *testing.T) {
	js05, js04 := lectureJS(t, "11-05.js"), lectureJS(t, "11-04.js")
	clientDir, serverDir := t.TempDir(), t.TempDir()
	for _, d := range []string{clientDir, serverDir} {
		os.Mkdir(filepath.Join(d, "Files"), 0o755)
	}
	payload := []byte("данные из файла 11-05\n")
	os.WriteFile(filepath.Join(clientDir, "Files", "File04.data"), payload, 0o644)
	serverFile := filepath.Join(serverDir, "Files", "File04.data")

	needPort(t, 40000)
	lua := startIn(t, serverDir, netshBin, absScript(t, "tcp_pipe_server.lua"))
	lua.waitFor(t, "TCP-server  0.0.0.0:40000", 5*time.Second)
	out := startIn(t, clientDir, "node", js05).wait(t, 10*time.Second)
	if !strings.Contains(out, "Client CONNECTED: 127.0.0.1 40000") || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("node client output:\n%s", out)
	}
	if got := waitFileSize(t, serverFile, int64(len(payload))); !bytes.Equal(got, payload) {
		t.Fatalf("Lua server's file holds %q", got)
	}
	lua.waitFor(t, "Server CLOSED:  127.0.0.1", 5*time.Second)
	lua.stop()
	os.Remove(serverFile)

	needPort(t, 40000)
	node := startIn(t, serverDir, "node", js04)
	node.waitFor(t, "TCP-server  0.0.0.0:40000", 10*time.Second)
	out = startIn(t, clientDir, netshBin, absScript(t, "tcp_pipe_client.lua")).wait(t, 10*time.Second)
	if !strings.Contains(out, "Client CONNECTED: 127.0.0.1 40000") || !strings.Contains(out, "Client CLOSE") {
		t.Fatalf("lua client output:\n%s", out)
	}
	if got := waitFileSize(t, serverFile, int64(len(payload))); !bytes.Equal(got, payload) {
		t.Fatalf("Node server's file holds %q", got)
	}
}
