package vet_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/echoerr/echoerr/vet"
)

// bin is echoerr-vet, built once for the tests.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "echoerr-vet-test")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "echoerr-vet")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/echoerr-vet").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building echoerr-vet: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runVet runs echoerr-vet in dir and returns its findings without their
// file:line, the full lines, and its exit code.
func runVet(t *testing.T, dir string, args ...string) (findings, lines []string, code int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("echoerr-vet %v: %v", args, err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		line := sc.Text()
		lines = append(lines, line)
		_, f, ok := strings.Cut(line, ": ")
		if !ok {
			t.Fatalf("not a finding: %q", line)
		}
		findings = append(findings, f)
	}
	if code == 2 {
		t.Logf("stderr: %s", stderr.String())
	}
	return findings, lines, code
}

func hasPrefix(findings []string, prefix string) bool {
	return slices.ContainsFunc(findings, func(f string) bool { return strings.HasPrefix(f, prefix) })
}

// lineOf returns the line number of the first line of file containing s.
func lineOf(t *testing.T, file, s string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("%s has no %q", file, s)
	return 0
}

// TestFlows runs the analyzer on a fixture app with one route per kind of
// flow, each error defined where the flow starts.
func TestFlows(t *testing.T) {
	findings, lines, code := runVet(t, "testdata/fixtures", "./app")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (unmapped findings):\n%s", code, strings.Join(lines, "\n"))
	}
	for _, want := range []string{
		"unmapped: GET /wrap: errs.ErrA (via Wrap, Load)",                 // %w, twice, in another package
		"unmapped: GET /join: errs.ErrB (via Both)",                       // errors.Join (its *TypeC is mapped)
		"unmapped: GET /interface: errs.ErrGone (via Mem.Get)",            // an interface call: every implementation
		"unmapped: GET /closure: app.ErrClosure",                          // a factory's closure, its argument
		"unmapped: GET /generic: errs.ErrEmpty (via Wrap, First[string])", // a generic function
		"unmapped: GET /defer: app.ErrDefer (via withDefer)",              // a named result set in defer
		"unmapped: GET /admin/store: app.ErrAuth",                         // group middleware's own error
		"unmapped: GET /admin/ok: app.ErrAuth",
		"opaque: GET /field: field lastErr",                                     // a struct field: never dropped
		"opaque: GET /channel: a channel receive",                               // a channel: never dropped
		"may: GET /directive: *url.Error (via url.Parse)",                       // the app's //echoerr:returns; a guarded rule
		"conditional: GET /conditional: bcrypt.InvalidCostError if bcrypt-cost", // cost not a constant
		"unmapped: GET /conditional: bcrypt.ErrPasswordTooLong",
		"never-matches: app: DeclareError(app.ErrNever)",
		"unmapped: GET /ext/items: errs.ErrB (via Both)",  // routes another package registers on the app's namespace
		"unmapped: GET /ext/admin/stats: routes.ErrQuota", // its group's middleware
	} {
		if !hasPrefix(findings, want) {
			t.Errorf("no finding %q in:\n%s", want, strings.Join(lines, "\n"))
		}
	}
	for _, not := range []string{
		"unmapped: GET /mapped",   // Declare[*errs.TypeC]
		"unmapped: GET /http",     // an *echo.HTTPError answers its status
		"unmapped: GET /canceled", // context.Canceled is 499
		"unmapped: GET /narrowed", // ErrB is answered before: errors.Is narrows
		"unmapped: GET /join: *errs.TypeC",
		"unmapped: GET /interface: *errs.TypeC",
		"unmapped: GET /admin/store: errs.ErrGone", // the namespace's rule
		"unmapped: GET /ext/gone",                  // the other package's namespace rule
		"unmapped: GET /ext/items: *errs.TypeC",    // the app's rule
		"unmapped: GET /admin/ok: ",                // but ErrAuth: c.NoContent's write failure is a fault
	} {
		for _, f := range findings {
			if strings.HasPrefix(f, not) && f != "unmapped: GET /admin/ok: app.ErrAuth" {
				t.Errorf("unexpected finding %q", f)
			}
		}
	}
	// A finding is reported where its error starts in the app.
	wantLine := fmt.Sprintf("app/main.go:%d: unmapped: GET /defer:", lineOf(t, "testdata/fixtures/app/main.go", "err = ErrDefer"))
	if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, wantLine) }) {
		t.Errorf("no line %q in:\n%s", wantLine, strings.Join(lines, "\n"))
	}
}

