// Command echoerr-vet reports, for each route of an Echo app, the errors
// that can reach echoerr and that no rule maps (they answer 500), and the
// rules no route can trigger. Run it inside the app's module:
//
//	echoerr-vet ./...
//
// Each finding is one line, file:line: KIND: METHOD PATH: ERROR (via ...),
// with KIND one of unmapped, conditional, may, never-matches and opaque
// (see package github.com/echoerr/echoerr/vet). It exits 1 when it reports
// an unmapped finding, 2 when it cannot analyze the packages, else 0.
//
// Flags:
//
//	-kinds list   the kinds to report (default all)
//	-faults       also report internal failures that answer 500 by design
//	-sets file    write every route's error set as JSON (for echoerr.Describe)
//	-version      print the library table's version
//
// It also works as go vet's tool, reporting unmapped findings only unless
// told -echoerr.kinds=all:
//
//	go vet -vettool=$(which echoerr-vet) ./...
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/echoerr/echoerr/vet"
)

func main() {
	if vetMode(os.Args[1:]) {
		unitchecker.Main(vet.Analyzer)
		return
	}
	os.Exit(standalone(os.Args[1:], os.Stdout, os.Stderr))
}

// vetMode reports whether go vet runs the command as its tool.
func vetMode(args []string) bool {
	for _, a := range args {
		if a == "-flags" || strings.HasPrefix(a, "-V=") {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

var findingLine = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`)

func standalone(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("echoerr-vet", flag.ContinueOnError)
	fs.SetOutput(stderr)
	kinds := fs.String("kinds", "all", "comma-separated kinds of finding to report (unmapped, conditional, may, never-matches, opaque), or all")
	faults := fs.Bool("faults", false, "also report internal failures that answer 500 by design")
	sets := fs.String("sets", "", "write every route's error set as JSON to this file")
	version := fs.Bool("version", false, "print the library table's version")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: echoerr-vet [flags] packages...")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *version {
		fmt.Fprintln(stdout, "echoerr-vet, library table", vet.TableVersion)
		return 0
	}
	pkgs := fs.Args()
	if len(pkgs) == 0 {
		pkgs = []string{"."}
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(stderr, "echoerr-vet:", err)
		return 2
	}
	vetArgs := []string{"vet", "-vettool=" + self, "-echoerr.kinds=" + *kinds}
	if *faults {
		vetArgs = append(vetArgs, "-echoerr.faults")
	}
	if *sets != "" {
		vetArgs = append(vetArgs, "-echoerr.sets")
	}
	cmd := exec.Command("go", append(vetArgs, pkgs...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	runErr := cmd.Run()
	var findings, other []string
	var routeSets []vet.RouteSet
	unmapped := false
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "# ") {
			continue
		}
		m := findingLine.FindStringSubmatch(line)
		if m == nil || !strings.Contains(m[4], ": ") {
			other = append(other, line)
			continue
		}
		if js, ok := strings.CutPrefix(m[4], "sets: "); ok {
			var set vet.RouteSet
			if err := json.Unmarshal([]byte(js), &set); err != nil {
				other = append(other, line)
				continue
			}
			routeSets = append(routeSets, set)
			continue
		}
		file := m[1]
		if rel, err := filepath.Rel(".", file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
		findings = append(findings, fmt.Sprintf("%s:%s: %s", file, m[2], m[4]))
		if strings.HasPrefix(m[4], "unmapped: ") {
			unmapped = true
		}
	}
	sort.Strings(findings)
	for i, f := range findings {
		if i > 0 && f == findings[i-1] {
			continue
		}
		fmt.Fprintln(stdout, f)
	}
	var exit *exec.ExitError
	if runErr != nil && (len(findings) == 0 || len(other) > 0) && !(errors.As(runErr, &exit) && len(other) == 0) {
		for _, l := range other {
			fmt.Fprintln(stderr, l)
		}
		fmt.Fprintln(stderr, "echoerr-vet:", runErr)
		return 2
	}
	if *sets != "" {
		if err := writeSets(*sets, routeSets); err != nil {
			fmt.Fprintln(stderr, "echoerr-vet:", err)
			return 2
		}
	}
	if unmapped {
		return 1
	}
	return 0
}

// writeSets writes the routes' sets into one file, sorted, each route
// once (a package and its test variant report it alike).
func writeSets(file string, all []vet.RouteSet) error {
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].Path != all[j].Path {
			return all[i].Path < all[j].Path
		}
		return all[i].Method < all[j].Method
	})
	var out []vet.RouteSet
	for _, s := range all {
		if n := len(out); n > 0 && out[n-1].Method == s.Method && out[n-1].Path == s.Path {
			continue
		}
		out = append(out, s)
	}
	if out == nil {
		out = []vet.RouteSet{}
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(b, '\n'), 0o644)
}
