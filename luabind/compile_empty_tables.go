package luabind

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

// An empty constructor, `{}`, makes a table with nothing allocated, and
// gopher-lua gives it room for 32 entries at its first string key (a Go
// map sized for 32, about 2 KB) and for 32 values at its first positional
// one (512 bytes): `local t = {} t.a = 1` took 1.2 µs against 0.6 µs
// sized, `local t = {} t[1] = 1` 300 ns against 230. sizeEmptyTables
// compiles every `{}` as a constructor of one key and one value, the
// sizes gopher-lua's OP_NEWTABLE carries for a constructor's fields, so
// the table grows from there as Go's maps and slices do. A table that
// stays empty costs about 100 ns and 33 bytes more (BenchmarkEmptyConstructor).
const (
	emptyTableArray = 1
	emptyTableHash  = 1
)

// OP_NEWTABLE's number and its operands' places in gopher-lua v1.1.2's
// instruction word (opcode.go): opcode in the top 6 bits, B in the low 9,
// C in the 9 above them.
const (
	opNewTable = 13
	opShift    = 26
	opArgMask  = 0x1ff
	opCShift   = 9
)

// newTableOK reports whether constructors compile to the instructions
// sizeEmptyTables expects: `{}` to OP_NEWTABLE with sizes 0 and 0, `{ 1,
// a = 1 }` with 1 and 1. If gopher-lua's encoding changed, no code is
// touched.
var newTableOK = newTableSizes("local t = {}") == [2]int{0, 0} && newTableSizes("local t = { 1, a = 1 }") == [2]int{1, 1}

// newTableSizes compiles src and returns the sizes of its one OP_NEWTABLE,
// or -1s.
func newTableSizes(src string) [2]int {
	none := [2]int{-1, -1}
	chunk, err := parse.Parse(strings.NewReader(src), "check")
	if err != nil {
		return none
	}
	p, err := lua.Compile(chunk, "check")
	if err != nil {
		return none
	}
	found := none
	for _, inst := range p.Code {
		if sizes, ok := newTableOperands(inst); ok {
			if found != none {
				return none
			}
			found = sizes
		}
	}
	return found
}

// newTableOperands reads an OP_NEWTABLE's array and hash sizes; false for
// another instruction.
func newTableOperands(inst uint32) ([2]int, bool) {
	if int(inst>>opShift) != opNewTable {
		return [2]int{}, false
	}
	return [2]int{int(inst & opArgMask), int(inst>>opCShift) & opArgMask}, true
}

// sizeEmptyTables gives every `{}` in code its sizes.
func sizeEmptyTables(code []uint32) {
	if !newTableOK {
		return
	}
	for i, inst := range code {
		if sizes, ok := newTableOperands(inst); ok && sizes == [2]int{0, 0} {
			code[i] = inst | emptyTableArray | emptyTableHash<<opCShift
		}
	}
}
