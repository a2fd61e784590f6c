package answer

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"text/tabwriter"
)

// AnswerKind says where an [Answer] comes from.
type AnswerKind string

const (
	// Declared answers come from declared rules (Declare, DeclareIf,
	// DeclareError, DeclareStatus): everything about them is known.
	Declared AnswerKind = "declared"
	// Handled answers come from handler rules (On, OnIf, OnError, OnStatus,
	// CatchAll, ErrorHandler). Their status is known only when the rule says
	// it with echoerr.Rule.Answers; their body is the handler's.
	Handled AnswerKind = "handler"
	// Default answers are echoerr's own: 500 for an unexpected error, and
	// the router's 404 and 405 under a namespace's prefix.
	Default AnswerKind = "default"
)

// Answer is one answer echoerr gives: what echoerr.Describe finds in the
// rules, and what a [Format]'s Body gets for the answer it builds (Status,
// Message, Fields, Items, and where it came from: Kind, Level, Rule, Name).
// Its Message is public: never an error's own text in a 5xx unless debug is
// on.
type Answer struct {
	// Status is the answer's status; 0 for a handler rule that does not say
	// (see echoerr.Rule.Answers).
	Status int
	// Message is the public message: a declared answer's, an Abort's, an
	// error's PublicMessage, else the status text ("" for a handler rule's,
	// in Describe; "" when the Format's OmitMessage is set).
	Message string
	// Fields are a declared answer's extra body members.
	Fields Fields
	// Error is the error's text, in debug mode only: "" otherwise, and in
	// Describe.
	Error string
	// Example is, in Describe, the body that the route's Format.Body writes
	// for this answer (nil without a Body, and for a handler rule's answer,
	// whose body is the handler's): what the openapi module documents as
	// the envelope's example.
	Example any
	// Items are the errors of an answer that carries several
	// (ErrorLister, Errors, Echo's BindingError); nil otherwise.
	Items []ErrorItem
	// Headers are a declared answer's headers.
	Headers http.Header
	// Description is what echoerr.Rule.Answers said, or a description of the
	// rule.
	Description string
	// Kind says where the answer comes from.
	Kind AnswerKind
	// Level is where the rule is registered: "GET /api/movies/:id" for a
	// route's rules, a namespace's prefix, or "app".
	Level string
	// Rule is what the rule matches: "type *app.NotFound", "sentinel ...",
	// "status 500", "catch-all"; "default" for echoerr's own answers.
	Rule string
	// Name tells the rule apart from others that match alike: the name
	// Rule.Named gave it, else where it was registered ("errors.go:42").
	Name string
	// Key is what the rule matches, in full, as echoerr-vet's route sets
	// name it: "type *modernc.org/sqlite.Error", "sentinel
	// *errors.errorString:sql: no rows in result set", "status 404",
	// "catch-all"; "" for echoerr's own answers.
	Key string
	// Possible is set by [Description.Reachable] on an answer the route
	// may give: only a guarded rule (DeclareIf, OnIf, a kit's) matches
	// what its handler can return, or the analysis could not tell.
	Possible bool
}

// Formats are the media types of the bodies echoerr writes for a route, the
// first being the one a client that asks for nothing gets.
type Formats []string

// RouteAnswers are the answers echoerr can give one route's errors, those
// of its own rules first, then its namespaces', then the app's, as
// resolution asks them; a rule that an inner level's rule for the same
// type, sentinel or status hides is left out, and so are the status rules
// of namespaces and the app for 404 and 405, the router's statuses, which
// [PrefixAnswers] list.
type RouteAnswers struct {
	Host, Method, Path string
	// Namespace is the prefix of the route's namespace, "" for the app.
	Namespace string
	Formats   Formats
	Answers   []Answer
}

// PrefixAnswers are the answers of a namespace to the router's 404 and 405
// under its prefix.
type PrefixAnswers struct {
	Host, Prefix string
	Formats      Formats
	Answers      []Answer
}

// Description is what echoerr answers where, in an Echo app: echoerr.Describe
// builds it from the routes and the rules, as plain data, for a table at
// start-up ([Description.WriteTable]) or an OpenAPI document (the module
// github.com/echoerr/echoerr/openapi).
type Description struct {
	Routes   []RouteAnswers
	Prefixes []PrefixAnswers
	// AppRules is false when e.HTTPErrorHandler is not a handler made by
	// echoerr.New or echoerr.NewWithConfig (or was wrapped): the app's rules are then
	// unknown and left out.
	AppRules bool
}

// WriteTable writes the description as a table for a terminal, one line
// per answer, like `flask routes`: which rule answers what, where.
func (d Description) WriteTable(w io.Writer) error {
	var buf strings.Builder
	tw := tabwriter.NewWriter(&buf, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ROUTE\tSTATUS\tANSWER\tLEVEL\tRULE\tFORMATS")
	line := func(route string, formats Formats, answers []Answer) {
		dup := map[string]int{}
		for _, a := range answers {
			dup[a.Rule]++
		}
		for i, a := range answers {
			status := "?"
			if a.Status != 0 {
				status = fmt.Sprint(a.Status)
			}
			answer := a.Message
			if answer == "" {
				answer = a.Description
			}
			f := ""
			if i == 0 {
				f = strings.Join(formats, ", ")
			} else {
				route = ""
			}
			rule := a.Rule
			if a.Name != "" && (dup[a.Rule] > 1 || !strings.Contains(a.Name, ".go:")) {
				// A name the app gave, or where the rule was registered
				// when rules of this route match alike.
				rule += " (" + a.Name + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", route, status, answer, a.Level, rule, f)
		}
	}
	for _, r := range d.Routes {
		route := r.Method + " " + r.Path
		if r.Host != "" {
			route = r.Host + " " + route
		}
		line(route, r.Formats, r.Answers)
	}
	for _, p := range d.Prefixes {
		prefix := p.Prefix
		if prefix == "" || prefix[0] != '/' {
			prefix = "/" + prefix
		}
		route := "* " + prefix + " (404, 405)"
		if p.Host != "" {
			route = p.Host + " " + route
		}
		line(route, p.Formats, p.Answers)
	}
	if !d.AppRules {
		fmt.Fprintln(tw, "(the app's rules are unknown: e.HTTPErrorHandler is not echoerr's)")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	lines := strings.Split(strings.TrimRight(buf.String(), "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	_, err := io.WriteString(w, strings.Join(lines, "\n")+"\n")
	return err
}
