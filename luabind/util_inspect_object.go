package luabind

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// This file is inspect's objects: tables, arrays, Error tables and netsh
// objects, as Node's formatRaw lays out their entries.

// rawShape is what formatRaw learns about a value before formatting its
// entries: how it opens and closes and which entries it has.
type rawShape struct {
	t        *lua.LTable // the table, for its sequence
	seqN     int         // sequence length; > 0 for an array
	keys     []tableKey  // the other entries, in print order
	base     string      // an Error's text, shown before the braces
	braces   [2]string
	isArray  bool
	isErr    bool
	ctorName string // what a value too deep shows, as [Name]
}

// formatRaw formats a table or netsh object not yet on the stack.
func (c *inspector) formatRaw(v lua.LValue, recurse int) string {
	sh, short, done := c.shapeOf(v)
	if done {
		return short
	}
	if recurse > c.opts.Depth {
		return c.stylize("["+sh.ctorName+"]", "special")
	}
	recurse++
	c.seen = append(c.seen, v)
	c.currentDepth = recurse
	output, seq := c.formatEntries(&sh, recurse)
	c.seen = c.seen[:len(c.seen)-1]
	c.markCircular(v, &sh)
	return c.reduceToSingleString(output, sh.base, sh.braces, sh.isArray, recurse, seq, sh.isErr)
}

// shapeOf finds v's shape; done is true when v prints as short with no
// entries to format (`{}`, `Name {}`, an Error without fields).
func (c *inspector) shapeOf(v lua.LValue) (sh rawShape, short string, done bool) {
	sh = rawShape{braces: [2]string{"{", "}"}, ctorName: "Object"}
	switch x := v.(type) {
	case *lua.LTable:
		sh.t = x
		if c.rt.isError(x) {
			c.errorShape(&sh, x)
			if len(sh.keys) == 0 {
				return sh, sh.base, true
			}
			return sh, "", false
		}
		c.tableShape(&sh, x)
		if !sh.isArray && len(sh.keys) == 0 {
			return sh, sh.braces[0] + "}", true
		}
	case *lua.LUserData:
		sh.ctorName = userdataName(x)
		sh.braces[0] = sh.ctorName + " {"
		if o, ok := x.Value.(Object); ok && o.base().fields != nil {
			sh.keys = c.sortedKeys(o.base().fields, 0, nil)
		}
		if d, ok := x.Value.(summarizer); ok {
			// The summary opens the braces, so it stays on their line.
			if sum := d.inspectSummary(); sum != "" {
				if len(sh.keys) == 0 {
					return sh, sh.braces[0] + " " + sum + " }", true
				}
				sh.braces[0] += " " + sum + ","
			}
		}
		if len(sh.keys) == 0 {
			return sh, sh.braces[0] + "}", true
		}
	}
	return sh, "", false
}

// errorShape is an Error table's shape: its stack (or "Name: message")
// as base, then its fields in Node's order, then [cause].
func (c *inspector) errorShape(sh *rawShape, x *lua.LTable) {
	sh.isErr = true
	sh.ctorName = "Error"
	if n, ok := x.RawGetString("name").(lua.LString); ok {
		sh.ctorName = string(n)
	}
	if st, ok := x.RawGetString("stack").(lua.LString); ok && st != "" {
		sh.base = string(st)
	} else {
		sh.base = c.rt.errorString(x)
	}
	if c.indentLvl != 0 {
		sh.base = strings.ReplaceAll(sh.base, "\n", "\n"+strings.Repeat(" ", c.indentLvl))
	}
	sh.keys = orderErrorKeys(c.sortedKeys(x, 0, errorHidden))
	if cause := x.RawGetString("cause"); cause != lua.LNil {
		sh.keys = append(sh.keys, tableKey{k: lua.LString("[cause]"), v: cause, cat: -1})
	}
}

