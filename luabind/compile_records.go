package luabind

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/ast"
)

// A table constructor with string keys, `{ name = q.name, ttl = 60 }`,
// is where a protocol handler spends much of its time in gopher-lua: every
// key is set one by one, each growing the table's key list and index and
// boxing the key again (six allocations and about half a microsecond per
// key). Such a constructor is compiled instead as a call of netsh's record
// builder with the values in order,
//
//	(""):["netsh:record"](shape, v1, v2, ...)
//
// where shape numbers the key list, registered once at compile time; the
// builder makes the table with recordTable. The builder is reached through
// the string metatable (it is string["netsh:record"]), not a global, so a
// chunk run under setfenv finds it too. The table is the same as the
// constructor's: the values are evaluated in the same order, nil values
// leave their key out, pairs() visits the keys in the written order.

// The constructors rewritten: 2 to maxRecordFields fields, every key a
// string constant, no key twice.
const (
	minRecordFields = 2
	maxRecordFields = 32
	maxShapes       = 1 << 16 // then constructors compile as they are
)

// recordMethod is the builder's name in the string table.
const recordMethod = "netsh:record"

// recordShapes numbers the key lists of rewritten constructors. Chunks
// compile on any goroutine and run on another, so a shape is published
// through an atomic slot.
var recordShapes struct {
	mu    sync.Mutex
	ids   map[string]int
	slots [maxShapes]atomic.Pointer[fieldKeys]
}

// shapeID returns the number of a key list, registering it if new; false
// once maxShapes are registered.
func shapeID(names []string) (int, bool) {
	var b strings.Builder
	for _, n := range names { // length-prefixed: a key may hold any byte
		b.WriteString(strconv.Itoa(len(n)))
		b.WriteByte(':')
		b.WriteString(n)
	}
	key := b.String()
	s := &recordShapes
	s.mu.Lock()
	defer s.mu.Unlock()
	if id, ok := s.ids[key]; ok {
		return id, true
	}
	if s.ids == nil {
		s.ids = map[string]int{}
	}
	id := len(s.ids)
	if id >= maxShapes {
		return 0, false
	}
	s.ids[key] = id
	s.slots[id].Store(newFieldKeys(names...))
	return id, true
}

// recordFields returns the keys of a constructor the rewrite applies to.
func recordFields(t *ast.TableExpr) ([]string, bool) {
	if len(t.Fields) < minRecordFields || len(t.Fields) > maxRecordFields {
		return nil, false
	}
	names := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		k, ok := f.Key.(*ast.StringExpr)
		if !ok {
			return nil, false
		}
		for _, n := range names[:i] {
			if n == k.Value {
				return nil, false // the later value wins: left to gopher-lua
			}
		}
		names[i] = k.Value
	}
	return names, true
}

// recordCall rewrites a constructor as a call of the builder, or returns
// it as it is.
func recordCall(t *ast.TableExpr) ast.Expr {
	names, ok := recordFields(t)
	if !ok {
		return t
	}
	id, ok := shapeID(names)
	if !ok {
		return t
	}
	line, last := t.Line(), t.LastLine()
	recv := &ast.StringExpr{}
	shape := &ast.NumberExpr{Value: strconv.Itoa(id)}
	args := []ast.Expr{shape}
	for _, f := range t.Fields {
		args = append(args, f.Value)
	}
	// A field takes one value; the last argument of a call would take all.
	switch v := args[len(args)-1].(type) {
	case *ast.FuncCallExpr:
		v.AdjustRet = true
	case *ast.Comma3Expr:
		v.AdjustRet = true
	}
	call := &ast.FuncCallExpr{Receiver: recv, Method: recordMethod, Args: args}
	for _, e := range []ast.Expr{recv, shape, call} {
		e.SetLine(line)
		e.SetLastLine(last)
	}
	return call
}

// installRecords puts the builder where rewritten constructors look for it.
func (rt *Runtime) installRecords() {
	if str, ok := rt.L.GetGlobal("string").(*lua.LTable); ok {
		str.RawSetString(recordMethod, rt.L.NewFunction(buildRecord))
	}
}

// buildRecord is the builder: ("", shape, values...) -> the table.
func buildRecord(L *lua.LState) int {
	id, ok := L.Get(2).(lua.LNumber)
	var k *fieldKeys
	if ok && id >= 0 && id < maxShapes && id == lua.LNumber(int(id)) {
		k = recordShapes.slots[int(id)].Load()
	}
	if k == nil || L.GetTop()-2 > len(k.names) {
		L.RaiseError("string.%s is netsh's table constructor, for compiled code only", recordMethod)
	}
	var vals [maxRecordFields]lua.LValue
	n := len(k.names)
	for i := 0; i < n; i++ {
		vals[i] = L.Get(3 + i)
	}
	L.Push(recordTable(k, vals[:n]))
	return 1
}
