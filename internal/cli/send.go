package cli

import (
	"strconv"
	"strings"
)

// sendMode is netsh send: one message or datagram, then the reply.
var sendMode = &mode{
	usage: `netsh send [-u] [HOST] PORT DATA... [-w SECS] [-x]   (DATA: words joined by spaces; \r \n \t \0 \\ \xHH)`,
	parse: parseSend,
}

var sendFlags = flagSet{
	bools:  map[string]string{"-u": "udp", "--udp": "udp", "-x": "hex", "--hex-dump": "hex"},
	values: map[string]string{"-w": "wait"},
}

// defaultSendWait is how long send waits for a reply, in seconds.
const defaultSendWait = "2"

func parseSend(args []string) (modeOpts, error) {
	o := modeOpts{}
	ops, err := sendFlags.parse(args, o)
	if err != nil {
		return nil, err
	}
	ops = defaultHost(ops)
	if len(ops) < 3 {
		return nil, usagef("missing %s", []string{"HOST, PORT and DATA", "PORT and DATA", "DATA"}[len(ops)])
	}
	port, err := portArg(ops[1], "PORT")
	if err != nil {
		return nil, err
	}
	if port == 0 || ops[0] == "" {
		return nil, usagef("send needs the host and port of a peer")
	}
	data, err := unescape(strings.Join(ops[2:], " "))
	if err != nil {
		return nil, err
	}
	o["host"], o["port"], o["data"] = ops[0], port, data
	if _, ok := o["wait"]; !ok {
		o["wait"] = defaultSendWait
	}
	return o, secondsOpt(o, "wait", "-w")
}

// unescape turns \r, \n, \t, \0, \\ and \xHH into their bytes; any
// other backslash is a usage error, so a typo never goes out as is.
func unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			return "", usagef(`DATA ends in a lone \: write \\ for a backslash`)
		}
		i++
		switch s[i] {
		case 'r':
			b.WriteByte('\r')
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '0':
			b.WriteByte(0)
		case '\\':
			b.WriteByte('\\')
		case 'x':
			hex := s[i+1 : min(i+3, len(s))]
			v, err := strconv.ParseUint(hex, 16, 8)
			if err != nil || len(hex) < 2 {
				return "", usagef(`bad escape \x%s in DATA: \x takes two hex digits`, hex)
			}
			b.WriteByte(byte(v))
			i += 2
		default:
			return "", usagef(`unknown escape \%c in DATA (known: \r \n \t \0 \\ \xHH)`, s[i])
		}
	}
	return b.String(), nil
}
