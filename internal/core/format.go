package core

import (
	"html/template"
	"strconv"
	"strings"
)

// Format says how echoerr writes the answers it writes itself: default
// responses, declared entries, [Abort] and [Errors]. A handler that writes its
// own response is never changed. The zero Format writes {"message": ...}
// JSON and gives RFC 9457 problem details to a client that prefers them.
//
// Set it for the app with [Config].Format and for a namespace with
// [Namespace.SetFormat]; a namespace without one uses its parent's. The format
// of the request's innermost namespace applies, whichever level's entry
// answers.
type Format struct {
	// Problem writes RFC 9457 problem details (application/problem+json)
	// instead of {"message": ...} JSON.
	// Optional. Default value: false.
	Problem bool

	// HTML answers requests that prefer text/html with an HTML page: the
	// template HTMLTemplate rendered by e.Renderer, or a built-in page.
	// Optional. Default value: false.
	HTML bool

	// HTMLTemplate is the template name given to c.Render, with a [Page] as
	// data. Every value is escaped by the built-in page; a Renderer built on
	// html/template escapes too.
	// Optional. Default value: "", the built-in page, which is also used when
	// e.Renderer is nil or fails.
	HTMLTemplate string

	// OmitMessage leaves the message out of bodies: no "message" member in
	// JSON (Abort(c, 403, "", nil) answers 403 {}), no "detail" in problem
	// details, as Flask-RESTX's ERROR_INCLUDE_MESSAGE off.
	// Optional. Default value: false.
	OmitMessage bool

	// NoNegotiation ignores the request's Accept header.
	// Optional. Default value: false: a client that prefers
	// application/problem+json, application/json or (with HTML) text/html gets
	// it. A client that accepts none of them gets the format above, never 406.
	NoNegotiation bool
}

// Page is the data of an HTML error page.
type Page struct {
	Status  int         // the answer's status
	Title   string      // the status text, such as "Not Found"
	Message string      // the public message; "" with OmitMessage
	Fields  Fields      // extra fields of an Abort or a declared entry
	Errors  []ErrorItem // the items of an [ErrorLister]
	Error   string      // the error's text, in debug mode only
}

// builtinPage is the page used when no Renderer template is set.
var builtinPage = template.Must(template.New("echoerr").Funcs(template.FuncMap{"field": itemField}).Parse(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{.Status}} {{.Title}}</title></head>
<body>
<h1>{{.Status}} {{.Title}}</h1>
{{if .Message}}<p>{{.Message}}</p>
{{end}}{{range .Errors}}<p>{{.Code}}: {{.Message}}{{with field .Info}} (field {{.}}){{end}}</p>
{{end}}{{if .Error}}<pre>{{.Error}}</pre>
{{end}}</body>
</html>
`))

// itemField returns the field an item's Info names (a binding error's
// {"field": ...}), "" when it names none, so that the built-in page names
// the field as the JSON formats do.
func itemField(info any) string {
	m, ok := info.(map[string]any)
	if !ok {
		return ""
	}
	f, _ := m["field"].(string)
	return strings.ToValidUTF8(f, "\uFFFD")
}

type media uint8

const (
	mediaJSON media = iota
	mediaProblem
	mediaHTML
)

const (
	mimeProblemJSON = "application/problem+json"
	mimeHTML        = "text/html; charset=UTF-8"
)

// negotiate picks the body format for an Accept header: the acceptable
// candidate with the highest quality, the configured format on a tie or when
// nothing is acceptable.
func negotiate(accept string, f *Format) media {
	def := mediaJSON
	if f.Problem {
		def = mediaProblem
	}
	if f.NoNegotiation || accept == "" {
		return def
	}
	q := [3]float64{
		mediaJSON:    quality(accept, "application", "json"),
		mediaProblem: quality(accept, "application", "problem+json"),
		mediaHTML:    -1,
	}
	if f.HTML {
		q[mediaHTML] = quality(accept, "text", "html")
	}
	best := def
	for m := mediaJSON; m <= mediaHTML; m++ {
		if q[m] > q[best] {
			best = m
		}
	}
	if q[best] <= 0 {
		return def
	}
	return best
}

// quality returns the q value the Accept header gives typ/sub: that of the
// most specific matching range (typ/sub, then typ/*, then */*), 0 if none.
// It does not allocate.
func quality(accept, typ, sub string) float64 {
	bestSpec, bestQ := 0, 0.0
	for accept != "" {
		var part string
		part, accept, _ = strings.Cut(accept, ",")
		rng, params, _ := strings.Cut(part, ";")
		rt, rs, ok := strings.Cut(strings.TrimSpace(rng), "/")
		if !ok {
			continue
		}
		spec := 0
		switch {
		case strings.EqualFold(rt, typ) && strings.EqualFold(rs, sub):
			spec = 3
		case strings.EqualFold(rt, typ) && rs == "*":
			spec = 2
		case rt == "*" && rs == "*":
			spec = 1
		}
		if spec <= bestSpec {
			continue
		}
		bestSpec, bestQ = spec, 1
		for params != "" {
			var p string
			p, params, _ = strings.Cut(params, ";")
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
					bestQ = f
				} else {
					bestQ = 0
				}
			}
		}
	}
	return bestQ
}
