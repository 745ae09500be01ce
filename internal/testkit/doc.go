// Package testkit holds the helpers netsh's tests share: free ports and
// loopback listeners, the netsh binary built once per test process, a
// started program whose output a test waits on, a buffer safe to read while
// another goroutine writes, and running code with a deadline.
//
// Only tests import it; a test in this package checks that.
package testkit
