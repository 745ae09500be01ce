package luabind

import (
	"io"
	"strconv"
	"strings"
	"syscall"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// utilNodeCases pair a Lua expression with what Node 20 printed for the
// same value written in JavaScript (generated once with node; the tests do
// not run it). Where netsh deliberately differs (key order, nil, function
// names) the JavaScript was written to produce netsh's intended output:
// see the notes at the top of util_inspect.go.
var utilNodeCases = []struct{ lua, want string }{
	{"util.format('%s', {a={b=1}})",
		"{ a: [Object] }"},
	{"util.format('%s', {1,{2,{3}}})",
		"[ 1, [Array] ]"},
	{"util.format('%s', Buffer.from('abc'))",
		"abc"},
	{"util.format('%s', -0.0)",
		"-0"},
	{"util.format('%s %s', nil, true)",
		"nil true"},
	{"util.format('%s', 'it\\'s')",
		"it's"},
	{"util.format('%s', 1.5)",
		"1.5"},
	{"util.format('%o', {1,2})",
		"[ 1, 2, [length]: 2 ]"},
	{"util.format('%o', {a={b={c={d={e={f=1}}}}}})",
		"{\n  a: {\n    b: { c: { d: { e: [Object] } } }\n  }\n}"},
	{"util.format('%O', {a={b={c={d=1}}}})",
		"{ a: { b: { c: [Object] } } }"},
	{"util.format('%j', {a={1,2,{b=\"x\\ny\\1\"}}, f=function() end, n=0/0})",
		"{\"a\":[1,2,{\"b\":\"x\\ny\\u0001\"}],\"n\":null}"},
	{"util.format('%j', nil)",
		"undefined"},
	{"util.format('%j', 'str\"q')",
		"\"str\\\"q\""},
	{"util.format('%j', {})",
		"{}"},
	{"util.format('%j', Buffer.from('hi'))",
		"{\"type\":\"Buffer\",\"data\":[104,105]}"},
	{"util.format('%j', {x=1/0, y=-0.0, z=1e21})",
		"{\"x\":null,\"y\":0,\"z\":1e+21}"},
	{"util.format('%j', (function() local t = {} t.t = t return t end)())",
		"[Circular]"},
	{"util.format('%%')",
		"%%"},
	{"util.format('%% %s')",
		"%% %s"},
	{"util.format('a%%b', 1)",
		"a%b 1"},
	{"util.format('%d %i %f', '12px', '42.9px', '1.5e3xyz')",
		"NaN 42 1500"},
	{"util.format('%d', '0x10')",
		"16"},
	{"util.format('%d', ' 12 ')",
		"12"},
	{"util.format('%d', '')",
		"0"},
	{"util.format('%d', true)",
		"1"},
	{"util.format('%d', {})",
		"NaN"},
	{"util.format('%d', nil)",
		"NaN"},
	{"util.format('%d', 42.5)",
		"42.5"},
	{"util.format('%d', '-Infinity')",
		"-Infinity"},
	{"util.format('%d', '1e3')",
		"1000"},
	{"util.format('%d', '.5')",
		"0.5"},
	{"util.format('%d', '5.')",
		"5"},
	{"util.format('%d', '0b101')",
		"5"},
	{"util.format('%i', -0.5)",
		"-0"},
	{"util.format('%i', 1e21)",
		"1"},
	{"util.format('%i', '0x1fz')",
		"31"},
	{"util.format('%i', '  -17.9')",
		"-17"},
	{"util.format('%i', 'abc')",
		"NaN"},
	{"util.format('%f', '  -1.25e-2abc')",
		"-0.0125"},
	{"util.format('%f', 'Infinityx')",
		"Infinity"},
	{"util.format('%f', '.e1')",
		"NaN"},
	{"util.format('%f', 3)",
		"3"},
	{"util.format('%x %s', 1)",
		"%x 1"},
	{"util.format('%s %s', 1)",
		"1 %s"},
	{"util.format('%c%s', 'color: red', 'x')",
		"x"},
	{"util.format('%s', 'a', 'b', 3, {c=4})",
		"a b 3 { c: 4 }"},
	{"util.format(1, 2, 'x')",
		"1 2 x"},
	{"util.format('no directives', {1})",
		"no directives [ 1 ]"},
	{"util.format('trailing %')",
		"trailing %"},
	{"util.format('trailing %', 1)",
		"trailing % 1"},
	{"util.format('%s:%d', 'host', 80, 'extra')",
		"host:80 extra"},
	{"util.format('Server: получено %d байтов от %s:%d\\n', 5, '127.0.0.1', 43210)",
		"Server: получено 5 байтов от 127.0.0.1:43210\n"},
	{"util.inspect(\"it's\")",
		"\"it's\""},
	{"util.inspect('it\\'s \"q\"')",
		"`it's \"q\"`"},
	{"util.inspect('it\\'s \"q\" `b`')",
		"'it\\'s \"q\" `b`'"},
	{"util.inspect('it\\'s \"q\" ${b}')",
		"'it\\'s \"q\" ${b}'"},
	{"util.inspect('a\\nb\\tc\\127\\194\\133\\194\\160\\\\')",
		"'a\\nb\\tc\\x7F\\x85 \\\\'"},
	{"util.inspect('\\0\\1\\8\\11\\12\\13\\27')",
		"'\\x00\\x01\\b\\x0B\\f\\r\\x1B'"},
	{"util.inspect('привет')",
		"'привет'"},
	{"util.inspect({['a-b']=1, [5]=2, [10]=3, _x=4})",
		"{ '5': 2, '10': 3, _x: 4, 'a-b': 1 }"},
	{"util.inspect({1,2,3, a=3})",
		"[ 1, 2, 3, a: 3 ]"},
	{"util.inspect({})",
		"{}"},
	{"util.inspect({{}})",
		"[ {} ]"},
	{"util.inspect(nil)",
		"nil"},
	{"util.inspect(true)",
		"true"},
	{"util.inspect(function() end)",
		"[Function (anonymous)]"},
	{"util.inspect({f=print})",
		"{ f: [Function: print] }"},
	{"util.inspect({f=function() end, [1]=function() end})",
		"[ [Function (anonymous)], f: [Function: f] ]"},
	{"util.inspect((function() local t = {} for i = 0, 29 do t[#t+1] = i*7 end return t end)())",
		"[\n    0,   7,  14,  21,  28,  35,  42,  49,\n   56,  63,  70,  77,  84,  91,  98, 105,\n  112, 119, 126, 133, 140, 147, 154, 161,\n  168, 175, 182, 189, 196, 203\n]"},
	{"util.inspect((function() local t = {} for i = 0, 7 do t[#t+1] = 'str'..i end return t end)())",
		"[\n  'str0', 'str1',\n  'str2', 'str3',\n  'str4', 'str5',\n  'str6', 'str7'\n]"},
	{"util.inspect((function() local t = {} for i = 0, 119 do t[#t+1] = i end return t end)())",
		"[\n   0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11,\n  12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,\n  24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,\n  36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,\n  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59,\n  60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,\n  72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83,\n  84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,\n  96, 97, 98, 99,\n  ... 20 more items\n]"},
	{"util.inspect((function() local t = {} for i = 0, 26 do t[#t+1] = i % 3 == 0 and 'x' or i end return t end)())",
		"[\n  'x', 1,   2,   'x', 4,   5,   'x', 7,\n  8,   'x', 10,  11,  'x', 13,  14,  'x',\n  16,  17,  'x', 19,  20,  'x', 22,  23,\n  'x', 25,  26\n]"},
	{"util.inspect({1,2,3,4,5,6,7})",
		"[\n  1, 2, 3, 4,\n  5, 6, 7\n]"},
	{"util.inspect({1,2,3,4,5,6})",
		"[ 1, 2, 3, 4, 5, 6 ]"},
	{"util.inspect({1,2,3,4,5,6,7,8,9,10, a=1})",
		"[\n  1, 2,  3,    4,\n  5, 6,  7,    8,\n  9, 10, a: 1\n]"},
	{"util.inspect({'a','bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'c', 'd', 'e', 'f', 'g'})",
		"[\n  'a',\n  'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',\n  'c',\n  'd',\n  'e',\n  'f',\n  'g'\n]"},
	{"util.inspect({{1,2},{3,4},{5,6},{7,8},{9,10},{11,12},{13,14}})",
		"[\n  [ 1, 2 ],\n  [ 3, 4 ],\n  [ 5, 6 ],\n  [ 7, 8 ],\n  [ 9, 10 ],\n  [ 11, 12 ],\n  [ 13, 14 ]\n]"},
	{"util.inspect({a={b={c={}}}})",
		"{ a: { b: { c: {} } } }"},
	{"util.inspect({a={b={c={d=1}}}})",
		"{ a: { b: { c: [Object] } } }"},
	{"util.inspect({a={b={c={1}}}})",
		"{ a: { b: { c: [Array] } } }"},
	{"util.inspect({a={b={c={d=1}}}}, {depth=0})",
		"{ a: [Object] }"},
	{"util.inspect({a={b={c={d=1}}}}, {depth=math.huge})",
		"{\n  a: { b: { c: { d: 1 } } }\n}"},
	{"util.inspect({a={b={c={d={e=1}}}}}, {depth=10})",
		"{\n  a: {\n    b: { c: { d: { e: 1 } } }\n  }\n}"},
	{"util.inspect((function() local c = {name='x'} c.self = c return c end)())",
		"<ref *1> { name: 'x', self: [Circular *1] }"},
	{"util.inspect((function() local d = {x={}} d.x.y = d.x d.z = d return d end)())",
		"<ref *2> { x: <ref *1> { y: [Circular *1] }, z: [Circular *2] }"},
	{"util.inspect((function() local a = {1} a[2] = a return a end)())",
		"<ref *1> [ 1, [Circular *1] ]"},
	{"util.inspect({aaaaaaaaaa='bbbbbbbbbbbbbbbbbb', cccccccccccc='dddddddddddddddd', eeeeeeeee='fffffffffff', g=1})",
		"{\n  aaaaaaaaaa: 'bbbbbbbbbbbbbbbbbb',\n  cccccccccccc: 'dddddddddddddddd',\n  eeeeeeeee: 'fffffffffff',\n  g: 1\n}"},
	{"util.inspect({aaaaaaaaaa='bbbbbbbbbbbbbbbbbb', cccccccccccc='dddddddddddddddd', eeeeeeeee='ffffff'})",
		"{\n  aaaaaaaaaa: 'bbbbbbbbbbbbbbbbbb',\n  cccccccccccc: 'dddddddddddddddd',\n  eeeeeeeee: 'ffffff'\n}"},
	{"util.inspect({s=string.rep('line one is long enough\\nline two is also long\\nthree', 2)})",
		"{\n  s: 'line one is long enough\\n' +\n    'line two is also long\\n' +\n    'threeline one is long enough\\n' +\n    'line two is also long\\n' +\n    'three'\n}"},
	{"util.inspect(string.rep('line one is long enough\\nline two is also long\\nthree\\n', 2))",
		"'line one is long enough\\n' +\n  'line two is also long\\n' +\n  'three\\n' +\n  'line one is long enough\\n' +\n  'line two is also long\\n' +\n  'three\\n'"},
	{"util.inspect({0.1, -0.0, 0/0, 1/0, -1/0, 1e21, 1e-7, 123456789012, 3.0})",
		"[ 0.1, -0, NaN, Infinity, -Infinity, 1e+21, 1e-7, 123456789012, 3 ]"},
	{"util.inspect({1.5e300, 2^53, 2^53+2, 0.000001, 1/3, -2.5e-8, 123e18, 1234e18})",
		"[\n  1.5e+300,\n  9007199254740992,\n  9007199254740994,\n  0.000001,\n  0.3333333333333333,\n  -2.5e-8,\n  123000000000000000000,\n  1.234e+21\n]"},
	{"util.inspect(Buffer.from(string.rep('\\1', 60)))",
		"<Buffer 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 ... 10 more bytes>"},
	{"util.inspect(Buffer.alloc(51))",
		"<Buffer 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ... 1 more byte>"},
	{"util.inspect(Buffer.alloc(0))",
		"<Buffer >"},
	{"util.inspect({b=Buffer.from('ECHO')})",
		"{ b: <Buffer 45 43 48 4f> }"},
	{"util.inspect({a=1,b='x'}, {compact=false})",
		"{\n  a: 1,\n  b: 'x'\n}"},
	{"util.inspect({a=1,b={c=2}}, {compact=true})",
		"{ a: 1, b: { c: 2 } }"},
	{"util.inspect({a=1,b={c=2}}, {breakLength=10})",
		"{\n  a: 1,\n  b: {\n    c: 2\n  }\n}"},
	{"util.inspect({a=1,b={c=2}}, {breakLength=10, compact=true})",
		"{ a: 1,\n  b: { c: 2 } }"},
	{"util.inspect({a=string.rep('x', 100)}, {breakLength=math.huge})",
		"{ a: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }"},
	{"util.inspect({1,2,3}, {maxArrayLength=2})",
		"[ 1, 2, ... 1 more item ]"},
	{"util.inspect(string.rep('ab', 10), {maxStringLength=5})",
		"'ababa'... 15 more characters"},
	{"util.inspect({[true]=1, [1.5]=2, [-1]=3, x=4})",
		"{ '-1': 3, x: 4, '1.5': 2, [true]: 1 }"},
	{"util.inspect({[1]='a', [3]='c'})",
		"[ 'a', '3': 'c' ]"},
	{"util.inspect({1, nil, 3})",
		"[ 1, '3': 3 ]"},
	{"util.inspect({x={y={z={w={}}}}, 1})",
		"[ 1, x: { y: { z: [Object] } } ]"},
	{"util.inspect({address='127.0.0.1', family='IPv4', port=3210})",
		"{ address: '127.0.0.1', family: 'IPv4', port: 3210 }"},
	{"util.inspect(setmetatable({a=1}, {__name='Foo'}))",
		"Foo { a: 1 }"},
	{"util.inspect({f={g={h=setmetatable({a=1}, {__name='Foo'})}}})",
		"{ f: { g: { h: [Foo] } } }"},
	{"util.inspect(setmetatable({}, {__tostring=function() return 'X' end}))",
		"{}"},
	{"util.format('%s', setmetatable({}, {__tostring=function() return 'X' end}))",
		"X"},
	{"util.inspect({a={1,2,3}, b={c={d={}}}, e='some string value', f=12345})",
		"{\n  a: [ 1, 2, 3 ],\n  b: { c: { d: {} } },\n  e: 'some string value',\n  f: 12345\n}"},
	{"util.inspect({list={{id=1,name='alpha'},{id=2,name='beta'},{id=3,name='gamma'}}})",
		"{\n  list: [\n    { id: 1, name: 'alpha' },\n    { id: 2, name: 'beta' },\n    { id: 3, name: 'gamma' }\n  ]\n}"},
	{"util.isDeepStrictEqual({a={1,2}}, {a={1,2}})",
		"true"},
	{"util.isDeepStrictEqual({a={1,2}}, {a={1,3}})",
		"false"},
	{"util.isDeepStrictEqual(0/0, 0/0)",
		"true"},
	{"(function() local z = 0 return util.isDeepStrictEqual(z, -z) end)()",
		"false"},
	{"util.isDeepStrictEqual({a=1}, {a=1, b=2})",
		"false"},
	{"util.isDeepStrictEqual(Buffer.from('ab'), Buffer.from('ab'))",
		"true"},
	{"util.isDeepStrictEqual('1', 1)",
		"false"},
	{"util.inspect({data=(function() local t = {} for i = 1, 40 do t[#t+1] = i*i end return t end)()})",
		"{\n  data: [\n       1,    4,    9,   16,   25,   36,   49,\n      64,   81,  100,  121,  144,  169,  196,\n     225,  256,  289,  324,  361,  400,  441,\n     484,  529,  576,  625,  676,  729,  784,\n     841,  900,  961, 1024, 1089, 1156, 1225,\n    1296, 1369, 1444, 1521, 1600\n  ]\n}"},
	{"util.inspect({a={b=(function() local t = {} for i = 1, 40 do t[#t+1] = 'w'..i end return t end)()}})",
		"{\n  a: {\n    b: [\n      'w1',  'w2',  'w3',  'w4',  'w5',\n      'w6',  'w7',  'w8',  'w9',  'w10',\n      'w11', 'w12', 'w13', 'w14', 'w15',\n      'w16', 'w17', 'w18', 'w19', 'w20',\n      'w21', 'w22', 'w23', 'w24', 'w25',\n      'w26', 'w27', 'w28', 'w29', 'w30',\n      'w31', 'w32', 'w33', 'w34', 'w35',\n      'w36', 'w37', 'w38', 'w39', 'w40'\n    ]\n  }\n}"},
	{"util.inspect((function() local t = {} for i = 1, 101 do t[#t+1] = i end t.x = 1 return t end)())",
		"[\n  1,               2,  3,  4,\n  5,               6,  7,  8,\n  9,               10, 11, 12,\n  13,              14, 15, 16,\n  17,              18, 19, 20,\n  21,              22, 23, 24,\n  25,              26, 27, 28,\n  29,              30, 31, 32,\n  33,              34, 35, 36,\n  37,              38, 39, 40,\n  41,              42, 43, 44,\n  45,              46, 47, 48,\n  49,              50, 51, 52,\n  53,              54, 55, 56,\n  57,              58, 59, 60,\n  61,              62, 63, 64,\n  65,              66, 67, 68,\n  69,              70, 71, 72,\n  73,              74, 75, 76,\n  77,              78, 79, 80,\n  81,              82, 83, 84,\n  85,              86, 87, 88,\n  89,              90, 91, 92,\n  93,              94, 95, 96,\n  97,              98, 99, 100,\n  ... 1 more item,\n  x: 1\n]"},
	{"util.inspect((function() local t = {} for i = 1, 100 do t[#t+1] = i end t.x = 1 return t end)())",
		"[\n  1,  2,  3,  4,   5,  6,  7,  8,  9,  10, 11, 12,\n  13, 14, 15, 16,  17, 18, 19, 20, 21, 22, 23, 24,\n  25, 26, 27, 28,  29, 30, 31, 32, 33, 34, 35, 36,\n  37, 38, 39, 40,  41, 42, 43, 44, 45, 46, 47, 48,\n  49, 50, 51, 52,  53, 54, 55, 56, 57, 58, 59, 60,\n  61, 62, 63, 64,  65, 66, 67, 68, 69, 70, 71, 72,\n  73, 74, 75, 76,  77, 78, 79, 80, 81, 82, 83, 84,\n  85, 86, 87, 88,  89, 90, 91, 92, 93, 94, 95, 96,\n  97, 98, 99, 100,\n  x: 1\n]"},
	{"util.inspect({'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu'})",
		"[\n  'alpha',   'beta',\n  'gamma',   'delta',\n  'epsilon', 'zeta',\n  'eta',     'theta',\n  'iota',    'kappa',\n  'lambda',  'mu'\n]"},
	{"util.inspect({1, 22, 333, 4444, 55555, 666666, 7777777, 88888888})",
		"[\n        1,       22,\n      333,     4444,\n    55555,   666666,\n  7777777, 88888888\n]"},
	{"util.inspect({-1, 0.5, 3, -100, 2, 7, 1e100})",
		"[\n      -1,  0.5,\n       3, -100,\n       2,    7,\n  1e+100\n]"},
	{"util.inspect({true, false, true, false, true, false, true, false})",
		"[\n  true, false,\n  true, false,\n  true, false,\n  true, false\n]"},
	{"util.inspect({{a=1},{a=2},{a=3},{a=4},{a=5},{a=6},{a=7}})",
		"[\n  { a: 1 }, { a: 2 },\n  { a: 3 }, { a: 4 },\n  { a: 5 }, { a: 6 },\n  { a: 7 }\n]"},
	{"util.inspect({x={1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27}}, {compact=true})",
		"{ x:\n   [ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27 ] }"},
	{"util.inspect({x={1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27}}, {compact=1})",
		"{\n  x: [\n     1,  2,  3,  4,\n     5,  6,  7,  8,\n     9, 10, 11, 12,\n    13, 14, 15, 16,\n    17, 18, 19, 20,\n    21, 22, 23, 24,\n    25, 26, 27\n  ]\n}"},
	{"util.inspect({a={b={c=1}}, d=2}, {compact=1})",
		"{\n  a: {\n    b: { c: 1 }\n  },\n  d: 2\n}"},
	{"util.inspect({a={b={c={d={}}}}}, {compact=2, depth=5})",
		"{\n  a: {\n    b: { c: { d: {} } }\n  }\n}"},
	{"util.inspect({a=string.rep('x', 100), b={c=string.rep('y', 90)}}, {compact=true})",
		"{ a:\n   'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n  b:\n   { c:\n      'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy' } }"},
	{"util.inspect(setmetatable({1,2}, {__name='Vec'}))",
		"Vec(2) [ 1, 2 ]"},
	{"util.inspect({['key with spaces']=1, ['über']=2, ['1abc']=3, A_1=4})",
		"{ '1abc': 3, A_1: 4, 'key with spaces': 1, 'über': 2 }"},
	{"util.inspect({k=\"has 'single' and \\\"double\\\"\"})",
		"{ k: `has 'single' and \"double\"` }"},
	{"util.format('%s', {1,2,3})",
		"[ 1, 2, 3 ]"},
	{"util.format('%s', {})",
		"{}"},
	{"util.format('%s', {a='s'})",
		"{ a: 's' }"},
	{"util.format('%O %o', 'str', 'str')",
		"'str' 'str'"},
	{"util.format('%j %j %j', 1, 'x', true)",
		"1 \"x\" true"},
	{"util.format('%j', {1, 2, nil, 4})",
		"[1,2]"},
	{"util.format('%j', {a={b={c={d={e={}}}}}})",
		"{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{}}}}}}"},
	{"util.format('%j', {s='\\0\\31\\127'})",
		"{\"s\":\"\\u0000\\u001f\"}"},
	{"util.format('%j', {[1.5]=1})",
		"{\"1.5\":1}"},
	{"util.format('%d%%', 50)",
		"50%"},
	{"util.format('%d', -0.0 * 1)",
		"-0"},
	{"util.formatWithOptions({depth=0}, '%O', {a={b=1}})",
		"{ a: [Object] }"},
	{"util.formatWithOptions({compact=false}, 'x', {a=1})",
		"x {\n  a: 1\n}"},
}

// newUtilRuntime is a Runtime for evalLua, closed when the test ends.
func newUtilRuntime(t testing.TB) *Runtime {
	t.Helper()
	rt := newRuntime(t, io.Discard, io.Discard, "netsh", "case.lua")
	t.Cleanup(rt.Close)
	return rt
}

// evalLua evaluates one Lua expression (with `util` in scope) and returns
// its value as a string.
func evalLua(t testing.TB, rt *Runtime, expr string) string {
	t.Helper()
	fn, err := rt.Load("local util = require('util') return "+expr, "case")
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	res, err := rt.Eval(fn)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	if len(res) == 0 {
		t.Fatalf("%s: no result", expr)
	}
	return res[0].String()
}

func TestUtilMatchesNode(t *testing.T) {
	rt := newUtilRuntime(t)
	for _, c := range utilNodeCases {
		if got := evalLua(t, rt, c.lua); got != c.want {
			t.Errorf("%s\n got: %q\nwant: %q", c.lua, got, c.want)
		}
	}
}

func TestUtilLongStrings(t *testing.T) {
	rt := newUtilRuntime(t)
	z := strings.Repeat("z", 20000)
	if got := evalLua(t, rt, "util.inspect(string.rep('z', 20000))"); got != "'"+z[:10000]+"'... 10000 more characters" {
		t.Errorf("inspect of a 20000-char string: %q...", got[:40])
	}
	if got := evalLua(t, rt, "util.format('%s', string.rep('z', 20000))"); got != z {
		t.Errorf("%%s of a long string changed it (len %d)", len(got))
	}
	// Cyrillic counts one unit per letter, as JS .length does: 25 letters
	// fit on one line with the key.
	got := evalLua(t, rt, "util.inspect({a = string.rep('я', 25), b = string.rep('ж', 25)})")
	want := "{ a: '" + strings.Repeat("я", 25) + "', b: '" + strings.Repeat("ж", 25) + "' }"
	if got != want {
		t.Errorf("cyrillic:\n got: %s\nwant: %s", got, want)
	}
	// Bytes that are not UTF-8 are shown as \x escapes.
	if got := evalLua(t, rt, `util.inspect('a\255b\192')`); got != `'a\xFFb\xC0'` {
		t.Errorf("binary string: %s", got)
	}
}

func TestUtilInspectErrors(t *testing.T) {
	rt := newUtilRuntime(t)
	errno := strconv.Itoa(-int(syscall.ECONNREFUSED))
	rt.L.SetGlobal("syserr", rt.SystemError(SysErr{Err: syscall.ECONNREFUSED, Syscall: "connect", Address: "127.0.0.1", Port: 43210}))
	sysWant := "Error: connect ECONNREFUSED 127.0.0.1:43210 {\n" +
		"  errno: " + errno + ",\n" +
		"  code: 'ECONNREFUSED',\n" +
		"  syscall: 'connect',\n" +
		"  address: '127.0.0.1',\n" +
		"  port: 43210\n" +
		"}"
	cases := []struct{ lua, want string }{
		{"util.inspect(syserr)", sysWant},
		{"util.format('TCP-server error ', syserr)", "TCP-server error  " + sysWant},
		{"util.inspect({err = syserr})", "{\n  err: " + strings.ReplaceAll(sysWant, "\n", "\n  ") + "\n}"},
		{"util.format('%s', syserr)", sysWant},
		{"util.format('%j', syserr)", `{"errno":` + errno + `,"code":"ECONNREFUSED","syscall":"connect","address":"127.0.0.1","port":43210}`},
		{"tostring(select(2, pcall(setTimeout, 'x')))",
			`TypeError [ERR_INVALID_ARG_TYPE]: The "callback" argument must be of type function. Received type string ('x')`},
		{"util.inspect(select(2, pcall(setTimeout, 'x')))",
			"TypeError [ERR_INVALID_ARG_TYPE]: The \"callback\" argument must be of type function. Received type string ('x') {\n  code: 'ERR_INVALID_ARG_TYPE'\n}"},
		{"(function() local e = Error('boom') e.stack = nil return util.inspect(e) end)()", "Error: boom"},
		{"(function() local e = Error('boom') e.stack = nil return util.inspect({e, 1}) end)()", "[ Error: boom, 1 ]"},
		{"(function() local e = TypeError('bad') e.stack = nil e.code = 'E' return util.inspect({a={b={c=e}}}) end)()", "{ a: { b: { c: [TypeError] } } }"},
		{"(function() local e = Error('outer', {cause = 'x'}) e.stack = nil return util.inspect(e) end)()", "Error: outer {\n  [cause]: 'x'\n}"},
		{"(function() local e = Error('boom') e.stack = 'Error: boom\\n    at f (x.lua:1)' e.code = 'E' return util.inspect({e}) end)()",
			"[\n  Error: boom\n      at f (x.lua:1) {\n    code: 'E'\n  }\n]"},
	}
	for _, c := range cases {
		if got := evalLua(t, rt, c.lua); got != c.want {
			t.Errorf("%s\n got: %q\nwant: %q", c.lua, got, c.want)
		}
	}
	// An Error made by Error() carries its stack: it prints first.
	got := evalLua(t, rt, "util.inspect(Error('boom'))")
	if !strings.HasPrefix(got, "Error: boom\n    at ") || strings.Contains(got, "{") {
		t.Errorf("Error('boom') printed %q", got)
	}
}

func TestUtilInspectObjects(t *testing.T) {
	rt := newUtilRuntime(t)
	cases := []struct{ lua, want string }{
		{"(function() local tm = setTimeout(function() end, 50) clearTimeout(tm) return util.inspect(tm) end)()", "Timeout { 50 ms, done }"},
		{"(function() local tm = setInterval(function() end, 50) clearInterval(tm) tm.tag = 'x' return util.inspect({t = tm}) end)()", "{ t: Timeout { every 50 ms, done, tag: 'x' } }"},
		{"(function() local tm = setTimeout(function() end, 1) clearTimeout(tm) tm.me = tm return util.inspect(tm) end)()", "<ref *1> Timeout { 1 ms, done, me: [Circular *1] }"},
		{"(function() local tm = setTimeout(function() end, 1) clearTimeout(tm) return util.inspect({a={b={c=tm}}}) end)()", "{ a: { b: { c: Timeout { 1 ms, done } } } }"},
		{"util.inspect(coroutine.create(function() end))", "[Thread]"},
		{"util.inspect({[{}] = 1})", "{ [{}]: 1 }"},
		{"util.format('%j', setTimeout(function() end, 1))", "{}"},
		{"(function() local e = require('events').new() e:on('x', print) e.name = 'n' return util.inspect(e) end)()", "{ name: 'n' }"},
	}
	for _, c := range cases {
		if got := evalLua(t, rt, c.lua); got != c.want {
			t.Errorf("%s\n got: %q\nwant: %q", c.lua, got, c.want)
		}
	}
}

func TestUtilInherits(t *testing.T) {
	rt := newUtilRuntime(t)
	got := evalLua(t, rt, `(function()
		local EventEmitter = require('events')
		local Job = {}
		util.inherits(Job, EventEmitter)
		function Job:start() self:emit('go', 42) end
		local j = setmetatable({}, Job)
		local seen
		j:on('go', function(n) seen = n end)
		j:start()
		return tostring(seen) .. ' ' .. tostring(Job.super_ == EventEmitter)
	end)()`)
	if got != "42 true" {
		t.Errorf("inherits: %q", got)
	}
	for _, expr := range []string{"util.inherits(nil, {})", "util.inherits({}, 5)"} {
		got := evalLua(t, rt, "(function() local ok, e = pcall(function() "+expr+" end) return tostring(e) end)()")
		if !strings.HasPrefix(got, "TypeError [ERR_INVALID_ARG_TYPE]: The \"") {
			t.Errorf("%s raised %q", expr, got)
		}
	}
}

func TestUtilDeepEqualCycles(t *testing.T) {
	rt := newUtilRuntime(t)
	got := evalLua(t, rt, `(function()
		local a, b = {x = 1}, {x = 1}
		a.self, b.self = a, b
		local c = {x = 1}; c.self = {x = 2}
		return tostring(util.isDeepStrictEqual(a, b)) .. ' ' .. tostring(util.isDeepStrictEqual(a, c)) ..
			' ' .. tostring(util.isDeepStrictEqual(setmetatable({}, {}), {}))
	end)()`)
	if got != "true false false" {
		t.Errorf("got %q", got)
	}
}

// BenchmarkFormat is console.log's usual work: a format string with a few
// numbers and strings, and a small table.
func BenchmarkFormat(b *testing.B) {
	rt := newUtilRuntime(b)
	args := []lua.LValue{lua.LString("Server: got %d bytes from %s:%d"), lua.LNumber(5), lua.LString("127.0.0.1"), lua.LNumber(43210)}
	tbl := rt.L.NewTable()
	tbl.RawSetString("address", lua.LString("127.0.0.1"))
	tbl.RawSetString("family", lua.LString("IPv4"))
	tbl.RawSetString("port", lua.LNumber(3210))
	b.Run("directives", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			rt.Format(args)
		}
	})
	b.Run("strings", func(b *testing.B) {
		b.ReportAllocs()
		a := []lua.LValue{lua.LString("Client CONNECTED:"), lua.LString("127.0.0.1 43210")}
		for i := 0; i < b.N; i++ {
			rt.Format(a)
		}
	})
	b.Run("table", func(b *testing.B) {
		b.ReportAllocs()
		a := []lua.LValue{lua.LString("address"), tbl}
		for i := 0; i < b.N; i++ {
			rt.Format(a)
		}
	})
}
