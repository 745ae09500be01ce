package luabind

import "github.com/yuin/gopher-lua/ast"

// fixChunk applies netsh's rewrites to a parsed chunk before gopher-lua
// compiles it, everywhere in it, function bodies included: multiple
// assignments (compile_assign.go), big constant tables
// (compile_tables.go), table constructors with string keys
// (compile_records.go) and numeric literals (compile_numbers.go).
func fixChunk(stmts []ast.Stmt) {
	for i, st := range stmts {
		fixStmt(st)
		if as, ok := st.(*ast.AssignStmt); ok && len(as.Lhs) > 1 {
			stmts[i] = rewriteAssign(as)
		}
	}
}

// fixStmt descends into a statement's blocks and expressions.
func fixStmt(st ast.Stmt) {
	switch s := st.(type) {
	case *ast.AssignStmt:
		fixExprs(s.Lhs)
		fixExprs(s.Rhs)
	case *ast.LocalAssignStmt:
		fixExprs(s.Exprs)
	case *ast.FuncCallStmt:
		fixIn(&s.Expr)
	case *ast.DoBlockStmt:
		fixChunk(s.Stmts)
	case *ast.WhileStmt:
		fixIn(&s.Condition)
		fixChunk(s.Stmts)
	case *ast.RepeatStmt:
		fixChunk(s.Stmts)
		fixIn(&s.Condition)
	case *ast.IfStmt:
		fixIn(&s.Condition)
		fixChunk(s.Then)
		fixChunk(s.Else)
	case *ast.NumberForStmt:
		fixIn(&s.Init)
		fixIn(&s.Limit)
		fixIn(&s.Step)
		fixChunk(s.Stmts)
	case *ast.GenericForStmt:
		fixExprs(s.Exprs)
		fixChunk(s.Stmts)
	case *ast.FuncDefStmt:
		if s.Name != nil {
			fixIn(&s.Name.Func)
			fixIn(&s.Name.Receiver)
		}
		if s.Func != nil {
			fixChunk(s.Func.Stmts)
		}
	case *ast.ReturnStmt:
		fixExprs(s.Exprs)
	}
}

func fixExprs(es []ast.Expr) {
	for i := range es {
		fixIn(&es[i])
	}
}

// fixIn rewrites the expression *p in place.
func fixIn(p *ast.Expr) {
	if *p != nil {
		*p = fixExpr(*p)
	}
}

// fixExpr rewrites inside an expression and returns what replaces it.
func fixExpr(e ast.Expr) ast.Expr {
	switch x := e.(type) {
	case *ast.NumberExpr:
		return fixNumber(x)
	case *ast.FunctionExpr:
		fixChunk(x.Stmts)
	case *ast.AttrGetExpr:
		fixIn(&x.Object)
		fixIn(&x.Key)
	case *ast.TableExpr:
		split := isDataTable(x)
		for _, f := range x.Fields {
			fixIn(&f.Key)
			fixIn(&f.Value)
		}
		if split {
			return splitTable(x)
		}
		return recordCall(x)
	case *ast.FuncCallExpr:
		fixIn(&x.Func)
		fixIn(&x.Receiver)
		fixExprs(x.Args)
	case *ast.LogicalOpExpr:
		fixIn(&x.Lhs)
		fixIn(&x.Rhs)
	case *ast.RelationalOpExpr:
		fixIn(&x.Lhs)
		fixIn(&x.Rhs)
	case *ast.StringConcatOpExpr:
		fixIn(&x.Lhs)
		fixIn(&x.Rhs)
	case *ast.ArithmeticOpExpr:
		fixIn(&x.Lhs)
		fixIn(&x.Rhs)
	case *ast.UnaryMinusOpExpr:
		fixIn(&x.Expr)
	case *ast.UnaryNotOpExpr:
		fixIn(&x.Expr)
	case *ast.UnaryLenOpExpr:
		fixIn(&x.Expr)
	}
	return e
}
