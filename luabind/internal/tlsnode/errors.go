package tlsnode

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"reflect"
	"strings"
	"syscall"
)

// SSLError is a TLS failure as Node reports an OpenSSL error: code
// ERR_SSL_<REASON>, library "SSL routines", reason, and a message in
// OpenSSL's form (without the thread id and source path Node's carries).
type SSLError struct {
	Code, Message, Library, Reason string
}

// Error returns the message as Node shows it.
func (e *SSLError) Error() string { return e.Message }

// Disconnected reports whether err means the peer went away (EOF, a
// reset, a broken pipe) rather than speaking bad TLS: Node reports those
// during a handshake as ECONNRESET.
func Disconnected(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// alertReasons are OpenSSL's reason texts for alerts received; the
// reason number is 1000 + the alert's.
var alertReasons = map[uint8]string{
	0: "sslv3 alert close notify", 10: "sslv3 alert unexpected message", 20: "sslv3 alert bad record mac",
	21: "tlsv1 alert decryption failed", 22: "tlsv1 alert record overflow",
	30: "sslv3 alert decompression failure", 40: "sslv3 alert handshake failure",
	41: "sslv3 alert no certificate", 42: "sslv3 alert bad certificate",
	43: "sslv3 alert unsupported certificate", 44: "sslv3 alert certificate revoked",
	45: "sslv3 alert certificate expired", 46: "sslv3 alert certificate unknown",
	47: "sslv3 alert illegal parameter", 48: "tlsv1 alert unknown ca", 49: "tlsv1 alert access denied",
	50: "tlsv1 alert decode error", 51: "tlsv1 alert decrypt error", 60: "tlsv1 alert export restriction",
	70: "tlsv1 alert protocol version", 71: "tlsv1 alert insufficient security",
	80: "tlsv1 alert internal error", 86: "tlsv1 alert inappropriate fallback",
	90: "tlsv1 alert user cancelled", 100: "tlsv1 alert no renegotiation",
	109: "tlsv13 alert missing extension", 110: "tlsv1 unsupported extension",
	111: "tlsv1 certificate unobtainable", 112: "tlsv1 unrecognized name",
	113: "tlsv1 bad certificate status response", 114: "tlsv1 bad certificate hash value",
	115: "tlsv1 alert unknown psk identity", 116: "tlsv13 alert certificate required",
	120: "tlsv1 alert no application protocol",
}

// localReasons are Go's own handshake failures with OpenSSL's word for
// the same failure and its reason number.
var localReasons = []struct {
	goText, reason, fn string
	num                int
}{
	{"unsupported versions", "unsupported protocol", "tls_early_post_process_client_hello", 0x102},
	{"unsupported protocol version", "unsupported protocol", "tls_process_server_hello", 0x102},
	{"no cipher suite supported", "no shared cipher", "tls_post_process_client_hello", 0xC1},
	{"no mutually supported", "no shared cipher", "tls_post_process_client_hello", 0xC1},
	{"unsupported application protocols", "no application protocol", "tls_handle_alpn", 0xEB},
	{"didn't provide a certificate", "peer did not return a certificate", "tls_process_client_certificate", 0xC7},
	{"unadvertised ALPN", "bad extension", "tls_parse_stoc_alpn", 0x6E},
	{"failed to parse certificate", "bad certificate", "tls_process_server_certificate", 0x182},
	{"unsupported SSLv2", "wrong version number", "ssl3_get_record", 0x10B},
}

// HandshakeError maps a failed handshake (or a later record error) to
// Node's error for the same failure with OpenSSL: an alert the peer sent
// as ERR_SSL_<ALERT> with "SSL alert number N", a peer that does not
// speak TLS as ERR_SSL_WRONG_VERSION_NUMBER (ERR_SSL_HTTP_REQUEST when
// a server got plain HTTP), Go's local failures as OpenSSL's reasons.
// It returns nil for a disconnect (see Disconnected) and for errors it
// cannot name.
func HandshakeError(err error, server bool) *SSLError {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "remote error" {
		if n, ok := alertNumber(op.Err); ok {
			reason, known := alertReasons[n]
			if !known {
				reason = fmt.Sprintf("reason(%d)", 1000+int(n))
			}
			return sslError(1000+int(n), "ssl3_read_bytes", reason, fmt.Sprintf("SSL alert number %d", n))
		}
	}
	var rh tls.RecordHeaderError
	if errors.As(err, &rh) {
		if server && isHTTPMethod(rh.RecordHeader[:]) {
			return sslError(0x9C, "ssl3_get_record", "http request", "")
		}
		return sslError(0x10B, "ssl3_get_record", "wrong version number", "")
	}
	if Disconnected(err) || errors.Is(err, net.ErrClosed) {
		return nil
	}
	msg := err.Error()
	for _, r := range localReasons {
		if strings.Contains(msg, r.goText) {
			return sslError(r.num, r.fn, r.reason, "")
		}
	}
	if n, ok := alertNumber(err); ok {
		// A local failure Go answered with an alert: the alert's reason.
		if reason, known := alertReasons[n]; known {
			return sslError(1000+int(n), "ssl3_read_bytes", reason, "")
		}
	}
	return nil
}

// alertNumber reads the alert number from crypto/tls's unexported alert
// type (a uint8) or the exported AlertError.
func alertNumber(err error) (uint8, bool) {
	var ae tls.AlertError
	if errors.As(err, &ae) {
		return uint8(ae), true
	}
	v := reflect.ValueOf(err)
	if v.Kind() == reflect.Uint8 && v.Type().PkgPath() == "crypto/tls" {
		return uint8(v.Uint()), true
	}
	return 0, false
}

func sslError(num int, fn, reason, detail string) *SSLError {
	msg := fmt.Sprintf("error:%08X:SSL routines:%s:%s:", 0x0A000000+num, fn, reason)
	if detail != "" {
		msg += detail
	}
	code := "ERR_SSL_" + strings.ToUpper(strings.NewReplacer(" ", "_", "-", "_").Replace(reason))
	return &SSLError{Code: code, Message: msg, Library: "SSL routines", Reason: reason}
}

func isHTTPMethod(b []byte) bool {
	for _, m := range []string{"GET ", "POST ", "HEAD ", "PUT ", "DELETE", "OPTIONS", "PATCH", "CONNECT"} {
		if len(b) >= 4 && strings.HasPrefix(m, string(b[:min(len(b), len(m))])) {
			return true
		}
	}
	return false
}
