package luabind

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// assignCases are multiple assignments with what real Lua 5.1.5 prints
// for them (lua5.1 from Debian; TestAssignCasesAgainstLua51 re-checks the
// table against it). gopher-lua alone gets 13 of them wrong (#440).
var assignCases = []struct{ name, src, want string }{
	{"swap locals",
		`local a, b = 1, 2
a, b = b, a
print(a, b)
`,
		`2	1
`},
	{"issue 440: later values read the old value",
		`local a, b = 0, 0
a, b = a + 1, a + b
print(a, b)
`,
		`1	0
`},
	{"rotate three locals",
		`local a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
`,
		`3	1	2
`},
	{"fibonacci step in a loop",
		`local a, b = 0, 1
for i = 1, 10 do a, b = b, a + b end
print(a, b)
`,
		`55	89
`},
	{"swap globals",
		`x, y = 'x', 'y'
x, y = y, x
print(x, y)
`,
		`y	x
`},
	{"swap upvalues from a closure",
		`local a, b = 1, 2
local function sw() a, b = b, a end
sw()
print(a, b)
sw()
print(a, b)
`,
		`2	1
1	2
`},
	{"local, global and upvalue mixed",
		`local l = 'l'
g = 'g'
local function f()
  local inner = 'i'
  l, g, inner = g, inner, l
  return inner
end
print(f(), l, g)
`,
		`l	g	i
`},
	{"swap fields",
		`local t = {x = 1, y = 2}
t.x, t.y = t.y, t.x
print(t.x, t.y)
`,
		`2	1
`},
	{"swap array slots",
		`local t = {10, 20, 30}
t[1], t[3] = t[3], t[1]
print(t[1], t[2], t[3])
`,
		`30	20	10
`},
	{"manual 2.4.3: i, a[i] = i+1, 20",
		`local i = 3
local a = {}
i, a[i] = i + 1, 20
print(i, a[3], a[4])
`,
		`4	20	nil
`},
	{"index evaluated before the index variable changes",
		`local i = 1
local a = {}
a[i], i = 20, 2
print(i, a[1], a[2])
`,
		`2	20	nil
`},
	{"issue 315: field target after a name",
		`local a = {}
local d = 'e'
local f = 1
f, a.d = f, d
print(f, a.d)
`,
		`1	e
`},
	{"the table is taken before it is reassigned",
		`local t = {}
local old = t
t, t.x = {}, 1
print(old.x, t.x)
`,
		`1	nil
`},
	{"global table reassigned in the same statement",
		`T = {}
local old = T
T, T.x = {}, 'set'
print(old.x, T.x)
`,
		`set	nil
`},
	{"the key is taken before it is reassigned",
		`local k = 'a'
local t = {}
k, t[k] = 'b', 1
print(k, t.a, t.b)
`,
		`b	1	nil
`},
	{"a call last gives all its values",
		`local function f() return 1, 2, 3 end
local a, b, c
a, b, c = f()
print(a, b, c)
`,
		`1	2	3
`},
	{"a call last after other values",
		`local function f() return 1, 2, 3 end
local a, b, c
a, b, c = 0, f()
print(a, b, c)
`,
		`0	1	2
`},
	{"a call not last gives one value",
		`local function f() return 1, 2, 3 end
local a, b, c
a, b, c = f(), 0
print(a, b, c)
`,
		`1	0	nil
`},
	{"a parenthesised call gives one value",
		`local function f() return 1, 2, 3 end
local a, b = 'a', 'b'
a, b = (f())
print(a, b)
`,
		`1	nil
`},
	{"missing values are nil",
		`local a, b, c = 1, 2, 3
a, b, c = 9
print(a, b, c)
`,
		`9	nil	nil
`},
	{"extra values are still evaluated",
		`local n = 0
local function g() n = n + 1 return n end
local a, b
a, b = g(), g(), g(), g()
print(a, b, n)
`,
		`1	2	4
`},
	{"a call that returns nothing",
		`local function none() end
local a, b = 1, 2
a, b = none()
print(a, b)
a, b = 5, none()
print(a, b)
`,
		`nil	nil
5	nil
`},
	{"varargs fill the targets",
		`local function f(...)
  local a, b, c = 'a', 'b', 'c'
  a, b, c = ...
  return a, b, c
end
print(f(1, 2, 3, 4))
print(f(1))
print(f())
`,
		`1	2	3
1	nil	nil
nil	nil	nil
`},
	{"varargs after a value",
		`local function f(...)
  local a, b, c
  a, b, c = 0, ...
  return a, b, c
end
print(f(1, 2, 3))
print(f())
`,
		`0	1	2
0	nil	nil
`},
	{"varargs not last give one value",
		`local function f(...)
  local a, b, c
  a, b, c = ..., 'z'
  return a, b, c
end
print(f(1, 2, 3))
`,
		`1	z	nil
`},
	{"varargs swap into fields",
		`local function f(t, ...)
  t.a, t.b = ...
  return t
end
local t = f({}, 'A', 'B', 'C')
print(t.a, t.b)
`,
		`A	B
`},
	{"the same name twice: the leftmost wins",
		`local a
a, a = 1, 2
print(a)
b, b = 1, 2
print(b)
local t = {}
t.x, t.x = 1, 2
print(t.x)
`,
		`1
1
1
`},
	{"order: targets, then values, then assignment right to left",
		`local log = {}
local function trace(s, v) log[#log + 1] = s return v end
local mt = {__newindex = function(t, k, v) log[#log + 1] = 'set:' .. k .. '=' .. v rawset(t, k, v) end}
local t = setmetatable({}, mt)
t[trace('k1', 'a')], t[trace('k2', 'b')], t.c = trace('v1', 1), trace('v2', 2), trace('v3', 3)
print(table.concat(log, ' '))
print(t.a, t.b, t.c)
`,
		`k1 k2 v1 v2 v3 set:c=3 set:b=2 set:a=1
1	2	3
`},
	{"__index on a target's table runs once, before the values",
		`local log = {}
local inner = {}
local outer = setmetatable({}, {__index = function(_, k) log[#log + 1] = 'index ' .. k return inner end})
local v = 0
outer.p.q, v = 'Q', 1
print(inner.q, v, #log, log[1])
`,
		`Q	1	1	index p
`},
	{"a method call as the target's table",
		`local obj = {t = {}}
function obj:get() return self.t end
local y
obj:get().x, y = 1, 2
print(obj.t.x, y)
`,
		`1	2
`},
	{"swap through self in a method",
		`local P = {}
P.__index = P
function P:flip() self.x, self.y = self.y, self.x return self end
local p = setmetatable({x = 1, y = 2}, P)
p:flip()
print(p.x, p.y)
`,
		`2	1
`},
	{"nested fields swap",
		`local t = {a = {b = 1}, c = 2}
t.a.b, t.c = t.c, t.a.b
print(t.a.b, t.c)
`,
		`2	1
`},
	{"counter as key and value",
		`local t = {n = 1}
t[t.n], t.n = t.n, t.n + 1
t[t.n], t.n = t.n, t.n + 1
print(t[1], t[2], t.n)
`,
		`1	2	3
`},
	{"logical and concat operands",
		`local a, b = 'a', 'b'
a, b = b and a, a or b
print(a, b)
a, b = b .. a, a .. b
print(a, b)
`,
		`a	a
aa	aa
`},
	{"table constructors read the old values",
		`local a, b = 1, 2
a, b = {b}, {a}
print(a[1], b[1])
`,
		`2	1
`},
	{"a closure's results swap its upvalues",
		`local a, b = 1, 2
a, b = (function() return b, a end)()
print(a, b)
`,
		`2	1
`},
	{"parameters swap",
		`local function f(x, y) x, y = y, x return x, y end
print(f(1, 2))
`,
		`2	1
`},
	{"in loops and branches",
		`local a, b = 1, 2
local i = 0
while i < 3 do a, b = b, a; i = i + 1 end
print(a, b)
repeat a, b = b, a until true
print(a, b)
if a then a, b = b, a else a, b = 0, 0 end
print(a, b)
for k = 1, 2 do local x, y = k, -k; x, y = y, x; print(x, y) end
for _, v in ipairs({1}) do a, b = b, v end
print(a, b)
`,
		`2	1
1	2
2	1
-1	1
-2	2
1	1
`},
	{"inside table constructors and nested functions",
		`local t = {f = function(p, q) p, q = q, p return p, q end}
print(t.f(1, 2))
local function outer()
  local function inner(m, n)
    m, n = n, m
    return function() m, n = n, m return m, n end
  end
  return inner(1, 2)
end
local c = outer()
print(c())
print(c())
`,
		`2	1
1	2
2	1
`},
	{"string results into two targets",
		`local s, n = 'a.b.c', 0
s, n = s:gsub('%.', '/')
print(s, n)
`,
		`a/b/c	2
`},
	{"ten targets rotate",
		`local a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 = a10, a1, a2, a3, a4, a5, a6, a7, a8, a9
print(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10)
`,
		`10	1	2	3	4	5	6	7	8	9
`},
	{"fewer values into fields and globals",
		`local t = {a = 1, b = 2}
G1, t.a, t.b = 'g'
print(G1, t.a, t.b)
`,
		`g	nil	nil
`},
	{"single assignments are unchanged",
		`local a = 1
a = {a}
print(a[1])
local b = 1
b = b and {b}
print(b[1])
local s = 'x'
s = s .. s
print(s)
`,
		`1
1
xx
`},
	{"local statements read the outer names",
		`local a, b = 1, 2
do local a, b = b, a; print(a, b) end
print(a, b)
`,
		`2	1
1	2
`},
	{"a global and a local with the same value swap",
		`local t = {}
t.v, gv = 1, 2
t.v, gv = gv, t.v
print(t.v, gv)
`,
		`2	1
`},
	{"numbers as keys and negative indexes",
		`local t = {}
t[1], t[-1], t[1.5] = 'a', 'b', 'c'
t[1], t[-1] = t[-1], t[1]
print(t[1], t[-1], t[1.5])
`,
		`b	a	c
`},
	{"assignments in coroutines",
		`local co = coroutine.create(function(a, b)
  a, b = b, a
  a, b = coroutine.yield(a, b)
  return b, a
end)
print(coroutine.resume(co, 1, 2))
print(coroutine.resume(co, 3, 4))
`,
		`true	2	1
true	4	3
`},
	{"an upvalue read after a call that changes it",
		`local a = 1
local function bump() a = 10 return 0 end
local b
b, a = bump(), a
print(a, b)
`,
		`10	0
`},
}