// TestFaults: internal failures are reported only with -faults.
func TestFaults(t *testing.T) {
	findings, _, _ := runVet(t, "testdata/fixtures", "-faults", "./app")
	if !hasPrefix(findings, `unmapped: GET /admin/ok: "write to the client"`) {
		t.Errorf("-faults: no finding for c.NoContent's write failure in %q", findings)
	}
}

// TestExitStatus: 0 without unmapped findings, 1 with, 2 when the packages
// cannot be analyzed.
func TestExitStatus(t *testing.T) {
	findings, _, code := runVet(t, "testdata/fixtures", "./clean")
	if code != 0 || hasPrefix(findings, "unmapped:") {
		t.Errorf("clean: exit %d, findings %q", code, findings)
	}
	if _, _, code := runVet(t, "testdata/fixtures", "-kinds", "opaque", "./app"); code != 0 {
		t.Errorf("-kinds opaque: exit %d, want 0 (no unmapped finding reported)", code)
	}
	if _, _, code := runVet(t, "testdata/fixtures", "./nosuchpackage"); code != 2 {
		t.Errorf("a missing package: exit %d, want 2", code)
	}
	out, err := exec.Command(bin, "-version").Output()
	if err != nil || !strings.Contains(string(out), vet.TableVersion) {
		t.Errorf("-version: %q, %v", out, err)
	}
}

// TestGoVetTool: as go vet's tool it reports unmapped findings only, unless
// told -echoerr.kinds=all.
func TestGoVetTool(t *testing.T) {
	cmd := exec.Command("go", "vet", "-vettool="+bin, "./app")
	cmd.Dir = "testdata/fixtures"
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "unmapped: GET /wrap: errs.ErrA") || strings.Contains(string(out), "opaque:") {
		t.Errorf("go vet: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "/only-in-a-test") {
		t.Errorf("go vet: a route of an app made in a _test.go file is reported\n%s", out)
	}
	cmd = exec.Command("go", "vet", "-vettool="+bin, "-echoerr.kinds=all", "-echoerr.tests", "./app")
	cmd.Dir = "testdata/fixtures"
	out, _ = cmd.CombinedOutput()
	if !strings.Contains(string(out), "opaque: GET /channel") {
		t.Errorf("go vet -echoerr.kinds=all: no opaque finding\n%s", out)
	}
	if !strings.Contains(string(out), `unmapped: GET /only-in-a-test: "test only"`) {
		t.Errorf("go vet -echoerr.tests: the test file's app is left out\n%s", out)
	}
}

// TestEchoV5 runs the analyzer on an Echo v5 app.
func TestEchoV5(t *testing.T) {
	findings, lines, code := runVet(t, "testdata/fixtures5", "./app")
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, strings.Join(lines, "\n"))
	}
	for _, want := range []string{
		"unmapped: GET /api/lost: app.ErrLost (via lost)",
		"unmapped: GET /outside: app.ErrMissing", // the namespace's rule is not the app's
	} {
		if !slices.Contains(findings, want) {
			t.Errorf("no finding %q in:\n%s", want, strings.Join(lines, "\n"))
		}
	}
	for _, f := range findings {
		if strings.Contains(f, "/api/missing") || strings.Contains(f, "/api/status") || strings.Contains(f, "/api/bind") {
			t.Errorf("unexpected finding %q", f)
		}
	}
}

var update = flag.Bool("update", false, "rewrite the movie-bags' errorsets.json")

