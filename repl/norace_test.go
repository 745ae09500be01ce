package repl

// raceEnabled is set when the tests run with -race; the netsh binary under
// test is then built with -race too.
var raceEnabled bool
