//go:build race

package testkit

// raceEnabled: the tests run with -race, and Netsh builds with it too.
const raceEnabled = true