// routeSets runs echoerr-vet -sets in dir and returns the sets by route;
// with committed set, it also checks that file holds the same sets (or
// rewrites it with -update).
func routeSets(t *testing.T, dir, committed string, pkgs ...string) map[string]vet.RouteSet {
	t.Helper()
	file := filepath.Join(t.TempDir(), "sets.json")
	start := time.Now()
	_, lines, code := runVet(t, dir, append([]string{"-sets", file}, pkgs...)...)
	t.Logf("echoerr-vet %s %v: %v, exit %d", dir, pkgs, time.Since(start).Round(time.Millisecond), code)
	if code == 2 {
		t.Fatalf("exit 2\n%s", strings.Join(lines, "\n"))
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if committed != "" {
		path := filepath.Join(dir, committed)
		if *update {
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		old, err := os.ReadFile(path)
		if err != nil || string(old) != string(b) {
			t.Errorf("%s is not what echoerr-vet -sets writes now (%v): go test -run TestMovieBag -update, in vet/", path, err)
		}
	}
	var sets []vet.RouteSet
	if err := json.Unmarshal(b, &sets); err != nil {
		t.Fatal(err)
	}
	out := map[string]vet.RouteSet{}
	for _, s := range sets {
		out[s.Method+" "+s.Path] = s
	}
	return out
}

// TestSets: the per-route sets name the rules each route's errors trigger.
func TestSets(t *testing.T) {
	sets := routeSets(t, "testdata/fixtures", "", "./app")
	store := sets["GET /admin/store"]
	if !slices.Contains(store.Rules, "DeclareError(errs.ErrGone)") || !slices.Contains(store.Unmapped, "app.ErrAuth") {
		t.Errorf("GET /admin/store: %+v", store)
	}
	if m := sets["GET /mapped"]; !slices.Equal(m.Rules, []string{"Declare[*errs.TypeC]"}) || len(m.Unmapped) != 0 {
		t.Errorf("GET /mapped: %+v", m)
	}
	if h := sets["GET /http"]; !slices.Equal(h.Statuses, []int{409}) || h.Incomplete {
		t.Errorf("GET /http: %+v", h)
	}
	// An opaque source could be any error: Reachable keeps every answer.
	if f := sets["GET /field"]; !f.Incomplete || !slices.Contains(f.Opaque, "field lastErr") {
		t.Errorf("GET /field: %+v", f)
	}
	if _, ok := sets["GET /only-in-a-test"]; ok {
		t.Error("a test file's app is in the sets")
	}
	// Keys name rules as echoerr's Answer.Key does.
	if m := sets["GET /mapped"]; !slices.Equal(m.Keys, []string{"type *example.com/fixtures/errs.TypeC"}) {
		t.Errorf("GET /mapped keys: %q", m.Keys)
	}
	if s := sets["GET /admin/store"]; !slices.Contains(s.Keys, "sentinel *errors.errorString:gone") {
		t.Errorf("GET /admin/store keys: %q", s.Keys)
	}
}

// Every error of the movie-bag's routes, written by hand from its code
// before the analyzer ran: what Echo's binder, the validator, bcrypt, the
// store (SQLite, through database/sql) and echo-jwt return. Faults (a
// closed database, a JSON column that does not decode, a write to a gone
// client) are left out, as the analyzer leaves them out.
var (
	bind      = []string{"*echo.HTTPError 400", "echo.ErrUnsupportedMediaType", "*echo.BindingError 400"}
	validate  = []string{"validator.ValidationErrors"}
	db        = []string{"*sqlite.Error", "context.Canceled", "context.DeadlineExceeded"}
	token     = []string{"*echo-jwt.TokenExtractionError", "*echo-jwt.TokenParsingError"}
	movieBag4 = map[string][]string{
		"POST /api/auth/signup":  slices.Concat(bind, validate, db, []string{"bcrypt.ErrPasswordTooLong"}),
		"POST /api/auth/login":   slices.Concat(bind, validate, db, []string{"sql.ErrNoRows", "bcrypt.ErrMismatchedHashAndPassword", "bcrypt.ErrPasswordTooLong"}),
		"GET /api/movies":        db,
		"POST /api/movies":       slices.Concat(token, bind, validate, db),
		"GET /api/movies/:id":    slices.Concat(db, []string{"sql.ErrNoRows"}),
		"PUT /api/movies/:id":    slices.Concat(token, bind, db, []string{"sql.ErrNoRows"}),
		"DELETE /api/movies/:id": slices.Concat(token, db, []string{"sql.ErrNoRows"}),
		"GET /openapi.json":      nil,
	}
	// The v5 movie-bag: Echo v5's binder, and its own token middleware
	// (requireToken) in place of echo-jwt.
	bind5     = []string{"*echo.HTTPError 400", "echo.ErrUnsupportedMediaType", "*echo.BindingError 400"}
	token5    = []string{"*moviebag.tokenError wrapping moviebag.errNoToken", "*moviebag.tokenError wrapping jwt.ErrTokenMalformed", "*moviebag.tokenError wrapping jwt.ErrTokenExpired", "*moviebag.tokenError wrapping jwt.ErrTokenSignatureInvalid"}
	movieBag5 = map[string][]string{
		"POST /api/auth/signup":  slices.Concat(bind5, validate, db, []string{"bcrypt.ErrPasswordTooLong"}),
		"POST /api/auth/login":   slices.Concat(bind5, validate, db, []string{"sql.ErrNoRows", "bcrypt.ErrMismatchedHashAndPassword", "bcrypt.ErrPasswordTooLong"}),
		"GET /api/movies":        db,
		"POST /api/movies":       slices.Concat(token5, bind5, validate, db),
		"GET /api/movies/:id":    slices.Concat(db, []string{"sql.ErrNoRows"}),
		"PUT /api/movies/:id":    slices.Concat(token5, bind5, db, []string{"sql.ErrNoRows"}),
		"DELETE /api/movies/:id": slices.Concat(token5, db, []string{"sql.ErrNoRows"}),
		"GET /openapi.json":      nil,
	}
)

// TestMovieBag compares the analyzer's sets with the hand-written ones:
// every hand-written error is found (recall 1.0); the precision and the
// extra errors are logged. It also keeps the movie-bags' errorsets.json
// current (docs/vet.md).
func TestMovieBag(t *testing.T) {
	for _, tc := range []struct {
		name, dir string
		want      map[string][]string
	}{
		{"v4", "../_example", movieBag4},
		{"v5", "../_example/v5", movieBag5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The movie-bag documents each route's own answers from its
			// embedded errorsets.json: it must be what the analyzer finds.
			sets := routeSets(t, tc.dir, "moviebag/errorsets.json", "./moviebag")
			found, matched := 0, 0
			for route, want := range tc.want {
				got, ok := sets[route]
				if !ok {
					t.Errorf("%s: no such route in %v", route, keys(sets))
					continue
				}
				found += len(got.Errors)
				for _, w := range want {
					if !slices.Contains(got.Errors, w) {
						t.Errorf("%s: %s not found (recall below 1.0); found %q", route, w, got.Errors)
					}
				}
				for _, g := range got.Errors {
					if slices.Contains(want, g) {
						matched++
					} else {
						t.Logf("%s: extra: %s", route, g)
					}
				}
				if len(got.Unmapped) > 0 || len(got.Opaque) > 0 {
					t.Errorf("%s: unmapped %q, opaque %q", route, got.Unmapped, got.Opaque)
				}
			}
			if len(sets) != len(tc.want) {
				t.Errorf("routes: %v, want %v", keys(sets), len(tc.want))
			}
			t.Logf("precision %d/%d", matched, found)
		})
	}
}

func keys(m map[string]vet.RouteSet) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// knownUnmapped are the examples' deliberate 500s: each shows how echoerr
// answers an error no rule maps (the text stays out of the answer).
var knownUnmapped = []string{
	`unmapped: GET /{?}/boom: "pq: connection refused (secret)"`,
	`unmapped: GET /blog/posts/:slug: "template missing"`,
	`unmapped: GET /posts/:slug: observability.errTemplateMissing`,
}

var position = regexp.MustCompile(`^[^:]+:\d+: `)

// TestExamples is CI's gate: echoerr-vet on every example (Echo v4 and v5)
// reports no unmapped finding but the deliberate ones.
func TestExamples(t *testing.T) {
	for _, dir := range []string{"../_example", "../_example/v5"} {
		start := time.Now()
		_, lines, code := runVet(t, dir, "./...")
		t.Logf("echoerr-vet %s ./...: %v", dir, time.Since(start).Round(time.Millisecond))
		if code == 2 {
			t.Fatalf("%s: exit 2\n%s", dir, strings.Join(lines, "\n"))
		}
		for _, l := range lines {
			f := position.ReplaceAllString(l, "")
			if strings.HasPrefix(f, "unmapped: ") && !slices.Contains(knownUnmapped, f) {
				t.Errorf("%s: new unmapped finding: %s", dir, l)
			}
		}
	}
}

// TestHostile: code that could trip the analyzer (mutual recursion, a
// self-calling closure, an append loop joined, method values, a handler
// from a map, an interface with no implementation) is analyzed, not
// crashed on, and recursion finds every error.
func TestHostile(t *testing.T) {
	findings, lines, code := runVet(t, "testdata/fixtures", "./hostile")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, strings.Join(lines, "\n"))
	}
	for _, want := range []string{
		"unmapped: GET /recursive: hostile.ErrEven",
		"unmapped: GET /recursive: hostile.ErrOdd",
		"unmapped: GET /switch: hostile.ErrEven (via even, odd)", // found through the recursion's fixpoint
		"unmapped: GET /switch: hostile.ErrOdd",
		"unmapped: GET /self: hostile.ErrLoop",
		"unmapped: GET /loop: hostile.ErrLoop",
		"opaque: GET /map: a handler value",
		"opaque: GET /nothing: (hostile.Nothing).Do",
	} {
		if !hasPrefix(findings, want) {
			t.Errorf("no finding %q in:\n%s", want, strings.Join(lines, "\n"))
		}
	}
}
