package luabind

import (
	"strconv"

	"github.com/yuin/gopher-lua/ast"
)

// gopher-lua v1.1.2 compiles a multiple assignment one target at a time,
// writing a value into a local's register before the later right-hand
// values are read: `a, b = b, a` gives `2 2` and `a, b = a + 1, a + b`
// reads the new a (yuin/gopher-lua#440, open upstream). Compile rewrites
// every assignment with more than one target, before gopher-lua compiles
// it, into the order the Lua 5.1 manual (§2.4.3) describes:
//
//	do
//	  local (lhs 1), (lhs 2) = t, k       -- each target's table and key
//	  local (rhs 1), (rhs 2) = e1, e2, ...  -- every value, adjusted as Lua does
//	  t2 = (rhs 2); (lhs 1)[(lhs 2)] = (rhs 1)  -- then assign, right to left
//	end
//
// A local statement evaluates all its values into fresh registers before
// any name is bound, so gopher-lua gets it right, and it adjusts a last
// call or `...` to the number of names exactly as the assignment would.
// The temporaries' names are not Lua identifiers, so no user code can see
// them. Right to left is the order real Lua 5.1 assigns in (it shows with
// `a, a = 1, 2` and with __newindex).

// rewriteAssign turns one multiple assignment into the block above.
func rewriteAssign(as *ast.AssignStmt) ast.Stmt {
	line, last := as.Line(), as.LastLine()
	at := func(e ast.Expr) ast.Expr {
		e.SetLine(line)
		e.SetLastLine(last)
		return e
	}
	temp := func(kind string, n int) string { return "(" + kind + " " + strconv.Itoa(n) + ")" }
	ref := func(name string) ast.Expr { return at(&ast.IdentExpr{Value: name}) }

	// The targets' tables and keys, left to right, before any value.
	lhs := &ast.LocalAssignStmt{}
	targets := make([]ast.Expr, len(as.Lhs))
	for i, t := range as.Lhs {
		ag, ok := t.(*ast.AttrGetExpr)
		if !ok {
			targets[i] = t // a name: global, upvalue or local
			continue
		}
		obj := temp("lhs", len(lhs.Names)+1)
		lhs.Names = append(lhs.Names, obj)
		lhs.Exprs = append(lhs.Exprs, ag.Object)
		key := ag.Key
		if !isConstKey(key) {
			k := temp("lhs", len(lhs.Names)+1)
			lhs.Names = append(lhs.Names, k)
			lhs.Exprs = append(lhs.Exprs, key)
			key = ref(k)
		}
		targets[i] = at(&ast.AttrGetExpr{Object: ref(obj), Key: key})
	}

	// Every value, adjusted to the number of targets.
	rhs := &ast.LocalAssignStmt{Exprs: as.Rhs}
	for i := range as.Lhs {
		rhs.Names = append(rhs.Names, temp("rhs", i+1))
	}

	block := &ast.DoBlockStmt{}
	if len(lhs.Names) > 0 {
		block.Stmts = append(block.Stmts, lhs)
	}
	block.Stmts = append(block.Stmts, rhs)
	for i := len(targets) - 1; i >= 0; i-- {
		block.Stmts = append(block.Stmts, &ast.AssignStmt{
			Lhs: []ast.Expr{targets[i]},
			Rhs: []ast.Expr{ref(rhs.Names[i])},
		})
	}
	for _, st := range block.Stmts {
		st.SetLine(line)
		st.SetLastLine(last)
	}
	block.SetLine(line)
	block.SetLastLine(last)
	return block
}

// isConstKey reports a key that needs no temporary: evaluating it twice
// or late cannot differ.
func isConstKey(e ast.Expr) bool {
	switch e.(type) {
	case *ast.StringExpr, *ast.NumberExpr, *ast.TrueExpr, *ast.FalseExpr, *ast.NilExpr:
		return true
	}
	return false
}
