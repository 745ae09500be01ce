package luabind

import (
	"strconv"
	"strings"
)

// parseNumber parses a number the way Lua's tonumber does for decimal and
// hex strings.
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		n, err := strconv.ParseUint(s[2:], 16, 64)
		return float64(n), err
	}
	return strconv.ParseFloat(s, 64)
}
