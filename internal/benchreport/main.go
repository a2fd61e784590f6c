// Command benchreport reads benchstat's CSV output (benchstat -format csv) for
// the benchmarks of bench_test.go and prints one table: each case with its
// median time and allocations, its ratio to its reference, and PASS or MISS
// for each performance target. scripts/bench runs it; it exits 1 on a MISS.
package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// target is one row of the report.
type target struct {
	name, ref string  // benchmark case and its reference ("" for none)
	id        string  // the target's name, "" for an informational row
	maxRatio  float64 // time ratio limit
	maxSec    float64 // without a reference: an absolute time limit
	unit      string  // a ratio the benchmark reports itself, in this unit
	allocs    string  // "le": allocations <= the reference's; "eq": equal
}

var targets = []target{
	{name: "Floor"},
	{name: "EchoDefault/HTTPError"},
	{name: "EchoDefault/PlainError"},
	{name: "Echoerr/HTTPError", ref: "EchoDefault/HTTPError", id: "P1", maxRatio: 1.00, allocs: "le"},
	{name: "Echoerr/PlainError", ref: "EchoDefault/PlainError", id: "P1", maxRatio: 1.00, allocs: "le"},
	{name: "Declared", ref: "Floor", id: "P2", maxRatio: 1.10},
	// Issue 22: a typed On handler that writes the floor's bytes, against
	// the floor (allocations equal to the floor's).
	{name: "OnHandler", ref: "Floor", id: "T1", maxRatio: 1.15, allocs: "eq"},
	// A 10-deep %w chain against the same error returned directly.
	{name: "Chain/Direct"},
	{name: "Chain/Deep10", ref: "Chain/Direct", id: "T2", maxRatio: 1.50},
	// Setup of 1,000 namespaces of 10 routes against as many plain groups,
	// and the first error after it (goal: 0.3 ms; an absolute figure).
	// Issue 22's default answers against the floor (v4 here, v5 below).
	{name: "Echoerr/HTTPError", ref: "Floor", id: "T4", maxRatio: 1.10},
	{name: "Echoerr/PlainError", ref: "Floor", id: "T4", maxRatio: 1.10},
	{name: "Setup/Groups"},
	{name: "Setup/Namespaces", ref: "Setup/Groups", id: "T3", maxRatio: 1.30},
	{name: "FirstError", id: "T5", maxSec: 0.3e-3},
	{name: "Types/1"},
	{name: "Types/100", ref: "Types/1"},
	{name: "Types/10000", ref: "Types/1", id: "P3", maxRatio: 1.10},
	{name: "Success/Groups"},
	{name: "Success/Namespaces", ref: "Success/Groups", id: "P4", maxRatio: 1.02, allocs: "eq"},
	{name: "GitHub/Groups"},
	{name: "GitHub/Namespaces", ref: "GitHub/Groups", id: "R1", maxRatio: 1.02, allocs: "eq"},
	{name: "Routing/NotFound/Group"},
	{name: "Routing/NotFound/Namespace", ref: "Routing/NotFound/Group", id: "R2", maxRatio: 1.15},
	{name: "Routing/MethodNotAllowed/Group"},
	{name: "Routing/MethodNotAllowed/Namespace", ref: "Routing/MethodNotAllowed/Group", id: "R2", maxRatio: 1.15},
	{name: "Routing/NotFoundMW/Group"},
	{name: "Routing/NotFoundMW/Namespace", ref: "Routing/NotFoundMW/Group", id: "R3", maxRatio: 1.15},
	// With middleware a plain group answers a wrong method 404 (its catch-all
	// route hides the path), a namespace 405 with Allow as Echo's router does
	// without groups, and runs the group middleware for it: the row is
	// compared with Echo's own 405 with the same middleware run once (given
	// to e.Use), and, for the record, with Echo's 405 without it.
	{name: "Routing/MethodNotAllowedMW/Group"},
	{name: "Routing/MethodNotAllowedMW/Use"},
	{name: "Routing/MethodNotAllowedMW/Namespace", ref: "Routing/MethodNotAllowedMW/Use", id: "R3", maxRatio: 1.15},
	{name: "Routing/MethodNotAllowedMW/Namespace", ref: "Routing/MethodNotAllowed/Group"},
	{name: "Routing/NotFoundOutside/Group"},
	{name: "Routing/NotFoundOutside/Namespace", ref: "Routing/NotFoundOutside/Group", id: "R4", maxRatio: 1.05},
	{name: "Deep", ref: "EchoDefault/HTTPError", id: "P5", maxRatio: 1.20},
	{name: "Guarded/Plain"},
	{name: "Guarded/If", ref: "Guarded/Plain", id: "G1", maxRatio: 1.10},
	{name: "RouteLevel/ErrorNamespace"},
	{name: "RouteLevel/ErrorRoute", ref: "RouteLevel/ErrorNamespace", id: "G2", maxRatio: 1.10},
	{name: "RouteLevel/SuccessPlain"},
	{name: "RouteLevel/SuccessRoute", ref: "RouteLevel/SuccessPlain", id: "G3", maxRatio: 1.02, allocs: "eq"},
	// The answer with echoerr's default log line (slog's JSON handler),
	// against the answer itself, and against the same line logged by hand
	// through the same handler (L1: what echoerr adds to slog's own cost).
	{name: "Logged/JSON", ref: "Echoerr/HTTPError"},
	{name: "Logged/HandWritten"},
	{name: "Logged/JSON", ref: "Logged/HandWritten", id: "L1", maxRatio: 1.10},
	{name: "Logged/ClientErrorsAtDebug", ref: "Echoerr/HTTPError"},
	// A real server's p99 latency, echoerr's (default log line) over Echo's
	// default handler's: the benchmark reports the ratio itself.
	{name: "LoadP99", unit: "p99-ratio", id: "T6", maxRatio: 1.03},
	{name: "HandWritten/Switch"},
	{name: "HandWritten/Echoerr", ref: "HandWritten/Switch"},
	// Echo v5 (v5/bench_test.go): echoerr against v5's own handlers, and
	// success through namespaces against plain groups.
	{name: "V5EchoDefault/HTTPError"},
	{name: "V5EchoDefault/PlainError"},
	{name: "V5Echoerr/HTTPError", ref: "V5EchoDefault/HTTPError", id: "V1", maxRatio: 1.00, allocs: "le"},
	{name: "V5Echoerr/PlainError", ref: "V5EchoDefault/PlainError", id: "V1", maxRatio: 1.00, allocs: "le"},
	{name: "V5EchoProblem/HTTPError"},
	{name: "V5EchoProblem/PlainError"},
	{name: "V5EchoerrProblem/HTTPError", ref: "V5EchoProblem/HTTPError", id: "V1", maxRatio: 1.00, allocs: "le"},
	{name: "V5EchoerrProblem/PlainError", ref: "V5EchoProblem/PlainError", id: "V1", maxRatio: 1.00, allocs: "le"},
	{name: "V5Floor"},
	{name: "V5OnHandler", ref: "V5Floor", id: "T1", maxRatio: 1.15, allocs: "eq"},
	{name: "V5Chain/Direct"},
	{name: "V5Chain/Deep10", ref: "V5Chain/Direct", id: "T2", maxRatio: 1.50},
	{name: "V5Setup/Groups"},
	{name: "V5Setup/Namespaces", ref: "V5Setup/Groups", id: "T3", maxRatio: 1.30},
	{name: "V5FirstError", id: "T5", maxSec: 0.3e-3},
	{name: "V5Logged/JSON", ref: "V5Echoerr/HTTPError"},
	{name: "V5Logged/HandWritten"},
	{name: "V5Logged/JSON", ref: "V5Logged/HandWritten", id: "L1", maxRatio: 1.10},
	{name: "V5Logged/ClientErrorsAtDebug", ref: "V5Echoerr/HTTPError"},
	{name: "V5Echoerr/HTTPError", ref: "V5Floor", id: "T4", maxRatio: 1.10},
	{name: "V5Echoerr/PlainError", ref: "V5Floor", id: "T4", maxRatio: 1.10},
	{name: "V5Success/Groups"},
	{name: "V5Success/Namespaces", ref: "V5Success/Groups", id: "V2", maxRatio: 1.02, allocs: "eq"},
	// The same router table: groups without v5.3's catch-all routes.
	{name: "V5Success/GroupsNoCatchAlls"},
	{name: "V5Success/Namespaces", ref: "V5Success/GroupsNoCatchAlls", id: "V2", maxRatio: 1.02, allocs: "eq"},
	// The router's 404 and 405 under a namespace against under a plain
	// group (v5.3+'s, with catch-alls for group middleware), both answered
	// by echoerr.
	{name: "V5Routing/NotFound/Group"},
	{name: "V5Routing/NotFound/Namespace", ref: "V5Routing/NotFound/Group", id: "V3", maxRatio: 1.15},
	{name: "V5Routing/MethodNotAllowed/Group"},
	{name: "V5Routing/MethodNotAllowed/Namespace", ref: "V5Routing/MethodNotAllowed/Group", id: "V3", maxRatio: 1.15},
	{name: "V5Routing/NotFoundMW/Group"},
	{name: "V5Routing/NotFoundMW/Namespace", ref: "V5Routing/NotFoundMW/Group", id: "V3", maxRatio: 1.15},
	// With middleware a v5.3+ group answers a wrong method 404: the row is
	// compared with the group's 405 without middleware, as R3 is.
	{name: "V5Routing/MethodNotAllowedMW/Group"},
	{name: "V5Routing/MethodNotAllowedMW/Namespace", ref: "V5Routing/MethodNotAllowed/Group", id: "V3", maxRatio: 1.15},
	{name: "V5Routing/NotFoundOutside/Group"},
	{name: "V5Routing/NotFoundOutside/Namespace", ref: "V5Routing/NotFoundOutside/Group", id: "V3", maxRatio: 1.05},
	{name: "V5LoadP99", unit: "p99-ratio", id: "T6", maxRatio: 1.03},
}

