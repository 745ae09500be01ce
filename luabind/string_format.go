package luabind

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// string.format as Lua 5.1's str_format, conversion by conversion, with
// C's printf output for each (Lua hands each item to sprintf). gopher-lua
// passed the Lua values to Go's fmt.Sprintf: %u printed "%!u(int64=5)", %x
// of -1 "-1", %f of the string "2.5" "%!f(string=2.5)", a missing argument
// "%!s(MISSING)" instead of an error, infinity "+Inf"; and boxing every
// argument for fmt cost about a microsecond a call. %s takes any value
// through tostring (its __tostring too), as Lua 5.2 and later do, where
// Lua 5.1 refused all but strings and numbers, and keeps a string's zero
// bytes (5.1's sprintf cut the string at the first).

// installFormat puts luaStringFormat in place of gopher-lua's.
func installFormat(L *lua.LState) {
	if str, ok := L.GetGlobal("string").(*lua.LTable); ok {
		str.RawSetString("format", L.NewFunction(luaStringFormat))
	}
}

// quoteLua is s between double quotes as Lua 5.1's %q writes it (only ",
// \, newline, \r and \0 escaped), which reads back as the same string;
// gopher-lua wrote Go escapes (\t, \x00) that Lua 5.1 cannot read.
func quoteLua(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\', '\n':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\000`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// formatSpec is one conversion's flags, width and precision (-1: none).
type formatSpec struct {
	flags       string
	width, prec int
}

func luaStringFormat(L *lua.LState) int {
	f := L.CheckString(1)
	top := L.GetTop()
	arg := 1
	out := make([]byte, 0, len(f)+16)
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			out = append(out, f[i])
			continue
		}
		i++
		if i < len(f) && f[i] == '%' {
			out = append(out, '%')
			continue
		}
		arg++
		if arg > top {
			L.ArgError(arg, "no value")
		}
		var sp formatSpec
		sp, i = scanFormat(L, f, i)
		conv := byte(0)
		if i < len(f) {
			conv = f[i]
		}
		switch conv {
		case 'c':
			out = sp.pad(out, []byte{byte(int(L.CheckNumber(arg)))}, false)
		case 'd', 'i':
			out = sp.integer(out, int64(L.CheckNumber(arg)))
		case 'o', 'u', 'x', 'X':
			out = sp.unsigned(out, conv, toUnsigned(float64(L.CheckNumber(arg))))
		case 'e', 'E', 'f', 'g', 'G':
			out = sp.float(out, conv, float64(L.CheckNumber(arg)))
		case 'q':
			out = append(out, quoteLua(L.CheckString(arg))...)
		case 's':
			var s string
			switch v := L.Get(arg).(type) {
			case lua.LString:
				s = string(v)
			case lua.LNumber:
				s = v.String()
			default:
				s = L.ToStringMeta(v).String()
			}
			if sp.prec >= 0 && sp.prec < len(s) {
				s = s[:sp.prec]
			}
			out = sp.pad(out, []byte(s), false)
		case 0: // the format ends after '%' and its flags
			L.RaiseError("invalid option '%s' to 'format'", "%")
		default:
			L.RaiseError("invalid option '%%%c' to 'format'", conv)
		}
	}
	L.Push(lua.LString(out))
	return 1
}

// scanFormat reads the flags, width and precision of the conversion at
// f[i:] as Lua 5.1's scanformat does (five flags, two digits each at
// most) and returns them with the index of the conversion letter.
func scanFormat(L *lua.LState, f string, i int) (formatSpec, int) {
	sp := formatSpec{width: -1, prec: -1}
	start := i
	for i < len(f) && (f[i] == '-' || f[i] == '+' || f[i] == ' ' || f[i] == '#' || f[i] == '0') {
		i++
	}
	if i-start > 5 {
		L.RaiseError("invalid format (repeated flags)")
	}
	sp.flags = f[start:i]
	digits := func() int {
		n, d := 0, 0
		for d < 2 && i < len(f) && f[i] >= '0' && f[i] <= '9' {
			n = n*10 + int(f[i]-'0')
			i++
			d++
		}
		if d == 0 {
			return -1
		}
		return n
	}
	sp.width = digits()
	if i < len(f) && f[i] == '.' {
		i++
		if sp.prec = digits(); sp.prec < 0 {
			sp.prec = 0
		}
	}
	if i < len(f) && f[i] >= '0' && f[i] <= '9' {
		L.RaiseError("invalid format (width or precision too long)")
	}
	return sp, i
}

func (sp formatSpec) has(flag byte) bool {
	for i := 0; i < len(sp.flags); i++ {
		if sp.flags[i] == flag {
			return true
		}
	}
	return false
}