// tableShape is a plain table's shape: an array when it has a sequence,
// a class instance (`Name {` or `Name(n) [`) when its metatable has a
// string __name.
func (c *inspector) tableShape(sh *rawShape, x *lua.LTable) {
	for x.RawGetInt(sh.seqN+1) != lua.LNil {
		sh.seqN++
	}
	sh.keys = c.sortedKeys(x, sh.seqN, nil)
	name := ""
	if mt, ok := c.rt.L.GetMetatable(x).(*lua.LTable); ok {
		if n, ok := mt.RawGetString("__name").(lua.LString); ok {
			name = string(n)
		}
	}
	if sh.seqN > 0 {
		sh.isArray = true
		sh.ctorName = "Array"
		sh.braces = [2]string{"[", "]"}
		if name != "" {
			sh.ctorName = name
			sh.braces[0] = name + "(" + strconv.Itoa(sh.seqN) + ") ["
		}
		return
	}
	if name != "" {
		sh.ctorName = name
		sh.braces[0] = name + " {"
	}
}

// formatEntries formats an object's entries: an array's items first,
// then its `key: value` properties. seq is the whole sequence, which
// array grouping needs to see.
func (c *inspector) formatEntries(sh *rawShape, recurse int) (output []string, seq []lua.LValue) {
	output = make([]string, 0, sh.seqN+len(sh.keys)+1)
	if sh.isArray {
		seq = make([]lua.LValue, sh.seqN)
		for i := 0; i < sh.seqN; i++ {
			seq[i] = sh.t.RawGetInt(i + 1)
		}
		output = c.formatArrayItems(output, seq, recurse)
	}
	for _, k := range sh.keys {
		var name string
		if k.cat == -1 {
			name = string(k.k.(lua.LString))
		} else {
			name = c.formatKey(k.k, recurse)
		}
		if s, ok := k.k.(lua.LString); ok && k.cat != -1 {
			c.fnKey = string(s) // names a function value, as JS infers it
		}
		output = append(output, c.formatProperty(name, k.v, recurse))
	}
	return output, seq
}

// formatArrayItems appends seq's items up to maxArrayLength, a "... more
// items" entry for the rest, and [length] when hidden entries are shown.
func (c *inspector) formatArrayItems(output []string, seq []lua.LValue, recurse int) []string {
	n := len(seq)
	if n > c.opts.MaxArrayLength {
		n = c.opts.MaxArrayLength
	}
	for i := 0; i < n; i++ {
		c.indentLvl += 2
		output = append(output, c.formatValue(seq[i], recurse))
		c.indentLvl -= 2
	}
	if rem := len(seq) - n; rem > 0 {
		s := "... " + strconv.Itoa(rem) + " more item"
		if rem > 1 {
			s += "s"
		}
		output = append(output, s)
	}
	if c.opts.ShowHidden {
		output = append(output, "[length]: "+strconv.Itoa(len(seq)))
	}
	return output
}

// markCircular adds the <ref *N> mark to a value that a nested entry
// referred back to as [Circular *N].
func (c *inspector) markCircular(v lua.LValue, sh *rawShape) {
	if c.circular == nil {
		return
	}
	idx, ok := c.circular[v]
	if !ok {
		return
	}
	ref := c.stylize("<ref *"+strconv.Itoa(idx)+">", "special")
	if c.opts.Compact == CompactTrue {
		sh.braces[0] = ref + " " + sh.braces[0]
		return
	}
	if sh.base == "" {
		sh.base = ref
	} else {
		sh.base = ref + " " + sh.base
	}
}

// formatKey is a property name as Node prints it.
func (c *inspector) formatKey(k lua.LValue, recurse int) string {
	switch x := k.(type) {
	case lua.LString:
		if jsfmt.IsIdentKey(string(x)) {
			return string(x)
		}
		return c.stylize(jsfmt.Quote(string(x)), "string")
	case lua.LNumber:
		return c.stylize(jsfmt.Quote(jsfmt.InspectNumber(float64(x))), "string")
	}
	return "[" + c.formatValue(k, recurse) + "]"
}

// formatProperty is one `key: value` entry of an object.
func (c *inspector) formatProperty(name string, v lua.LValue, recurse int) string {
	diff := 2
	if c.opts.Compact == CompactTrue {
		diff = 3
	}
	c.indentLvl += diff
	str := c.formatValue(v, recurse)
	extra := " "
	if diff == 3 && c.opts.BreakLength < c.width(str) {
		extra = "\n" + strings.Repeat(" ", c.indentLvl)
	}
	c.indentLvl -= diff
	return name + ":" + extra + str
}
