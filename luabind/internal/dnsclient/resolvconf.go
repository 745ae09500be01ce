package dnsclient

import (
	"bufio"
	"net/netip"
	"os"
	"strings"
)

// SystemServers are the name servers /etc/resolv.conf lists, as c-ares
// reads them; 127.0.0.1 when it lists none (c-ares's default too).
func SystemServers() []netip.AddrPort {
	var out []netip.AddrPort
	if f, err := os.Open("/etc/resolv.conf"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 2 || fields[0] != "nameserver" {
				continue
			}
			if a, err := netip.ParseAddr(fields[1]); err == nil {
				out = append(out, netip.AddrPortFrom(a, 53))
			}
		}
	}
	if len(out) == 0 {
		out = []netip.AddrPort{netip.MustParseAddrPort("127.0.0.1:53")}
	}
	return out
}