// pad appends s padded to the width: on the right with '-', else on the
// left with spaces, or zeros after any sign or 0x prefix when zeros is
// set.
func (sp formatSpec) pad(out, s []byte, zeros bool) []byte {
	n := sp.width - len(s)
	switch {
	case n <= 0:
		return append(out, s...)
	case sp.has('-'):
		out = append(out, s...)
		for ; n > 0; n-- {
			out = append(out, ' ')
		}
		return out
	case zeros:
		lead := 0
		if len(s) > 0 && (s[0] == '-' || s[0] == '+' || s[0] == ' ') {
			lead = 1
		}
		if len(s) > lead+1 && s[lead] == '0' && (s[lead+1] == 'x' || s[lead+1] == 'X') {
			lead += 2
		}
		out = append(out, s[:lead]...)
		for ; n > 0; n-- {
			out = append(out, '0')
		}
		return append(out, s[lead:]...)
	}
	for ; n > 0; n-- {
		out = append(out, ' ')
	}
	return append(out, s...)
}

// integer is %d: a sign (or '+', ' '), the precision's leading zeros,
// then padding.
func (sp formatSpec) integer(out []byte, v int64) []byte {
	if sp.flags == "" && sp.width < 0 && sp.prec < 0 {
		return strconv.AppendInt(out, v, 10)
	}
	var digits []byte
	if v < 0 {
		digits = strconv.AppendUint(nil, uint64(-v), 10) // -MinInt64 wraps to itself, as an unsigned magnitude
	} else {
		digits = strconv.AppendUint(nil, uint64(v), 10)
	}
	sign := ""
	switch {
	case v < 0:
		sign = "-"
	case sp.has('+'):
		sign = "+"
	case sp.has(' '):
		sign = " "
	}
	return sp.pad(out, sp.precise(sign, digits, v == 0), sp.has('0') && sp.prec < 0)
}

// precise is sign, then digits widened to the precision with zeros; a
// zero value with precision 0 has no digits, as in C.
func (sp formatSpec) precise(prefix string, digits []byte, zero bool) []byte {
	if sp.prec == 0 && zero {
		digits = nil
	}
	s := make([]byte, 0, len(prefix)+len(digits)+max(sp.prec, 0))
	s = append(s, prefix...)
	for n := sp.prec - len(digits); n > 0; n-- {
		s = append(s, '0')
	}
	return append(s, digits...)
}

// toUnsigned converts as gcc's (unsigned long) cast does on x86-64, where
// Lua 5.1 runs: a negative value through its two's complement, 2^64 and
// beyond (infinity too) to 0.
func toUnsigned(f float64) uint64 {
	switch {
	case f >= 1<<64:
		return 0
	case f >= 1<<63:
		return uint64(f)
	}
	return uint64(int64(f))
}

// unsigned is %o, %u, %x and %X; '#' adds C's 0 or 0x prefix (none for
// zero, as in C), and '+' and ' ' do nothing.
func (sp formatSpec) unsigned(out []byte, conv byte, v uint64) []byte {
	base := 16
	switch conv {
	case 'o':
		base = 8
	case 'u':
		base = 10
	}
	digits := strconv.AppendUint(nil, v, base)
	if conv == 'X' {
		for i, c := range digits {
			if c >= 'a' && c <= 'f' {
				digits[i] = c - 'a' + 'A'
			}
		}
	}
	if sp.flags == "" && sp.width < 0 && sp.prec < 0 {
		return append(out, digits...)
	}
	prefix := ""
	if sp.has('#') && v != 0 {
		switch conv {
		case 'x':
			prefix = "0x"
		case 'X':
			prefix = "0X"
		case 'o':
			if sp.prec <= len(digits) {
				prefix = "0"
			}
		}
	}
	zero := v == 0 && !(conv == 'o' && sp.has('#')) // C's %#.0o of 0 is still "0"
	return sp.pad(out, sp.precise(prefix, digits, zero), sp.has('0') && sp.prec < 0)
}

// float is %e, %E, %f, %g and %G with C's default precision of 6 and its
// inf and nan.
func (sp formatSpec) float(out []byte, conv byte, v float64) []byte {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		s := "inf"
		if math.IsNaN(v) {
			s = "nan"
		}
		if conv == 'E' || conv == 'G' {
			s = strings.ToUpper(s)
		}
		switch {
		case math.Signbit(v):
			s = "-" + s
		case sp.has('+'):
			s = "+" + s
		case sp.has(' '):
			s = " " + s
		}
		return sp.pad(out, []byte(s), false)
	}
	prec := sp.prec
	if prec < 0 {
		prec = 6
	}
	if sp.flags == "" && sp.width < 0 && conv != 'g' && conv != 'G' {
		return strconv.AppendFloat(out, v, conv, prec, 64)
	}
	// Go's fmt writes what C's printf writes for these verbs once the
	// precision is given, flags and width included.
	verb := "%" + sp.flags
	if sp.width >= 0 {
		verb += strconv.Itoa(sp.width)
	}
	if conv == 'g' || conv == 'G' {
		prec = max(prec, 1) // C: a precision of 0 is 1 significant digit
	}
	verb += "." + strconv.Itoa(prec) + string(conv)
	return fmt.Appendf(out, verb, v)
}
