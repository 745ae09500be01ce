// Command netsh is a scriptable network shell: Lua with Node.js's
// networking APIs on a Go event loop. See README.md; the command line
// itself is internal/cli.
package main

import (
	"embed"
	"io/fs"
	"os"

	"github.com/netsh/netsh/internal/cli"
)

// shippedPlugins are netsh's own plugins, built from the same pieces a
// user's are, and carried in the binary so they work from any directory.
// The embed lives here because a pattern cannot reach above its package.
//
//go:embed scripts/plugins/*.lua
var shippedPlugins embed.FS

func main() {
	plugins, _ := fs.Sub(shippedPlugins, "scripts/plugins") // fails only for an invalid path
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, plugins))
}
