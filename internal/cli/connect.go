package cli

// connectMode is netsh connect: stdin and stdout joined to a socket, as
// `ncat HOST PORT`, or the socket handed to Lua.
var connectMode = &mode{
	usage: "netsh connect [HOST] PORT [-u] [-C] [-x] [-q SECS] [-e CODE | --exec FILE.lua]",
	parse: parseConnect,
}

var connectFlags = flagSet{
	bools: map[string]string{"-u": "udp", "--udp": "udp", "-C": "crlf", "--crlf": "crlf",
		"-x": "hex", "--hex-dump": "hex"},
	values: map[string]string{"-q": "quit", "-e": "code", "--exec": "execFile"},
}

func parseConnect(args []string) (modeOpts, error) {
	o := modeOpts{}
	ops, err := connectFlags.parse(args, o)
	if err != nil {
		return nil, err
	}
	ops = defaultHost(ops)
	switch len(ops) {
	case 0:
		return nil, usagef("missing HOST and PORT")
	case 1:
		return nil, usagef("missing PORT after %s", ops[0])
	case 2:
	default:
		return nil, usagef("unexpected %q after the port", ops[2])
	}
	if ops[0] == "" {
		return nil, usagef("missing HOST")
	}
	port, err := portArg(ops[1], "PORT")
	if err != nil {
		return nil, err
	}
	if port == 0 {
		return nil, usagef("bad PORT 0: connect needs the port the peer listens on")
	}
	o["host"], o["port"] = ops[0], port
	if err := secondsOpt(o, "quit", "-q"); err != nil {
		return nil, err
	}
	return o, codeOpts(o)
}
