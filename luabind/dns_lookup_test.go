package luabind

import "testing"

// dns.lookup answers from the hosts file and for address literals as
// Node does, always after the call returns; lookupService names the host
// and the service; net.connect resolves through the same lookup.
func TestDNSLookup(t *testing.T) {
	out := runLua(t, shortLimit, `
local dns = require('dns')
local sync = true
dns.lookup('localhost', function(e, a, f) print('localhost', e, a, f, sync) end)
dns.lookup('localhost', { all = true }, function(e, a) print('all', e, #a, a[1].address, a[1].family) end)
dns.lookup('localhost', 4, function(e, a, f) print('family 4', e, a, f) end)
dns.lookup('127.0.0.1', 6, function(e, a, f) print('literal', e, a, f) end)
dns.lookup('::1', function(e, a, f) print('literal6', e, a, f) end)
dns.lookup('127.0.0.1', { all = true, family = 6 }, function(e, a) print('literal all', e, #a, a[1].address, a[1].family) end)
dns.lookup('', function(e, a, f) print('empty', e, a, f) end)
dns.lookup('', { all = true }, function(e, a) print('empty all', e, #a) end)
dns.lookup('bad host!', function(e, a) print('bad', e.code, e.errno, e.syscall, e.hostname, e.message, a) end)
dns.lookupService('127.0.0.1', 22, function(e, h, s) print('service', e, h, s) end)
dns.lookupService('127.0.0.1', 65000, function(e, h, s) print('no service', e, h, s) end)
print('order', dns.getDefaultResultOrder())
dns.setDefaultResultOrder('ipv4first')
print('order', dns.getDefaultResultOrder())
print('constants', dns.NOTFOUND, dns.TIMEOUT, dns.CANCELLED, dns.ADDRCONFIG, dns.V4MAPPED, dns.ALL)
sync = false
`).wantClean(t).Out
	for _, want := range []string{
		"localhost\tnil\t127.0.0.1\t4\tfalse\n",
		"all\tnil\t1\t127.0.0.1\t4\n",
		"family 4\tnil\t127.0.0.1\t4\n",
		"literal\tnil\t127.0.0.1\t4\n",
		"literal6\tnil\t::1\t6\n",
		"literal all\tnil\t1\t127.0.0.1\t4\n",
		"empty\tnil\tnil\t4\n",
		"empty all\tnil\t0\n",
		"bad\tENOTFOUND\t-3008\tgetaddrinfo\tbad host!\tgetaddrinfo ENOTFOUND bad host!\tnil\n",
		"service\tnil\tlocalhost\tssh\n",
		"no service\tnil\tlocalhost\t65000\n",
		"order\tverbatim\norder\tipv4first\n",
		"constants\tENOTFOUND\tETIMEOUT\tECANCELLED\t32\t8\t16\n",
	} {
		mustContain(t, out, want)
	}
}
