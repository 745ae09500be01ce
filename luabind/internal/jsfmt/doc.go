// Package jsfmt is the text Node.js gives numbers and strings: how
// Number.prototype.toString and util.inspect write a number, how inspect
// and JSON.stringify quote a string, JS .length, and how Number(),
// parseInt and parseFloat read a string.
//
// The functions are pure and use only the standard library, so they can
// be tested against Node's output without a Lua state. This package must
// never import gopher-lua, luabind or repl.
package jsfmt
