package vet

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
	"strconv"
	"strings"
)

// Elem is one error of an error's tree.
type Elem struct {
	Type     string // its dynamic type, with full package paths ("*pkg.T")
	Sentinel string // a package-level error variable ("pkg.Var")
	Status   int    // the status it answers by default, when known
	Text     string // an unnamed error's text (errors.New, fmt.Errorf)
}

// Origin is one error that can reach echoerr from a route: the error and
// what it wraps, and how it gets there.
type Origin struct {
	Chain  []Elem   // the error and what it wraps, outermost first
	Driver bool     // the database/sql driver's errors, known where the driver's import is
	Param  int      // > 0: what argument Param-1 of the call carries (a summary's placeholder)
	Method string   // with Param: what that argument's method of this name returns
	Opaque string   // a source outside the table: what was called
	Cond   string   // only possible when this library condition holds
	Fault  bool     // an internal failure that rightly answers 500
	Via    []string // the functions it passed through, innermost first

	pos     token.Pos     // where it enters the analyzed package, when known
	args    []ssa.Value   // with Method: the method call's arguments, in this package
	paramOf *ssa.Function // with Param: whose parameter (nil in a fact: the function's own)
}

// String says what the error is, as a finding shows it.
func (o Origin) String() string {
	switch {
	case o.Opaque != "":
		return o.Opaque
	case o.Driver:
		return "the database driver's errors"
	case len(o.Chain) == 0:
		return "error"
	}
	var parts []string
	for _, e := range o.Chain {
		parts = append(parts, e.String())
	}
	return strings.Join(parts, " wrapping ")
}

func (e Elem) String() string {
	var s string
	switch {
	case e.Sentinel != "":
		s = short(e.Sentinel)
	case e.Text != "":
		s = strconv.Quote(e.Text)
	default:
		s = short(e.Type)
	}
	if e.Status != 0 && e.Sentinel == "" {
		s += " " + strconv.Itoa(e.Status)
	}
	return s
}

// short writes a type or variable with its package's name only:
// "*github.com/labstack/echo/v4.HTTPError" is "*echo.HTTPError".
func short(s string) string {
	star := ""
	if strings.HasPrefix(s, "*") {
		star, s = "*", s[1:]
	}
	dot := strings.LastIndexByte(s, '.')
	if dot < 0 {
		return star + s
	}
	pkg, name := s[:dot], s[dot+1:]
	if i := strings.LastIndexByte(pkg, '/'); i >= 0 {
		last := pkg[i+1:]
		if len(last) >= 2 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
			if j := strings.LastIndexByte(pkg[:i], '/'); j >= 0 {
				last = pkg[j+1 : i]
			} else {
				last = pkg[:i]
			}
		}
		pkg = last
	}
	return star + pkg + "." + name
}

// shortKey writes a function key ("(*pkg/path.T).Method", "pkg/path.Func")
// with package names only: "(*sql.DB).ExecContext", "bcrypt.CompareHashAndPassword".
func shortKey(key string) string {
	if !strings.HasPrefix(key, "(") {
		return short(key)
	}
	end := strings.Index(key, ").")
	if end < 0 {
		return key
	}
	return "(" + short(key[1:end]) + ")." + key[end+2:]
}

// sentinelFact is the key (type and text) of a package-level error
// variable made by errors.New or fmt.Errorf with a constant.
type sentinelFact struct{ Key string }

func (*sentinelFact) AFact() {}

func (f *sentinelFact) String() string { return "sentinel " + f.Key }

// driversFact names the database/sql drivers a package's program imports.
type driversFact struct{ Drivers []string }

func (*driversFact) AFact() {}

func (f *driversFact) String() string { return "drivers " + strings.Join(f.Drivers, ", ") }

// Rule is one of the app's rules as read from the code.
type Rule struct {
	Kind    string // "type", "sentinel", "status" or "all"
	Target  string // the type or sentinel ("pkg.Var")
	Status  int    // a status rule's status
	Guarded bool   // DeclareIf, OnIf, a detail: it may decline
	Name    string // how it was written: "Declare[*pkg.T]"
	Key     string // what it matches, as echoerr's answer.Answer.Key ("" when unknown)

	pos token.Pos
	id  int
}

func (r Rule) String() string { return r.Name }

// returnsFact is what an exported function of a package returns as errors.
type returnsFact struct{ Origins []Origin }

func (*returnsFact) AFact() {}

func (f *returnsFact) String() string {
	var s []string
	for _, o := range f.Origins {
		s = append(s, o.String())
	}
	return "returns " + strings.Join(s, ", ")
}

// rulesFact is the rules an exported function or variable of a package
// makes.
type rulesFact struct{ Rules []Rule }

func (*rulesFact) AFact() {}

func (f *rulesFact) String() string {
	var s []string
	for _, r := range f.Rules {
		s = append(s, r.Name)
	}
	return "rules " + strings.Join(s, ", ")
}
