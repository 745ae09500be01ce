package testkit

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// LectureJS returns the path of one of the lecture's Node files, name as
// in "11-01.js", and skips the test, saying why, if it or node is
// missing: the lecture-twin tests run them against netsh's Lua twins, and
// a clone without the lecture beside it still passes (the project's own
// Node peers in testdata/node, see NodePeer, cover the same interop). The
// files are used in place from shared/lecture/js beside the repository,
// as in CI, or beside a folder above it (a git worktree kept under the
// main checkout's parent).
func LectureJS(t testing.TB, name string) string {
	t.Helper()
	p, ok := lectureFile(Root(t), name)
	if !ok {
		t.Skipf("lecture file %s not found (shared/lecture/js beside the repository); the tests against testdata/node cover the same interop", name)
	}
	needNode(t)
	return p
}

// lectureFile looks for shared/lecture/js/name in the folders above root.
func lectureFile(root, name string) (string, bool) {
	for dir := filepath.Dir(root); ; dir = filepath.Dir(dir) {
		p := filepath.Join(dir, "shared", "lecture", "js", name)
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
		if filepath.Dir(dir) == dir {
			return "", false
		}
	}
}

// NodePeer returns the path of testdata/node/name, a Node program written
// for the tests that behaves as the lecture's example of the same name but
// takes its ports as arguments, so the interop tests run on free ports
// and without the lecture beside the repository. It fails the test if the
// file is missing and skips it if node is not installed.
func NodePeer(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(Root(t), "testdata", "node", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("node peer: %v", err)
	}
	needNode(t)
	return p
}

// needNode skips the test if node is not on PATH.
func needNode(t testing.TB) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not installed; the interop tests need Node.js 20 (bash .ci/run checks for it)")
	}
}
