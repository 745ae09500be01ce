package testkit

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// LectureJS returns the path of one of the lecture's Node files, name as
// in "11-01.js", and fails the test if it or node is missing: the
// lecture-twin tests run them against netsh's Lua twins. The files are
// used in place from shared/lecture/js beside the repository, as in CI, or
// beside a folder above it (a git worktree kept under the main checkout's
// parent).
func LectureJS(t testing.TB, name string) string {
	t.Helper()
	root := Root(t)
	var p string
	for dir := filepath.Dir(root); ; dir = filepath.Dir(dir) {
		p = filepath.Join(dir, "shared", "lecture", "js", name)
		if _, err := os.Stat(p); err == nil {
			break
		}
		if filepath.Dir(dir) == dir {
			t.Fatalf("lecture file %s not found (expected shared/lecture/js beside the repo)", name)
		}
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatal("node is not installed; the lecture-twin tests need Node.js 20")
	}
	return p
}
