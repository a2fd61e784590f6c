// Command synth writes a synthetic Echo app of about -lines lines (packages
// of store functions, handlers and rules, wired under namespaces) into -o,
// to measure echoerr-vet on an app of that size (docs/vet.md):
//
//	go run ./internal/synth -lines 50000 -o /tmp/synth
//	cd /tmp/synth && time echoerr-vet ./...
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

const unit = `
// ErrNotFound{{N}} is a sentinel of unit {{N}}.
var ErrNotFound{{N}} = errors.New("{{P}}: not found {{N}}")

// ErrBad{{N}} is an error type of unit {{N}}.
type ErrBad{{N}} struct{ Field string }

func (e *ErrBad{{N}}) Error() string { return "bad " + e.Field }

// Get{{N}} reads one row.
func (s *Store) Get{{N}}(ctx context.Context, id string) (string, error) {
	if id == "" {
		return "", &ErrBad{{N}}{Field: "id"}
	}
	var name string
	err := s.DB.QueryRowContext(ctx, "SELECT name FROM t{{N}} WHERE id = ?", id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound{{N}}
	}
	if err != nil {
		return "", fmt.Errorf("get{{N}} %s: %w", id, err)
	}
	n, err := strconv.Atoi(name)
	if err != nil {
		return "", wrap(err)
	}
	return strconv.Itoa(n), nil
}

// Handle{{N}} serves unit {{N}}.
func Handle{{N}}(s *Store) echo.HandlerFunc {
	return func(c echo.Context) error {
		v, err := s.Get{{N}}(c.Request().Context(), c.Param("id"))
		if err != nil {
			return err
		}
		return c.String(http.StatusOK, v)
	}
}
`

func main() {
	lines := flag.Int("lines", 50000, "about how many lines to write")
	out := flag.String("o", "", "the directory to write the module into")
	root := flag.String("echoerr", "", "the echoerr repository (for a replace directive); default: two levels up from the working directory")
	flag.Parse()
	if *out == "" {
		log.Fatal("synth: -o is required")
	}
	if *root == "" {
		wd, _ := os.Getwd()
		*root = filepath.Dir(wd)
	}
	unitLines := strings.Count(unit, "\n")
	units := 40
	pkgs := max(1, *lines/(units*unitLines))
	must(os.MkdirAll(*out, 0o755))
	must(os.WriteFile(filepath.Join(*out, "go.mod"), []byte(fmt.Sprintf(`module example.com/synth

go 1.26.0

require (
	github.com/echoerr/echoerr v0.0.0
	github.com/labstack/echo/v4 v4.16.0
)

replace github.com/echoerr/echoerr => %s
`, *root)), 0o644))
	var imports, wiring strings.Builder
	total := 0
	for p := 0; p < pkgs; p++ {
		name := fmt.Sprintf("p%d", p)
		var b strings.Builder
		fmt.Fprintf(&b, `// Package %s is synthetic.
package %s

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"
)

// Store is the package's store.
type Store struct{ DB *sql.DB }

func wrap(err error) error { return fmt.Errorf("%s: %%w", err) }
`, name, name, name)
		for u := 0; u < units; u++ {
			b.WriteString(strings.NewReplacer("{{N}}", fmt.Sprint(u), "{{P}}", name).Replace(unit))
		}
		b.WriteString("\n// Routes registers the package's routes and its rules (half of them).\nfunc Routes(g *echoerr.Namespace, s *Store) {\n")
		for u := 0; u < units; u++ {
			fmt.Fprintf(&b, "\tg.GET(\"/u%d/:id\", Handle%d(s))\n", u, u)
			if u%2 == 0 {
				fmt.Fprintf(&b, "\tg.Handle(echoerr.DeclareError(ErrNotFound%d, echoerr.Entry{Status: http.StatusNotFound}), echoerr.Declare[*ErrBad%d](echoerr.Entry{Status: http.StatusBadRequest}))\n", u, u)
			}
		}
		b.WriteString("}\n")
		dir := filepath.Join(*out, name)
		must(os.MkdirAll(dir, 0o755))
		must(os.WriteFile(filepath.Join(dir, name+".go"), []byte(b.String()), 0o644))
		total += strings.Count(b.String(), "\n")
		fmt.Fprintf(&imports, "\t\"example.com/synth/%s\"\n", name)
		fmt.Fprintf(&wiring, "\t%s.Routes(echoerr.Group(e, \"/%s\"), &%s.Store{DB: db})\n", name, name, name)
	}
	main := fmt.Sprintf(`// Command synth is a synthetic app.
package main

import (
	"database/sql"

	"github.com/labstack/echo/v4"

	"github.com/echoerr/echoerr"

%s)

func main() {
	db, _ := sql.Open("none", "")
	e := echo.New()
	e.HTTPErrorHandler = echoerr.New()
%s	_ = e.Start(":8080")
}
`, imports.String(), wiring.String())
	must(os.WriteFile(filepath.Join(*out, "main.go"), []byte(main), 0o644))
	total += strings.Count(main, "\n")
	fmt.Printf("synth: %d packages, %d routes, %d lines in %s\n", pkgs, pkgs*units, total, *out)
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
