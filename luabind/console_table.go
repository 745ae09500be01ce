package luabind

import (
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/netsh/netsh/luabind/internal/jsfmt"
)

// consoleTable renders console.table(data, properties) as Node 20 does:
// one row per key of data, one column per key of the rows (or per
// property named), a Values column for rows that are not tables.
func (rt *Runtime) consoleTable(data, props *lua.LTable) string {
	g := &tableGrid{rt: rt, in: inspector{rt: rt, opts: defaultInspectOptions}, colIdx: map[string]int{}}
	rows := g.in.sortedKeys(data, 0, nil)
	g.nrows = len(rows)
	index := make([]string, len(rows))
	propNames := arrayItems(props)
	for r, row := range rows {
		index[r] = g.keyName(row.k)
		g.addRow(r, row.v, props != nil, propNames)
	}
	head := append([]string{"(index)"}, g.head...)
	cols := append([][]string{index}, g.cols...)
	if g.values != nil {
		head = append(head, "Values")
		cols = append(cols, g.values)
	}
	return drawTable(head, cols, len(rows))
}

// tableGrid is console.table's columns as the rows fill them: one per
// key (or property) in first-seen order, and the Values column of rows
// that are not tables, nil until there is one.
type tableGrid struct {
	rt     *Runtime
	in     inspector // orders keys as console.log does
	nrows  int
	colIdx map[string]int
	head   []string
	cols   [][]string
	values []string
}

// arrayItems lists t[1], t[2], ... up to the first nil; nil for no table.
func arrayItems(t *lua.LTable) []lua.LValue {
	var items []lua.LValue
	if t != nil {
		for i := 1; t.RawGetInt(i) != lua.LNil; i++ {
			items = append(items, t.RawGetInt(i))
		}
	}
	return items
}

// addRow fills row r from its value v: the named properties when
// byProps, else every key of a table, else the Values column.
func (g *tableGrid) addRow(r int, v lua.LValue, byProps bool, propNames []lua.LValue) {
	item, isTable := v.(*lua.LTable)
	switch {
	case !byProps && !isTable:
		if g.values == nil {
			g.values = make([]string, g.nrows)
		}
		g.values[r] = g.cell(v)
	case byProps:
		for _, p := range propNames {
			col := g.column(g.keyName(p))
			if isTable {
				if pv := item.RawGet(p); pv != lua.LNil {
					col[r] = g.cell(pv)
				}
			}
		}
	default:
		for _, k := range g.in.sortedKeys(item, 0, nil) {
			g.column(g.keyName(k.k))[r] = g.cell(k.v)
		}
	}
}

// column returns the cells of the named column, adding it if new.
func (g *tableGrid) column(name string) []string {
	i, ok := g.colIdx[name]
	if !ok {
		i = len(g.cols)
		g.colIdx[name] = i
		g.head = append(g.head, name)
		g.cols = append(g.cols, make([]string, g.nrows))
	}
	return g.cols[i]
}

// cell renders one value as Node's table cell: inspected shallowly, with
// at most three array items.
func (g *tableGrid) cell(v lua.LValue) string {
	rt := g.rt
	o := defaultInspectOptions
	o.Depth, o.MaxArrayLength, o.BreakLength = 0, 3, inspectUnlimited
	if t, ok := v.(*lua.LTable); ok && !rt.isError(t) && t.RawGetInt(1) == lua.LNil {
		if n := len(g.in.sortedKeys(t, 0, nil)); n > 2 {
			o.Depth = -1 // Node's depth -1 for objects of 3+ keys: [Object]
			ci := inspector{rt: rt, opts: o}
			return ci.formatValue(v, 0)
		}
	}
	return rt.inspectOpts(v, o)
}

// keyName is a row or column name: a string as is, a number as JS
// writes it, anything else inspected.
func (g *tableGrid) keyName(k lua.LValue) string {
	switch x := k.(type) {
	case lua.LString:
		return string(x)
	case lua.LNumber:
		return jsfmt.InspectNumber(float64(x))
	}
	return g.rt.inspectOpts(k, defaultInspectOptions)
}

// drawTable draws the box-drawing table of head over cols, each column
// as wide as its widest cell.
func drawTable(head []string, cols [][]string, nrows int) string {
	widths := make([]int, len(head))
	for i, h := range head {
		widths[i] = jsfmt.Len(h)
		for _, v := range cols[i] {
			widths[i] = maxInt(widths[i], jsfmt.Len(v))
		}
	}
	var b strings.Builder
	line := func(left, mid, right string) {
		b.WriteString(left)
		for i, w := range widths {
			if i > 0 {
				b.WriteString(mid)
			}
			b.WriteString(strings.Repeat("─", w+2))
		}
		b.WriteString(right)
	}
	row := func(cells func(i int) string) {
		b.WriteString("│ ")
		for i, w := range widths {
			if i > 0 {
				b.WriteString(" │ ")
			}
			s := cells(i)
			b.WriteString(s)
			b.WriteString(strings.Repeat(" ", w-jsfmt.Len(s)))
		}
		b.WriteString(" │\n")
	}
	line("┌", "┬", "┐\n")
	row(func(i int) string { return head[i] })
	line("├", "┼", "┤\n")
	for r := 0; r < nrows; r++ {
		row(func(i int) string { return cols[i][r] })
	}
	line("└", "┴", "┘")
	return b.String()
}
