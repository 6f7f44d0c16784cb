// Copied by tests/structured_binary.rs into a scratch copy of corpus/ingest (package ingest at
// the module root) after `heatseed generate`. For every aimed seed of the protobuf and regexp
// targets it reads the corpus file heatseed wrote, decodes it with the real decoder
// (google.golang.org/protobuf's proto.Unmarshal into pb.Event; Go's regexp for the patterns),
// and evaluates the facts the manifest says the seed was solved for (Go expressions over the
// decoded value: ev.Kind != 3, each(ev.Items).Qty > 1000, regexp("...").FindStringSubmatch(s)[1]
// == "archive", strconv.Atoi(...) > 500000). Every fact must hold.
package ingest

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"example.com/ingest/pb"
	"google.golang.org/protobuf/proto"
)

type manifestSeed struct {
	File     string   `json:"file"`
	FuzzTest string   `json:"fuzz_test"`
	Kind     string   `json:"kind"`
	Facts    []string `json:"facts"`
}

// roots names the input variable of each checked fuzz test's target.
var roots = map[string]string{
	"FuzzQueue":      "ev",
	"FuzzParseOrder": "path",
	"FuzzParseRange": "h",
	"FuzzValidTag":   "s",
}

func TestHeatseedStructuredSeeds(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(".heatseed", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Seeds []manifestSeed `json:"seeds"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	checked := map[string]int{}
	facts := 0
	for _, s := range m.Seeds {
		root, ok := roots[s.FuzzTest]
		if !ok || s.Kind != "aimed" {
			continue
		}
		in := corpusValue(t, s.File)
		var v reflect.Value
		if s.FuzzTest == "FuzzQueue" {
			var ev pb.Event
			if err := proto.Unmarshal(in, &ev); err != nil {
				t.Errorf("%s: proto.Unmarshal: %v", s.File, err)
				continue
			}
			v = reflect.ValueOf(&ev)
		} else {
			v = reflect.ValueOf(string(in))
		}
		for _, f := range s.Facts {
			e, err := parser.ParseExpr(goSyntax(f))
			if err != nil {
				continue // a fact heatseed prints in another form
			}
			if !truth(t, eval(t, e, root, v)) {
				t.Errorf("%s (%s): fact %q does not hold for the decoded value", s.File, s.FuzzTest, f)
			}
			facts++
		}
		checked[s.FuzzTest]++
	}
	fmt.Printf("checked: protobuf=%d regexp=%d facts=%d\n", checked["FuzzQueue"],
		checked["FuzzParseOrder"]+checked["FuzzParseRange"]+checked["FuzzValidTag"], facts)
	if checked["FuzzQueue"] == 0 || checked["FuzzParseRange"]+checked["FuzzValidTag"] == 0 {
		t.Fatalf("no aimed protobuf or regexp seeds to check: %v", checked)
	}
}

var parseCall = regexp.MustCompile(`strconv\.(ParseInt|ParseUint)/(\d+)/(\d+)\(`)

// goSyntax rewrites heatseed's fact text into Go syntax the evaluator reads:
// `strconv.ParseInt/10/64(x)` is `parseInt_10_64(x)`, `F(x) fails` / `F(x) parses` are
// `fails(F(x))` / `!fails(F(x))`.
func goSyntax(f string) string {
	f = parseCall.ReplaceAllStringFunc(f, func(m string) string {
		p := parseCall.FindStringSubmatch(m)
		return "parse" + strings.TrimPrefix(p[1], "Parse") + "_" + p[2] + "_" + p[3] + "("
	})
	if x, ok := strings.CutSuffix(f, " fails"); ok {
		return "fails(" + x + ")"
	}
	if x, ok := strings.CutSuffix(f, " parses"); ok {
		return "!fails(" + x + ")"
	}
	return f
}

// corpusValue reads the one []byte or string value of a Go corpus file.
func corpusValue(t *testing.T, file string) []byte {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	if len(lines) != 2 || lines[0] != "go test fuzz v1" {
		t.Fatalf("%s: not a one-value corpus file", file)
	}
	call, ok := mustParse(t, lines[1]).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		t.Fatalf("%s: %s", file, lines[1])
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	if !ok {
		t.Fatalf("%s: %s", file, lines[1])
	}
	s, err := strconv.Unquote(lit.Value)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(s)
}

func mustParse(t *testing.T, s string) ast.Expr {
	e, err := parser.ParseExpr(s)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// eval gives the values of e (several for each(...): any of them may satisfy a fact).
func eval(t *testing.T, e ast.Expr, root string, in reflect.Value) []reflect.Value {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return eval(t, e.X, root, in)
	case *ast.Ident:
		switch e.Name {
		case root:
			return []reflect.Value{in}
		case "nil":
			return []reflect.Value{{}}
		case "true", "false":
			return []reflect.Value{reflect.ValueOf(e.Name == "true")}
		}
	case *ast.BasicLit:
		return []reflect.Value{literal(t, e)}
	case *ast.UnaryExpr:
		x := eval(t, e.X, root, in)
		switch e.Op {
		case token.NOT:
			return []reflect.Value{reflect.ValueOf(!truth(t, x))}
		case token.SUB:
			f := number(x[0])
			return []reflect.Value{reflect.ValueOf(new(big.Float).Neg(f))}
		}
	case *ast.BinaryExpr:
		l, r := eval(t, e.X, root, in), eval(t, e.Y, root, in)
		for _, a := range l {
			for _, b := range r {
				if compare(t, e.Op, a, b) {
					return []reflect.Value{reflect.ValueOf(true)}
				}
			}
		}
		return []reflect.Value{reflect.ValueOf(false)}
	case *ast.SelectorExpr:
		var out []reflect.Value
		for _, x := range eval(t, e.X, root, in) {
			get := x.MethodByName("Get" + e.Sel.Name)
			if !get.IsValid() {
				t.Fatalf("no getter Get%s on %s", e.Sel.Name, x.Type())
			}
			out = append(out, get.Call(nil)[0])
		}
		return out
	case *ast.IndexExpr:
		i, _ := strconv.Atoi(e.Index.(*ast.BasicLit).Value)
		var out []reflect.Value
		for _, x := range eval(t, e.X, root, in) {
			if x.IsValid() && i < x.Len() {
				out = append(out, x.Index(i))
			}
		}
		return out
	case *ast.CallExpr:
		return call(t, e, root, in)
	}
	t.Fatalf("fact syntax not modelled by the check: %T %s", e, exprString(e))
	return nil
}

func call(t *testing.T, e *ast.CallExpr, root string, in reflect.Value) []reflect.Value {
	arg := func(i int) []reflect.Value { return eval(t, e.Args[i], root, in) }
	switch fn := e.Fun.(type) {
	case *ast.Ident:
		switch fn.Name {
		case "len":
			return []reflect.Value{reflect.ValueOf(int64(arg(0)[0].Len()))}
		case "each":
			var out []reflect.Value
			for _, x := range arg(0) {
				for i := 0; i < x.Len(); i++ {
					out = append(out, x.Index(i))
				}
			}
			return out
		case "fails":
			return []reflect.Value{reflect.ValueOf(len(arg(0)) == 0)}
		case "regexp":
			pat, _ := strconv.Unquote(e.Args[0].(*ast.BasicLit).Value)
			return []reflect.Value{reflect.ValueOf(regexp.MustCompile(pat))}
		}
	}
	if fn, ok := e.Fun.(*ast.Ident); ok && strings.HasPrefix(fn.Name, "parse") {
		// parseInt_10_64(x): strconv.ParseInt(x, 10, 64); no value when it fails.
		p := strings.Split(fn.Name, "_")
		base, _ := strconv.Atoi(p[1])
		bits, _ := strconv.Atoi(p[2])
		var n any
		var err error
		if p[0] == "parseInt" {
			n, err = strconv.ParseInt(text(arg(0)[0]), base, bits)
		} else {
			n, err = strconv.ParseUint(text(arg(0)[0]), base, bits)
		}
		if err != nil {
			return nil
		}
		return []reflect.Value{reflect.ValueOf(n)}
	}
	switch fn := e.Fun.(type) {
	case *ast.SelectorExpr:
		name := exprString(fn.X) + "." + fn.Sel.Name
		switch name {
		case "strings.HasPrefix", "strings.HasSuffix", "strings.Contains":
			f := map[string]func(string, string) bool{
				"strings.HasPrefix": strings.HasPrefix,
				"strings.HasSuffix": strings.HasSuffix,
				"strings.Contains":  strings.Contains,
			}[name]
			return []reflect.Value{reflect.ValueOf(f(text(arg(0)[0]), text(arg(1)[0])))}
		case "strconv.Atoi":
			n, err := strconv.Atoi(text(arg(0)[0]))
			if err != nil {
				return nil
			}
			return []reflect.Value{reflect.ValueOf(int64(n))}
		}
		if fn.Sel.Name == "FindStringSubmatch" {
			re := eval(t, fn.X, root, in)[0].Interface().(*regexp.Regexp)
			return []reflect.Value{reflect.ValueOf(re.FindStringSubmatch(text(arg(0)[0])))}
		}
	}
	t.Fatalf("call not modelled by the check: %s", exprString(e.Fun))
	return nil
}

func exprString(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprString(e.X) + "." + e.Sel.Name
	}
	return fmt.Sprintf("%T", e)
}

func literal(t *testing.T, l *ast.BasicLit) reflect.Value {
	switch l.Kind {
	case token.STRING:
		s, err := strconv.Unquote(l.Value)
		if err != nil {
			t.Fatal(err)
		}
		return reflect.ValueOf(s)
	case token.INT, token.FLOAT:
		f, _, err := big.ParseFloat(l.Value, 0, 256, big.ToNearestEven)
		if err != nil {
			t.Fatal(err)
		}
		return reflect.ValueOf(f)
	case token.CHAR:
		r, _, _, err := strconv.UnquoteChar(l.Value[1:len(l.Value)-1], '\'')
		if err != nil {
			t.Fatal(err)
		}
		return reflect.ValueOf(new(big.Float).SetInt64(int64(r)))
	}
	t.Fatalf("literal %s", l.Value)
	return reflect.Value{}
}

func text(v reflect.Value) string {
	if v.Kind() == reflect.Slice {
		return string(v.Bytes())
	}
	return v.String()
}

// number gives a numeric value (integer, float or enum) as a big.Float.
func number(v reflect.Value) *big.Float {
	if f, ok := v.Interface().(*big.Float); ok {
		return f
	}
	f := new(big.Float).SetPrec(256)
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return f.SetInt64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return f.SetUint64(v.Uint())
	case reflect.Float32, reflect.Float64:
		return f.SetFloat64(v.Float())
	}
	return nil
}

func compare(t *testing.T, op token.Token, a, b reflect.Value) bool {
	var c int
	switch {
	case !b.IsValid(): // nil
		isNil := !a.IsValid() || ((a.Kind() == reflect.Slice || a.Kind() == reflect.Pointer) && a.IsNil())
		c = 1
		if isNil {
			c = 0
		}
	case b.Kind() == reflect.String:
		c = strings.Compare(text(a), b.String())
	case b.Kind() == reflect.Bool:
		c = 1
		if a.Bool() == b.Bool() {
			c = 0
		}
	default:
		x, y := number(a), number(b)
		if x == nil || y == nil {
			t.Fatalf("cannot compare %v with %v", a, b)
		}
		c = x.Cmp(y)
	}
	switch op {
	case token.EQL:
		return c == 0
	case token.NEQ:
		return c != 0
	case token.LSS:
		return c < 0
	case token.LEQ:
		return c <= 0
	case token.GTR:
		return c > 0
	case token.GEQ:
		return c >= 0
	}
	t.Fatalf("operator %s", op)
	return false
}

func truth(t *testing.T, vs []reflect.Value) bool {
	for _, v := range vs {
		if v.Kind() == reflect.Bool && v.Bool() {
			return true
		}
	}
	return false
}
