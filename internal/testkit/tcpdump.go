package testkit

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"os/exec"
	"strings"
	"testing"
)

// Packet is one packet of a capture file as tcpdump read it: its summary
// line, its addresses, TCP flags as tcpdump prints them ("S", "P.", "F."),
// and its transport payload.
type Packet struct {
	Summary  string
	Proto    string // "tcp" or "udp"
	Src, Dst netip.AddrPort
	Flags    string
	Payload  []byte
}

// ReadPcap reads a capture file with tcpdump (-nn -xx -vv), failing the
// test if tcpdump is missing or rejects the file, or reports a bad
// checksum. Payloads come from tcpdump's own hex dump of each frame.
func ReadPcap(t testing.TB, file string) []Packet {
	t.Helper()
	if _, err := exec.LookPath("tcpdump"); err != nil {
		t.Fatal("tcpdump is not installed (Debian: tcpdump); the capture tests read their files with it")
	}
	out, err := exec.Command("tcpdump", "-r", file, "-nn", "-xx", "-vv").CombinedOutput()
	if err != nil {
		t.Fatalf("tcpdump -r %s: %v\n%s", file, err, out)
	}
	if bytes.Contains(out, []byte("incorrect")) || bytes.Contains(out, []byte("bad cksum")) {
		t.Fatalf("tcpdump found bad checksums:\n%s", out)
	}
	var pkts []Packet
	var cur *Packet
	var frame []byte
	finish := func() {
		if cur != nil {
			parseFrame(cur, frame)
			pkts = append(pkts, *cur)
		}
		cur, frame = nil, nil
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "\t0x") {
			_, hexPart, _ := strings.Cut(line, ":")
			b, err := hex.DecodeString(strings.ReplaceAll(strings.TrimSpace(hexPart), " ", ""))
			if err != nil {
				t.Fatalf("tcpdump hex line %q: %v", line, err)
			}
			frame = append(frame, b...)
			continue
		}
		if strings.HasPrefix(line, "reading from file") {
			continue
		}
		if line != "" && line[0] != ' ' && line[0] != '\t' {
			finish()
			cur = &Packet{}
		}
		if cur != nil {
			cur.Summary += line + "\n"
			if _, rest, ok := strings.Cut(line, "Flags ["); ok {
				cur.Flags, _, _ = strings.Cut(rest, "]")
			}
		}
	}
	finish()
	return pkts
}

// parseFrame fills p's addresses and payload from an Ethernet frame.
func parseFrame(p *Packet, f []byte) {
	if len(f) < 14 {
		return
	}
	var proto byte
	var src, dst netip.Addr
	var l4 []byte
	switch binary.BigEndian.Uint16(f[12:]) {
	case 0x0800:
		ip := f[14:]
		ihl := int(ip[0]&15) * 4
		total := int(binary.BigEndian.Uint16(ip[2:]))
		proto = ip[9]
		src, dst = netip.AddrFrom4([4]byte(ip[12:16])), netip.AddrFrom4([4]byte(ip[16:20]))
		l4 = ip[ihl:total]
	case 0x86dd:
		ip := f[14:]
		plen := int(binary.BigEndian.Uint16(ip[4:]))
		proto = ip[6]
		src, dst = netip.AddrFrom16([16]byte(ip[8:24])), netip.AddrFrom16([16]byte(ip[24:40]))
		l4 = ip[40 : 40+plen]
	default:
		return
	}
	sp, dp := binary.BigEndian.Uint16(l4[0:]), binary.BigEndian.Uint16(l4[2:])
	p.Src, p.Dst = netip.AddrPortFrom(src, sp), netip.AddrPortFrom(dst, dp)
	switch proto {
	case 6:
		p.Proto = "tcp"
		p.Payload = l4[int(l4[12]>>4)*4:]
	case 17:
		p.Proto = "udp"
		p.Payload = l4[8:]
	}
}

// Stream is what "follow stream" shows of one direction: the payloads of
// the TCP packets from src to dst, joined.
func Stream(pkts []Packet, src, dst netip.AddrPort) []byte {
	var b []byte
	for _, p := range pkts {
		if p.Proto == "tcp" && p.Src == src && p.Dst == dst {
			b = append(b, p.Payload...)
		}
	}
	return b
}
