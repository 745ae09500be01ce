package luabind

import "os"

// forcePortableIO makes new runtimes use the portable goroutine I/O path
// even where epoll is available; tests set it to keep that path tested.
var forcePortableIO bool

// portableIO reports whether to skip the platform poller: for tests, or
// with NETSH_IO=portable when chasing a bug in one of the two paths.
func portableIO() bool { return forcePortableIO || os.Getenv("NETSH_IO") == "portable" }
