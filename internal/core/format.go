package core

import (
	"html/template"
	"strconv"
	"strings"
)

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
