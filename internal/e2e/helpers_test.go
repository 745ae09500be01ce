package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/netsh/netsh/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// netsh starts the netsh binary with args in dir (a fresh temporary
// directory if dir is empty).
func netsh(t *testing.T, dir string, args ...string) *testkit.Proc {
	t.Helper()
	return startIn(t, dir, testkit.Netsh(t), args...)
}

// node starts node on js (a lecture file, see testkit.LectureJS, or a
// peer, see testkit.NodePeer) in dir, as netsh does.
func node(t *testing.T, dir, js string, args ...string) *testkit.Proc {
	t.Helper()
	return startIn(t, dir, "node", append([]string{js}, args...)...)
}

func startIn(t *testing.T, dir, name string, args ...string) *testkit.Proc {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if dir == "" {
		cmd.Dir = t.TempDir()
	}
	return testkit.Start(t, cmd)
}

// script is the absolute path of scripts/name.
func script(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join(testkit.Root(t), "scripts", name)
}

// impl is one of an example's two implementations: the Lua script in
// scripts/ under netsh, or its Node twin, the project's peer in
// testdata/node (the lecture's code with the script's arguments).
type impl string

const (
	luaImpl  impl = "Lua"
	nodeImpl impl = "Node"
)

// example starts example name (as "tcp_server") in dir, as im:
// scripts/name.lua under netsh, or testdata/node/name.js under node.
func example(t *testing.T, im impl, dir, name string, args ...string) *testkit.Proc {
	t.Helper()
	if im == nodeImpl {
		return node(t, dir, testkit.NodePeer(t, name+".js"), args...)
	}
	return netsh(t, dir, append([]string{script(t, name+".lua")}, args...)...)
}

// eachPair runs f as a subtest for each pairing of a server and a client
// the twins are tested in: Lua with Lua, and each against the other's
// Node twin, both ways.
func eachPair(t *testing.T, f func(t *testing.T, server, client impl)) {
	for _, p := range [][2]impl{{luaImpl, luaImpl}, {luaImpl, nodeImpl}, {nodeImpl, luaImpl}} {
		t.Run(fmt.Sprintf("%s server, %s client", p[0], p[1]), func(t *testing.T) { f(t, p[0], p[1]) })
	}
}
