package luabind

import (
	"strconv"

	"github.com/yuin/gopher-lua/ast"
)

// gopher-lua's compiler finds a constant's slot by scanning every constant
// the function already has, so a function with n distinct constants takes
// time in n²: a data table of 50,000 string keys (Lua 5.1's verybig.lua)
// took 44 s to compile, 20,000 about 5 s. splitTable builds such a table
// in pieces, each piece's constants in a function of its own:
//
//	(function()
//	  local t = {first tableGroup fields}
//	  (function(t) t.k = v; ... end)(t)   -- each further group
//	  return t
//	end)()
//
// Only tables that cannot tell the difference are split (isDataTable):
// literal keys and values, all keyed or all positional (Lua stores a
// constructor's positional values after its keyed ones, and nil values
// would leave holes), and no `...`.
const (
	bigTable   = 1000 // fields from which a table is split
	tableGroup = 500  // fields per piece
)

// isDataTable reports a big table of literals that splitTable may build
// in pieces.
func isDataTable(t *ast.TableExpr) bool {
	if len(t.Fields) < bigTable {
		return false
	}
	keyed := t.Fields[0].Key != nil
	for _, f := range t.Fields {
		if (f.Key != nil) != keyed || (keyed && !isLiteralKey(f.Key)) || !isLiteral(f.Value) {
			return false
		}
	}
	return true
}

// isLiteralKey is a string or number key.
func isLiteralKey(e ast.Expr) bool {
	switch e.(type) {
	case *ast.StringExpr, *ast.NumberExpr:
		return true
	}
	return false
}

// isLiteral is a value that is a constant or a table of them: never nil,
// never a call, never a variable.
func isLiteral(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.StringExpr, *ast.NumberExpr, *ast.TrueExpr, *ast.FalseExpr:
		return true
	case *ast.UnaryMinusOpExpr:
		_, ok := x.Expr.(*ast.NumberExpr)
		return ok
	case *ast.TableExpr:
		for _, f := range x.Fields {
			if (f.Key != nil && !isLiteral(f.Key)) || !isLiteral(f.Value) {
				return false
			}
		}
		return true
	}
	return false
}

// splitName names the table being built; it is no Lua identifier.
const splitName = "(table)"

// splitTable builds t in pieces as described above.
func splitTable(t *ast.TableExpr) ast.Expr {
	line, last := t.Line(), t.LastLine()
	at := func(e ast.Expr) ast.Expr {
		e.SetLine(line)
		e.SetLastLine(last)
		return e
	}
	ref := func() ast.Expr { return at(&ast.IdentExpr{Value: splitName}) }
	first := at(&ast.TableExpr{Fields: t.Fields[:tableGroup]})
	body := []ast.Stmt{&ast.LocalAssignStmt{Names: []string{splitName}, Exprs: []ast.Expr{first}}}
	for start := tableGroup; start < len(t.Fields); start += tableGroup {
		end := min(start+tableGroup, len(t.Fields))
		var sets []ast.Stmt
		for i, f := range t.Fields[start:end] {
			key := f.Key
			if key == nil {
				key = at(&ast.NumberExpr{Value: strconv.Itoa(start + i + 1)})
			}
			set := &ast.AssignStmt{Lhs: []ast.Expr{at(&ast.AttrGetExpr{Object: ref(), Key: key})}, Rhs: []ast.Expr{f.Value}}
			set.SetLine(line)
			set.SetLastLine(last)
			sets = append(sets, set)
		}
		piece := at(&ast.FunctionExpr{ParList: &ast.ParList{Names: []string{splitName}}, Stmts: sets})
		body = append(body, &ast.FuncCallStmt{Expr: at(&ast.FuncCallExpr{Func: piece, Args: []ast.Expr{ref()}})})
	}
	body = append(body, &ast.ReturnStmt{Exprs: []ast.Expr{ref()}})
	for _, st := range body {
		st.SetLine(line)
		st.SetLastLine(last)
	}
	fn := at(&ast.FunctionExpr{ParList: &ast.ParList{}, Stmts: body})
	return at(&ast.FuncCallExpr{Func: fn, AdjustRet: true})
}
