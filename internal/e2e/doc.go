// Package e2e holds the end-to-end tests of the netsh binary: the command
// line, and the scripts in scripts/ run against each other and against the
// lecture's Node originals. It has no code of its own; see its _test.go
// files.
package e2e
