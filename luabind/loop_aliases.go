package luabind

import "github.com/netsh/netsh/luabind/loop"

// The event loop lives in package loop, which knows nothing of Lua; these
// aliases keep the names repl/ and embedders have always used.
type (
	// Loop is the runtime's event loop (loop.Loop).
	Loop = loop.Loop
	// Handle is a liveness record on the loop (loop.Handle).
	Handle = loop.Handle
	// HandleInfo describes a handle for the REPL's .handles (loop.HandleInfo).
	HandleInfo = loop.HandleInfo
	// Timer is a callback scheduled on the loop (loop.Timer).
	Timer = loop.Timer
	// Completion hands one-shot async work back to the loop (loop.Completion).
	Completion = loop.Completion
	// Immediate is a pending setImmediate callback (loop.Immediate).
	Immediate = loop.Immediate
)
