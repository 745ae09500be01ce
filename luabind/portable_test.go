package luabind

import (
	"runtime"
	"testing"
)

// TestPortableIOPath runs the net and dgram tests again through the
// goroutine I/O path that platforms without epoll use, so it stays tested
// on Linux too.
func TestPortableIOPath(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the portable path is the only path here; the suite already ran it")
	}
	forcePortableIO = true
	defer func() { forcePortableIO = false }()
	for name, f := range map[string]func(*testing.T){
		"NetEchoInOneRuntime":          TestNetEchoInOneRuntime,
		"NetLuaServerGoClientBulk":     TestNetLuaServerGoClientBulk,
		"NetLuaClientGoServerHalfOpen": TestNetLuaClientGoServerHalfOpen,
		"NetConnectionRefused":         TestNetConnectionRefused,
		"NetWriteAfterEndAndDestroyed": TestNetWriteAfterEndAndDestroyed,
		"NetServerCloseWaits":          TestNetServerCloseWaitsForConnections,
		"NetMaxConnectionsDrops":       TestNetMaxConnectionsDrops,
		"NetUnixSocket":                TestNetUnixSocket,
		"NetBackpressure":              TestNetBackpressure,
		"NetSetTimeout":                TestNetSetTimeout,
		"NetPauseOnConnectAndEncoding": TestNetPauseOnConnectAndEncoding,
		"NetSocketProperties":          TestNetSocketProperties,
		"NetManyWritesInOrder":         TestNetManyWritesInOrder,
		"NetConnReset":                 TestNetConnReset,
		"NetWriteEPIPE":                TestNetWriteEPIPE,
		"NetListenFamilies":            TestNetListenFamilies,
		"NetSocketHoldsData":           TestNetSocketHoldsDataUntilItFlows,
		"DgramEchoRoundTrip":           TestDgramEchoRoundTrip,
		"DgramConnect":                 TestDgramConnect,
		"DgramMaxDatagram":             TestDgramMaxDatagram,
		"DgramImplicitBindAndQueue":    TestDgramImplicitBindAndQueue,
	} {
		t.Run(name, f)
	}
}

// The Linux runtime really uses epoll (and the test above really does not).
func TestPollerInUse(t *testing.T) {
	rt, _ := New(Options{Argv: []string{"x"}})
	defer rt.Close()
	if runtime.GOOS == "linux" && rt.ep == nil {
		t.Fatal("no epoll poller on Linux")
	}
	forcePortableIO = true
	rt2, _ := New(Options{Argv: []string{"x"}})
	forcePortableIO = false
	defer rt2.Close()
	if rt2.ep != nil {
		t.Fatal("portable mode still made a poller")
	}
}