// TestMultipleAssignment runs every case through netsh (Compile's rewrite
// of multiple assignments) and compares with Lua 5.1's output.
func TestMultipleAssignment(t *testing.T) {
	for _, c := range assignCases {
		t.Run(c.name, func(t *testing.T) {
			r := runLua(t, 10*time.Second, c.src)
			if r.Err != "" || r.Code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", r.Code, r.Err)
			}
			if r.Out != c.want {
				t.Fatalf("netsh printed:\n%s\nLua 5.1 prints:\n%s", r.Out, c.want)
			}
		})
	}
}

// TestAssignCasesAgainstLua51 keeps the baked table honest: each case's
// expected text is what lua5.1 prints now. CI installs lua5.1.
func TestAssignCasesAgainstLua51(t *testing.T) {
	lua, err := exec.LookPath("lua5.1")
	if err != nil {
		t.Skip("lua5.1 is not installed (apt-get install lua5.1); the baked table still ran in TestMultipleAssignment")
	}
	for _, c := range assignCases {
		cmd := exec.Command(lua, "-")
		cmd.Stdin = strings.NewReader(c.src)
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("%s: lua5.1: %v", c.name, err)
			continue
		}
		if string(out) != c.want {
			t.Errorf("%s: lua5.1 prints %q, the table says %q", c.name, out, c.want)
		}
	}
}
