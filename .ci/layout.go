//go:build ignore

// layout checks the rules the tree keeps that the compiler does not: no
// non-test Go file over 600 lines, and no function over 80 lines unless
// its doc comment says why it is long (the word "long"). Run from the
// repository root: go run .ci/layout.go
package main

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

const (
	maxFileLines = 600
	maxFuncLines = 80
)

func main() {
	var bad []string
	filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if n := bytes.Count(src, []byte("\n")); n > maxFileLines {
			bad = append(bad, fmt.Sprintf("%s: %d lines (at most %d)", p, n, maxFileLines))
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, src, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1
			if n > maxFuncLines && (fn.Doc == nil || !strings.Contains(strings.ToLower(fn.Doc.Text()), "long")) {
				bad = append(bad, fmt.Sprintf("%s:%d: %s is %d lines (at most %d without a reason in its comment)",
					p, fset.Position(fn.Pos()).Line, fn.Name.Name, n, maxFuncLines))
			}
		}
		return nil
	})
	for _, b := range bad {
		fmt.Fprintln(os.Stderr, b)
	}
	if len(bad) > 0 {
		os.Exit(1)
	}
	fmt.Println("layout: file and function sizes ok")
}
