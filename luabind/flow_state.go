package luabind

// flowState is Node's readableFlowing, shared by sockets and streams so
// both spell the three states alike: null until something asks for data,
// then true (flowing) or false (paused).
type flowState int8

const (
	flowNull   flowState = iota // readableFlowing === null: nobody asked yet
	flowOn                      // flowing: data events as chunks arrive
	flowPaused                  // pause() or a 'readable' listener: held
)
