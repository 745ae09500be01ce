package cli

import (
	"os"
	"strings"
)

// The --tls flags every mode takes: --tls, --tls-insecure, --tls-sni NAME,
// --tls-alpn P1,P2, --tls-cert FILE, --tls-key FILE, --tls-ca FILE (any
// --tls-* implies --tls). They come off the arguments before the mode
// parses the rest; the files are read here, so a missing one is a usage
// error. The driver turns the result into tls.connect / tls.createServer
// options (common.lua: connectSocket, createServer); a server without a
// certificate makes a self-signed one and prints its fingerprint.

// tlsValueFlags are the --tls flags that take a value, by option key.
var tlsValueFlags = map[string]string{
	"--tls-sni": "sni", "--tls-alpn": "alpn", "--tls-cert": "cert", "--tls-key": "key", "--tls-ca": "ca",
}

// takeTLSFlags removes the --tls flags from args; tls is nil without any.
func takeTLSFlags(args []string) (rest []string, tls modeOpts, err error) {
	on := false
	t := modeOpts{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(a, "=")
		key, takesValue := tlsValueFlags[name]
		switch {
		case a == "--tls":
			on = true
		case a == "--tls-insecure":
			on, t["insecure"] = true, true
		case takesValue:
			if !hasValue {
				if i+1 >= len(args) {
					return nil, nil, usagef("%s needs a value", name)
				}
				i++
				value = args[i]
			}
			on = true
			if err := setTLSValue(t, key, value); err != nil {
				return nil, nil, err
			}
		default:
			rest = append(rest, a)
		}
	}
	if !on {
		return rest, nil, nil
	}
	if (t["cert"] == nil) != (t["key"] == nil) {
		return nil, nil, usageError{"a TLS certificate needs both --tls-cert and --tls-key"}
	}
	return rest, t, nil
}

func setTLSValue(t modeOpts, key, value string) error {
	switch key {
	case "sni":
		t[key] = value
	case "alpn":
		t[key] = strings.Split(value, ",")
	default: // a PEM file
		b, err := os.ReadFile(value)
		if err != nil {
			return usagef("cannot read %s: %v", value, unwrapPathErr(err))
		}
		t[key] = string(b)
	}
	return nil
}
