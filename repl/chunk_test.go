package repl

import (
	"reflect"
	"testing"
)

func TestRewriteLocals(t *testing.T) {
	cases := []struct{ in, want string }{
		{"local x = 1", " x = 1"},
		{"local a, b = 1, 2", " a, b = 1, 2"},
		{"local x", " x = nil"},
		{"local a, b", " a, b = nil"},
		{"local x; print(x)", " x = nil; print(x)"},
		{"local function f() local y = 1 return y end", " function f() local y = 1 return y end"},
		{"do local z = 1 end local w = 2", "do local z = 1 end  w = 2"},
		{"if c then local q = 1 end", "if c then local q = 1 end"},
		{"while c do local q = 1 end local r = 2", "while c do local q = 1 end  r = 2"},
		{"repeat local q = 1 until q local r", "repeat local q = 1 until q  r = nil"},
		{"s = 'local x' -- local y", "s = 'local x' -- local y"},
		{"s = [[local x]] local t = 1", "s = [[local x]]  t = 1"},
		{"local x == 1", " x = nil == 1"}, // broken input stays broken
		{"f = function() local a end local b = a", "f = function() local a end  b = a"},
	}
	for _, c := range cases {
		if got := rewriteLocals(c.in); got != c.want {
			t.Errorf("rewriteLocals(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestClassify(t *testing.T) {
	cases := map[string]status{
		"1+1":                         complete,
		"x = 1":                       complete,
		"local x":                     complete,
		"=x":                          complete,
		"function f()":                incomplete,
		"function f()\nreturn 1":      incomplete,
		"function f()\nreturn 1\nend": complete,
		"if x then":                   incomplete,
		"foo(":                        incomplete,
		"t = {":                       incomplete,
		"return {":                    incomplete,
		"s = [[abc":                   incomplete,
		"--[[ comment":                incomplete,
		"x = ":                        incomplete,
		"x y":                         broken,
		"'abc":                        broken,
		"end":                         broken,
		"if x then else else end":     broken,
	}
	for src, want := range cases {
		if got := classify(src); got != want {
			t.Errorf("classify(%q) = %d, want %d", src, got, want)
		}
	}
}

func TestHistoryLine(t *testing.T) {
	cases := []struct {
		in   string
		want string
		ok   bool
	}{
		{"x = 1", "x = 1", true},
		{"function g()\n  return 11 -- eleven\nend", "function g() return 11 end", true},
		{"s = '--x'\nprint(s)", "s = '--x' print(s)", true},
		{"s = [[a\nb]]", "", false},
		{"--[[ a\nb ]] x = 1", "", false},
	}
	for _, c := range cases {
		got, ok := historyLine(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("historyLine(%q) = %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestSplitExpr(t *testing.T) {
	cases := []struct {
		in      string
		base    []string
		colon   bool
		partial string
		ok      bool
	}{
		{"pri", nil, false, "pri", true},
		{"x = string.fo", []string{"string"}, false, "fo", true},
		{"t:unr", []string{"t"}, true, "unr", true},
		{"a.b.c:d", []string{"a", "b", "c"}, true, "d", true},
		{"f().x", nil, false, "", false},
		{"print('str.fo", nil, false, "", false},
		{"a:b.c", nil, false, "", false},
		{"1.5", nil, false, "", false},
		{"", nil, false, "", true},
	}
	for _, c := range cases {
		base, colon, partial, ok := splitExpr(c.in)
		if !reflect.DeepEqual(base, c.base) || colon != c.colon || partial != c.partial || ok != c.ok {
			t.Errorf("splitExpr(%q) = %q, %v, %q, %v", c.in, base, colon, partial, ok)
		}
	}
}
