//go:build !race

package testkit

// raceEnabled: the tests run without -race.
const raceEnabled = false
