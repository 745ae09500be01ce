package luabind

import (
	"crypto/rand"
	"encoding/hex"
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
// builder with the values in order, builder(shape, v1, v2, ...), where
// shape numbers the key list, registered once at compile time; the builder
// makes the table with recordTable. The call's function is a constant of
// the compiled chunk (patchRecords puts the builder where the rewrite left
// a placeholder string), so no global, metatable or environment a script
// can change is on the way, and no script can reach the builder. The
// table is the same as the constructor's: the values are evaluated in the
// same order, nil values leave their key out, pairs() visits the keys in
// the written order.

// The constructors rewritten: 2 to maxRecordFields fields, every key a
// string constant, no key twice.
const (
	minRecordFields = 2
	maxRecordFields = 32
	maxShapes       = 1 << 16 // then constructors compile as they are
)

// recordPlaceholder is the string constant the rewrite calls, which
// patchRecords replaces by the builder: random per process, so no
// script's own string can be taken for it.
var recordPlaceholder = func() string {
	var b [12]byte
	rand.Read(b[:])
	return "\x00netsh:record:" + hex.EncodeToString(b[:])
}()

// recordBuilder is the builder as a Lua value; it uses no environment,
// so one serves every runtime.
var recordBuilder = &lua.LFunction{IsG: true, GFunction: buildRecord, Env: &lua.LTable{Metatable: lua.LNil}}

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
	fn := &ast.StringExpr{Value: recordPlaceholder}
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
	call := &ast.FuncCallExpr{Func: fn, Args: args}
	for _, e := range []ast.Expr{fn, shape, call} {
		e.SetLine(line)
		e.SetLastLine(last)
	}
	return call
}

// patchRecords puts the builder in place of the placeholder constant in
// a compiled chunk and its functions.
func patchRecords(p *lua.FunctionProto) {
	sizeEmptyTables(p.Code)
	for i, c := range p.Constants {
		if s, ok := c.(lua.LString); ok && string(s) == recordPlaceholder {
			p.Constants[i] = recordBuilder
		}
	}
	for _, f := range p.FunctionPrototypes {
		patchRecords(f)
	}
}

// buildRecord is the builder: (shape, values...) -> the table.
func buildRecord(L *lua.LState) int {
	id, ok := L.Get(1).(lua.LNumber)
	var k *fieldKeys
	if ok && id >= 0 && id < maxShapes && id == lua.LNumber(int(id)) {
		k = recordShapes.slots[int(id)].Load()
	}
	if k == nil || L.GetTop()-1 > len(k.names) {
		L.RaiseError("netsh's table constructor called with what compiled code never passes")
	}
	var vals [maxRecordFields]lua.LValue
	n := len(k.names)
	for i := 0; i < n; i++ {
		vals[i] = L.Get(2 + i)
	}
	L.Push(recordTable(k, vals[:n]))
	return 1
}
