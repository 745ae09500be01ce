package luabind

import (
	"math"
	"strconv"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// FuzzFormat is util.format (console.log's formatting) on any format
// string and arguments, through a Runtime: it never panics and gives the
// same text twice; a lone string comes back as it is; %% is one %, and
// the arguments left over follow, one space apart; %s directives take
// string arguments in order; %d, %i and %f give a number as Node prints
// it. CI runs it for a few seconds; its seed corpus is in testdata/fuzz.
func FuzzFormat(f *testing.F) {
	rt := newUtilRuntime(f)
	f.Fuzz(func(t *testing.T, text, arg string, num float64, shape uint8) {
		str := func(s string) lua.LValue { return lua.LString(s) }
		if got := rt.Format([]lua.LValue{str(text)}); got != text {
			t.Fatalf("format(%q) = %q", text, got)
		}
		escaped := strings.ReplaceAll(text, "%", "%%")
		if got := rt.Format([]lua.LValue{str(escaped), str(arg)}); got != text+" "+arg {
			t.Fatalf("format(%q, %q) = %q, want %q", escaped, arg, got, text+" "+arg)
		}
		checkSubstitution(t, rt, text, arg)
		checkNumberDirectives(t, rt, num)

		args := mixedArgs(rt, text, arg, num, shape)
		first := rt.Format(args)
		if again := rt.Format(args); again != first {
			t.Fatalf("format of the same arguments gave %q, then %q", first, again)
		}
	})
}

// checkSubstitution splits text at '|' into the literal parts around %s
// directives and checks each takes its argument in turn.
func checkSubstitution(t *testing.T, rt *Runtime, text, arg string) {
	t.Helper()
	parts := strings.SplitN(text, "|", 8)
	format := strings.ReplaceAll(parts[0], "%", "%%")
	args := []lua.LValue{nil}
	want := parts[0]
	for i, p := range parts[1:] {
		a := arg + strconv.Itoa(i)
		format += "%s" + strings.ReplaceAll(p, "%", "%%")
		args = append(args, lua.LString(a))
		want += a + p
	}
	args[0] = lua.LString(format)
	if len(args) == 1 {
		return
	}
	if got := rt.Format(args); got != want {
		t.Fatalf("format(%q, ...) = %q, want %q", format, got, want)
	}
}

// checkNumberDirectives checks %d, %i and %f on a number against how
// Node prints it (String(x), -0 as "-0"; %i and %f read String(x) back,
// which makes -0 a 0 and cuts %i at an exponent or a fraction).
func checkNumberDirectives(t *testing.T, rt *Runtime, num float64) {
	t.Helper()
	n := lua.LNumber(num)
	format := func(d string) string { return rt.Format([]lua.LValue{lua.LString(d), n}) }
	if got, want := format("%d"), jsfmt.InspectNumber(num); got != want {
		t.Fatalf("format('%%d', %v) = %q, want %q", num, got, want)
	}
	if num == 0 {
		return
	}
	if got, want := format("%f"), jsfmt.InspectNumber(num); got != want {
		t.Fatalf("format('%%f', %v) = %q, want %q", num, got, want)
	}
	if num == math.Trunc(num) && math.Abs(num) < 1e21 {
		if got, want := format("%i"), jsfmt.InspectNumber(num); got != want {
			t.Fatalf("format('%%i', %v) = %q, want %q", num, got, want)
		}
	}
}

// mixedArgs is a format string and arguments of every kind, in an order
// shape picks: strings, a number, booleans, nil, a table with a cycle,
// a nested table, a Buffer.
func mixedArgs(rt *Runtime, text, arg string, num float64, shape uint8) []lua.LValue {
	tbl := rt.L.NewTable()
	tbl.RawSetString("a", lua.LString(arg))
	tbl.RawSetInt(1, lua.LNumber(num))
	tbl.RawSetString("self", tbl)
	nested := rt.L.NewTable()
	nested.RawSetString("t", tbl)
	nested.RawSetString(arg, lua.LTrue)
	kinds := []lua.LValue{
		lua.LString(arg), lua.LNumber(num), lua.LTrue, lua.LNil, tbl, nested,
		rt.L.NewTable(), rt.NewBuffer([]byte(arg)),
	}
	args := []lua.LValue{lua.LString(text)}
	for i := 0; i < 3; i++ {
		args = append(args, kinds[int(shape>>(i*2)+uint8(i))%len(kinds)])
	}
	return args
}
