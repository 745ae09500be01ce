package luabind

import (
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
)

// gopher-lua reads numbers with Go's strconv: literals with ParseInt in
// base 0, so 00012 was octal (10, not 12), and an overflowing literal such
// as 1e309 became NaN instead of infinity; tonumber took an exponent only
// after a dot ("1.5e3" but not "1e3", "1E5" or "-2e-2") and gave nil for
// "1e309". netsh reads both as Lua 5.1's luaO_str2d does, and sets math.huge to infinity (gopher-lua's is the largest
// double, so math.huge == 1/0 was false).

var (
	decimalNumber = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)
	hexNumber     = regexp.MustCompile(`^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?$`)
	namedNumber   = regexp.MustCompile(`(?i)^[+-]?(inf|infinity|nan)$`)
)

// str2d converts s as Lua 5.1 converts a numeral with the C library's
// strtod (glibc's, as lua5.1 on Linux): surrounding white space allowed,
// decimal with optional exponent (out of range: ±inf or 0), hexadecimal
// with optional fraction and binary exponent, inf and nan.
func str2d(s string) (float64, bool) {
	if v, ok := plainInteger(s); ok {
		return v, true // the common case (a length, a port, a count), without the patterns
	}
	s = strings.Trim(s, " \t\n\v\f\r")
	switch {
	case decimalNumber.MatchString(s), namedNumber.MatchString(s):
	case hexNumber.MatchString(s):
		if !strings.ContainsAny(s, "pP") {
			s += "p0" // Go reads a hex float only with its exponent
		}
	default:
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	return v, true
}

// plainInteger reads an optionally signed run of at most 15 decimal
// digits, which is exact in a float64 and means the same to strtod.
func plainInteger(s string) (float64, bool) {
	i := 0
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		i = 1
	}
	if len(s) == i || len(s)-i > 15 {
		return 0, false
	}
	var v int64
	for ; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	if s[0] == '-' {
		return -float64(v), true
	}
	return float64(v), true
}

// fixNumber rewrites a numeric literal to a form gopher-lua reads as the
// value Lua 5.1 gives it; infinity becomes 1/0.
func fixNumber(n *ast.NumberExpr) ast.Expr {
	v, ok := str2d(n.Value)
	if !ok {
		return n
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		one, zero := &ast.NumberExpr{Value: "1"}, &ast.NumberExpr{Value: "0"}
		div := &ast.ArithmeticOpExpr{Operator: "/", Lhs: one, Rhs: zero}
		for _, e := range []ast.Expr{one, zero, div} {
			e.SetLine(n.Line())
			e.SetLastLine(n.LastLine())
		}
		return div // a literal has no sign (-1e309 is -(1/0)) and no nan
	}
	n.Value = strconv.FormatFloat(v, 'g', -1, 64)
	return n
}

// installNumbers puts in netsh's tonumber and math.huge.
func (rt *Runtime) installNumbers() {
	L := rt.L
	if m, ok := L.GetGlobal("math").(*lua.LTable); ok {
		m.RawSetString("huge", lua.LNumber(math.Inf(1)))
	}
	orig, ok := L.GetGlobal("tonumber").(*lua.LFunction)
	if !ok {
		return
	}
	L.SetGlobal("tonumber", L.NewFunction(func(L *lua.LState) int {
		L.CheckAny(1)
		if s, ok := L.Get(1).(lua.LString); ok && L.Get(2) == lua.LNil {
			if v, ok := str2d(string(s)); ok {
				L.Push(rt.num(v)) // boxed without an allocation each
			} else {
				L.Push(lua.LNil)
			}
			return 1
		}
		return callThrough(L, orig) // a number, another type, or a base
	}))
}
