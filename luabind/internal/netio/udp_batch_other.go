//go:build !linux

package netio

import "net/netip"

// udpBatchState is empty where sends are not batched (udp_batch_linux.go).
type udpBatchState struct{}

func (c *PacketConn) holdSend([]byte, netip.AddrPort, func(int, error)) bool { return false }

func (c *PacketConn) flushHeld() {}
