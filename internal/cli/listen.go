package cli

// listenMode is netsh listen: accept and print what arrives (stdin goes
// back), as `ncat -l`, or run the Lua handler per connection, as ncat's
// --lua-exec.
var listenMode = &mode{
	usage: "netsh listen PORT [HOST] [-u] [-k] [-x] [-C] [-e CODE | --exec FILE.lua]",
	parse: parseListen,
}

var listenFlags = flagSet{
	bools: map[string]string{"-u": "udp", "--udp": "udp", "-k": "keep", "--keep-open": "keep",
		"-x": "hex", "--hex-dump": "hex", "-C": "crlf", "--crlf": "crlf"},
	values: map[string]string{"-e": "code", "--exec": "execFile"},
}

func parseListen(args []string) (modeOpts, error) {
	o := modeOpts{}
	ops, err := listenFlags.parse(args, o)
	if err != nil {
		return nil, err
	}
	switch len(ops) {
	case 0:
		return nil, usagef("missing PORT (0 for any free port)")
	case 1, 2:
	default:
		return nil, usagef("unexpected %q after the host", ops[2])
	}
	port, err := portArg(ops[0], "PORT")
	if err != nil {
		return nil, err
	}
	o["port"] = port
	if len(ops) == 2 {
		if ops[1] == "" {
			return nil, usagef("empty HOST")
		}
		o["host"] = ops[1]
	}
	return o, codeOpts(o)
}
