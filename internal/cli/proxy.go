package cli

import (
	"net"
	"strconv"
	"strings"
)

// proxyMode is netsh proxy: a TCP (or -u UDP) relay that injects faults
// per direction, with Lua hooks that rewrite or drop messages.
var proxyMode = &mode{
	usage: "netsh proxy LISTEN_PORT [TARGET_HOST:]TARGET_PORT [--delay MS] [--jitter MS] [--throttle BYTES/S] " +
		"[--fragment N] [--drop-after BYTES] [--reset-after BYTES] [-u [--loss P]] [--seed N] [-x] " +
		"[--exec FILE.lua | -e CODE]   (each fault: VALUE for both directions, or up:VALUE / down:VALUE)",
	parse: parseProxy,
}

// proxyFaults are the fault flags: the flag, its option and how its
// value reads.
var proxyFaults = []struct {
	flag, opt string
	parse     func(string) (float64, bool)
	tcpOnly   bool
	udpOnly   bool
}{
	{"--delay", "delay", nonNegative, false, false},
	{"--jitter", "jitter", nonNegative, false, false},
	{"--throttle", "throttle", byteCount(1), false, false},
	{"--fragment", "fragment", byteCount(1), true, false},
	{"--drop-after", "dropAfter", byteCount(0), true, false},
	{"--reset-after", "resetAfter", byteCount(0), true, false},
	{"--loss", "loss", probability, false, true},
}

var proxyFlags = func() flagSet {
	fs := flagSet{
		bools:  map[string]string{"-u": "udp", "--udp": "udp", "-x": "hex", "--hex-dump": "hex"},
		values: map[string]string{"--seed": "seed", "-e": "code", "--exec": "execFile"},
		lists:  map[string]string{},
	}
	for _, f := range proxyFaults {
		fs.lists[f.flag] = f.opt
	}
	return fs
}()

func parseProxy(args []string) (modeOpts, error) {
	o := modeOpts{}
	ops, err := proxyFlags.parse(args, o)
	if err != nil {
		return nil, err
	}
	if len(ops) != 2 {
		if len(ops) < 2 {
			return nil, usagef("missing %s", []string{"LISTEN_PORT and TARGET_HOST:TARGET_PORT", "TARGET_HOST:TARGET_PORT"}[len(ops)])
		}
		return nil, usagef("unexpected %q after the target", ops[2])
	}
	port, err := portArg(ops[0], "LISTEN_PORT")
	if err != nil {
		return nil, err
	}
	target := ops[1]
	if _, err := strconv.Atoi(target); err == nil {
		target = ":" + target // a port alone: on this machine
	}
	host, tport, err := net.SplitHostPort(target)
	if host == "" {
		host = defaultHostName
	}
	if err != nil {
		return nil, usagef("bad target %q: write TARGET_HOST:TARGET_PORT ([::1]:80 for IPv6)", ops[1])
	}
	tp, err := portArg(tport, "TARGET_PORT")
	if err != nil || tp == 0 {
		return nil, usagef("bad target port %q", tport)
	}
	o["port"], o["targetHost"], o["targetPort"] = port, host, tp
	if err := proxyFaultOpts(o); err != nil {
		return nil, err
	}
	if s, ok := o["seed"].(string); ok {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 || n > 1<<52 {
			return nil, usagef("bad --seed %q: a whole number", s)
		}
		o["seed"] = n
	}
	return o, codeOpts(o)
}

// proxyFaultOpts turns the fault flags into faults = {up = {...},
// down = {...}}, each value for both directions or the one its up: or
// down: prefix names; the last one given wins.
func proxyFaultOpts(o modeOpts) error {
	up, down := modeOpts{}, modeOpts{}
	udp := o["udp"] == true
	for _, f := range proxyFaults {
		vals, _ := o[f.opt].([]string)
		delete(o, f.opt)
		if len(vals) == 0 {
			continue
		}
		if f.tcpOnly && udp {
			return usagef("%s is for TCP: datagrams are never cut or reset", f.flag)
		}
		if f.udpOnly && !udp {
			return usagef("%s is for datagrams: add -u", f.flag)
		}
		for _, v := range vals {
			dirs := []modeOpts{up, down}
			if d, rest, ok := strings.Cut(v, ":"); ok {
				switch d {
				case "up":
					dirs = dirs[:1]
				case "down":
					dirs = dirs[1:]
				default:
					return usagef("bad %s %q: the direction is up: (client to target) or down:", f.flag, v)
				}
				v = rest
			}
			n, ok := f.parse(v)
			if !ok {
				return usagef("bad %s value %q", f.flag, v)
			}
			for _, d := range dirs {
				d[f.opt] = n
			}
		}
	}
	for _, d := range []modeOpts{up, down} {
		if _, ok := d["fragment"]; ok {
			d["gap"] = 1.0 // ms between fragments, so the peer reads them apart
		}
	}
	o["faults"] = modeOpts{"up": up, "down": down}
	return nil
}

func nonNegative(s string) (float64, bool) {
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && f >= 0 && f <= 86400e3
}

func probability(s string) (float64, bool) {
	if p, ok := strings.CutSuffix(s, "%"); ok {
		f, err := strconv.ParseFloat(p, 64)
		return f / 100, err == nil && f >= 0 && f <= 100
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && f >= 0 && f <= 1
}

// byteCount reads a count of bytes of at least lo, with an optional k, m
// or g suffix (powers of 1024).
func byteCount(lo int64) func(string) (float64, bool) {
	return func(s string) (float64, bool) {
		mult := int64(1)
		switch {
		case strings.HasSuffix(s, "k"), strings.HasSuffix(s, "K"):
			mult, s = 1<<10, s[:len(s)-1]
		case strings.HasSuffix(s, "m"), strings.HasSuffix(s, "M"):
			mult, s = 1<<20, s[:len(s)-1]
		case strings.HasSuffix(s, "g"), strings.HasSuffix(s, "G"):
			mult, s = 1<<30, s[:len(s)-1]
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < lo || n > (1<<50)/mult {
			return 0, false
		}
		return float64(n * mult), true
	}
}