var procSuffix = regexp.MustCompile(`-\d+$`)

func main() {
	values, err := parse(os.Stdin)
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "%-37s %9s %6s   %-37s %5s  %-22s %s\n", "case", "time/op", "allocs", "reference", "ratio", "target", "result")
	missed := false
	for _, t := range targets {
		if t.unit != "" {
			v, ok := values[t.unit][t.name]
			if !ok {
				fmt.Fprintf(w, "%-37s %9s\n", t.name, "(not run)")
				missed = true
				continue
			}
			result := "PASS"
			if v > t.maxRatio {
				result, missed = "MISS", true
			}
			fmt.Fprintf(w, "%-37s %9s %6s   %-37s %5.2f  %-22s %s\n", t.name, "", "", "(p99, Echo's default handler)", v,
				fmt.Sprintf("%s <=%.2f", t.id, t.maxRatio), result)
			continue
		}
		sec, ok := values["sec/op"][t.name]
		if !ok {
			fmt.Fprintf(w, "%-37s %9s\n", t.name, "(not run)")
			if t.id != "" {
				missed = true
			}
			continue
		}
		allocs := values["allocs/op"][t.name]
		line := fmt.Sprintf("%-37s %9s %6.0f", t.name, duration(sec), allocs)
		if t.ref != "" {
			refSec, refAllocs := values["sec/op"][t.ref], values["allocs/op"][t.ref]
			ratio := sec / refSec
			line += fmt.Sprintf("   %-37s %5.2f", t.ref, ratio)
			if t.id != "" {
				pass := ratio <= t.maxRatio
				cond := fmt.Sprintf("%s <=%.2f", t.id, t.maxRatio)
				switch t.allocs {
				case "le":
					pass = pass && allocs <= refAllocs
					cond += ", allocs<="
				case "eq":
					pass = pass && allocs == refAllocs
					cond += ", +0 allocs"
				}
				result := "PASS"
				if !pass {
					result, missed = "MISS", true
				}
				line += fmt.Sprintf("  %-22s %s", cond, result)
			}
		}
		if t.ref == "" && t.maxSec > 0 {
			result := "PASS"
			if sec > t.maxSec {
				result, missed = "MISS", true
			}
			line += fmt.Sprintf("   %-37s %5s  %-22s %s", "", "", fmt.Sprintf("%s <=%s", t.id, duration(t.maxSec)), result)
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	w.Flush()
	if missed {
		os.Exit(1)
	}
}

// parse reads benchstat's CSV: blocks of "name,value,CI" rows, each under a
// ",unit,CI" header row.
func parse(r io.Reader) (map[string]map[string]float64, error) {
	values := map[string]map[string]float64{}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	unit := ""
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return values, nil
		}
		if err != nil {
			return nil, err
		}
		if len(rec) < 2 {
			continue
		}
		if rec[0] == "" {
			if len(rec) >= 3 && rec[2] == "CI" {
				unit = rec[1]
				if values[unit] == nil { // one table per package: keep the others'
					values[unit] = map[string]float64{}
				}
			}
			continue
		}
		if unit == "" || rec[0] == "geomean" {
			continue
		}
		v, err := strconv.ParseFloat(rec[1], 64)
		if err != nil {
			continue
		}
		values[unit][procSuffix.ReplaceAllString(rec[0], "")] = v
	}
}

func duration(sec float64) string {
	switch {
	case sec < 1e-6:
		return fmt.Sprintf("%.1fns", sec*1e9)
	case sec < 1e-3:
		return fmt.Sprintf("%.2fµs", sec*1e6)
	default:
		return fmt.Sprintf("%.2fms", sec*1e3)
	}
}
