package luabind

import (
	"strings"
	"testing"
)

// Wrong arguments raise Node's codes and messages (those of Node 20 for
// the same calls; setServers names a Lua index, servers[1]).
func TestDNSArgumentErrors(t *testing.T) {
	cases := []struct{ call, want string }{
		{`dns.resolve('x', 'BOGUS', f)`, `ERR_INVALID_ARG_VALUE The argument 'rrtype' is invalid. Received 'BOGUS'`},
		{`dns.resolve('x', nil, f)`, `ERR_INVALID_ARG_TYPE The "rrtype" argument must be of type string. Received undefined`},
		{`dns.resolve('x', 5, f)`, `ERR_INVALID_ARG_TYPE The "rrtype" argument must be of type string. Received type number (5)`},
		{`dns.resolve(5, f)`, `ERR_INVALID_ARG_TYPE The "name" argument must be of type string. Received type number (5)`},
		{`dns.resolve4('x')`, `ERR_INVALID_ARG_TYPE The "callback" argument must be of type function. Received undefined`},
		{`dns.resolve4('x', {ttl = true})`, `ERR_INVALID_ARG_TYPE The "callback" argument must be of type function. Received an instance of Object`},
		{`dns.resolveAny('x')`, `ERR_INVALID_ARG_TYPE The "callback" argument must be of type function. Received undefined`},
		{`dns.setServers({'bogus'})`, `ERR_INVALID_IP_ADDRESS Invalid IP address: bogus`},
		{`dns.setServers('1.2.3.4')`, `ERR_INVALID_ARG_TYPE The "servers" argument must be an instance of Array. Received type string ('1.2.3.4')`},
		{`dns.setServers({5})`, `ERR_INVALID_ARG_TYPE The "servers[1]" argument must be of type string. Received type number (5)`},
		{`dns.reverse('bogus', f)`, `EINVAL getHostByAddr EINVAL bogus`},
		{`dns.Resolver({timeout = -2})`, `ERR_OUT_OF_RANGE The value of "options.timeout" is out of range. It must be >= -1 && <= 2147483647. Received -2`},
		{`dns.Resolver({timeout = 1.5})`, `ERR_OUT_OF_RANGE The value of "options.timeout" is out of range. It must be an integer. Received 1.5`},
		{`dns.Resolver({timeout = 'x'})`, `ERR_INVALID_ARG_TYPE The "options.timeout" property must be of type number. Received type string ('x')`},
		{`dns.Resolver({tries = 0})`, `ERR_OUT_OF_RANGE The value of "options.tries" is out of range. It must be >= 1 && <= 2147483647. Received 0`},
		{`dns.Resolver():setLocalAddress('x')`, `ERR_INVALID_ARG_VALUE Invalid IP address.`},
		{`dns.Resolver():setLocalAddress(5)`, `ERR_INVALID_ARG_TYPE The "ipv4" argument must be of type string. Received type number (5)`},
		{`dns.Resolver():setLocalAddress('1.2.3.4', '5.6.7.8')`, `ERR_INVALID_ARG_VALUE Cannot specify two IPv4 addresses.`},
		{`dns.Resolver().resolve4('x', f)`, `ERR_INVALID_THIS Value of "this" is not the expected object in resolve4 (call it with a colon: obj:resolve4(...))`},
		{`dns.lookup('x', {family = 5}, f)`, `ERR_INVALID_ARG_VALUE The property 'options.family' must be one of: 0, 4, 6. Received 5`},
		{`dns.lookup('x', 5, f)`, `ERR_INVALID_ARG_VALUE The argument 'family' must be one of: 0, 4, 6. Received 5`},
		{`dns.lookup('x', {hints = 12345}, f)`, `ERR_INVALID_ARG_VALUE The argument 'hints' is invalid. Received 12345`},
		{`dns.lookup(5, f)`, `ERR_INVALID_ARG_TYPE The "hostname" argument must be of type string. Received type number (5)`},
		{`dns.lookup('x')`, `ERR_INVALID_ARG_TYPE The "callback" argument must be of type function. Received undefined`},
		{`dns.lookup('x', {order = 'x'}, f)`, `ERR_INVALID_ARG_VALUE The property 'options.order' must be one of: 'verbatim', 'ipv4first', 'ipv6first'. Received 'x'`},
		{`dns.lookup('x', {all = 5}, f)`, `ERR_INVALID_ARG_TYPE The "options.all" property must be of type boolean. Received type number (5)`},
		{`dns.lookup('x', 'bogus', f)`, `ERR_INVALID_ARG_TYPE The "options" argument must be of type object or integer. Received type string ('bogus')`},
		{`dns.lookup('x', {family = 'IPv5'}, f)`, `ERR_INVALID_ARG_VALUE The property 'options.family' must be one of: 0, 4, 6. Received 'IPv5'`},
		{`dns.lookupService('bogus', 22, f)`, `ERR_INVALID_ARG_VALUE The argument 'address' is invalid. Received 'bogus'`},
		{`dns.lookupService('127.0.0.1', 70000, f)`, `ERR_SOCKET_BAD_PORT Port should be >= 0 and < 65536. Received type number (70000).`},
		{`dns.lookupService('127.0.0.1', 'x', f)`, `ERR_SOCKET_BAD_PORT Port should be >= 0 and < 65536. Received type string ('x').`},
		{`dns.lookupService('127.0.0.1')`, `ERR_MISSING_ARGS The "address", "port", and "callback" arguments must be specified`},
		{`dns.lookupService('127.0.0.1', 22, 5)`, `ERR_INVALID_ARG_TYPE The "callback" argument must be of type function. Received type number (5)`},
		{`dns.setDefaultResultOrder('x')`, `ERR_INVALID_ARG_VALUE The argument 'dnsOrder' must be one of: 'verbatim', 'ipv4first', 'ipv6first'. Received 'x'`},
	}
	var src strings.Builder
	src.WriteString("local dns = require('dns')\nlocal f = function() end\n")
	for _, c := range cases {
		src.WriteString("print(select(2, pcall(function() " + c.call + " end)).code .. ' ' .. select(2, pcall(function() " + c.call + " end)).message)\n")
	}
	out := runLua(t, shortLimit, src.String()).wantClean(t).Out
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for i, c := range cases {
		if i >= len(lines) || lines[i] != c.want {
			got := "(nothing)"
			if i < len(lines) {
				got = lines[i]
			}
			t.Errorf("%s\n got: %s\nwant: %s", c.call, got, c.want)
		}
	}
}
