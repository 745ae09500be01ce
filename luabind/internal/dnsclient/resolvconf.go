package dnsclient

import (
	"bufio"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync"
)

// SystemServers are the name servers /etc/resolv.conf lists, as c-ares
// reads them; 127.0.0.1 when it lists none (c-ares's default too). The
// file is read once per process: every dns.Resolver asks, on the loop
// goroutine, which must not wait for a file each time.
func SystemServers() []netip.AddrPort { return slices.Clone(systemServers()) }

var systemServers = sync.OnceValue(readResolvConf)

func readResolvConf() []netip.AddrPort {
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
