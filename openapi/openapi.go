// Package openapi documents the error responses of an Echo app on echoerr in
// an OpenAPI 3 document of github.com/getkin/kin-openapi (openapi3.T, the
// type oapi-codegen uses too), from the rules that really answer them:
//
//	doc := openapi.New("movie-bag", "1.0.0", echoerr.Describe(e))
//
// with echoerr for Echo v4 (github.com/echoerr/echoerr) or for Echo v5
// (github.com/echoerr/echoerr/v5): both Describe functions return the same
// [Description] type, and this package compiles neither Echo.
//
// or, into a document written by hand or generated:
//
//	err := openapi.Add(doc, echoerr.Describe(e), openapi.Options{})
//
// Each route becomes an operation (created when the document has none),
// Echo's path parameters (:id, *) path parameters ({id}); each status one
// response, with a content entry per body format the route negotiates (a
// JSON schema each), each declared message a named example, and the
// declared headers. Handler rules are documented when they say what they
// answer (echoerr's Rule.Answers); those that do not are left out.
//
// Merge rule: a response the document already defines for a status is kept
// as it is, unless Options.Overwrite; everything else the document holds
// (other responses, parameters, summaries) is never touched.
package openapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/echoerr/echoerr/answer"
)

// Description is what echoerr.Describe returns, for Echo v4 and v5 alike:
// the same type as echoerr.Description.
type Description = answer.Description

// Options say what Add documents and how it merges.
type Options struct {
	// Overwrite replaces a response the document already defines for a
	// status.
	// Optional. Default value: false, the document's response is kept.
	Overwrite bool
	// Host selects the routes of one of Echo v4's host routers (e.Host);
	// Echo v5 has none (an app behind echo.NewVirtualHostHandler is one
	// Echo per host: describe each).
	// Optional. Default value: "", the default router's routes.
	Host string
}

// New returns an OpenAPI 3.0 document with title and version whose
// operations are d's routes (of the default router) with their error
// responses. A route whose method OpenAPI 3.0 has no operation for
// (CONNECT, PROPFIND, REPORT, QUERY: an Any route serves them) is listed,
// with the reason, under the document's x-echoerr-undocumented extension;
// every other route is documented.
func New(title, version string, d Description) *openapi3.T {
	doc := &openapi3.T{
		OpenAPI: "3.0.3",
		Info:    &openapi3.Info{Title: title, Version: version},
		Paths:   openapi3.NewPaths(),
	}
	_ = Add(doc, d, Options{}) // what it cannot document is in the document's extension
	return doc
}

// Add adds the error responses of d's routes (of opts.Host's router) to
// doc, creating the paths and operations that are missing, with their path
// parameters. Routes whose paths differ only in their parameters' names
// (GET /users/:id and DELETE /users/:uid, both legal in Echo) are one
// OpenAPI path, with the names of the first route that Description lists.
// A route whose method OpenAPI has no operation for is not documented: it
// is listed under doc's x-echoerr-undocumented extension, and Add returns
// an error that names every such route, after adding all the others.
func Add(doc *openapi3.T, d Description, opts Options) error {
	if doc.Paths == nil {
		doc.Paths = openapi3.NewPaths()
	}
	shapes := map[string]string{} // the path as the router sees it -> the OpenAPI path used for it
	for path := range doc.Paths.Map() {
		shapes[shapeOf(path)] = path
	}
	var skipped []error
	for _, r := range d.Routes {
		if r.Host != opts.Host {
			continue
		}
		method := strings.ToUpper(r.Method)
		if !slices.Contains(operationMethods, method) {
			err := fmt.Errorf("openapi: %s %s: OpenAPI 3.0 has no operation for method %s", r.Method, r.Path, r.Method)
			skipped = append(skipped, err)
			undocumented(doc, r.Method+" "+r.Path, err.Error())
			continue
		}
		path, params := Path(r.Path)
		if first, ok := shapes[shapeOf(path)]; ok && first != path {
			path, params = first, paramsOf(first)
		} else {
			shapes[shapeOf(path)] = path
		}
		item := doc.Paths.Value(path)
		if item == nil {
			item = &openapi3.PathItem{}
			doc.Paths.Set(path, item)
		}
		op := item.GetOperation(method)
		if op == nil {
			op = openapi3.NewOperation()
			op.Summary = method + " " + path
			item.SetOperation(method, op)
		}
		if op.Responses == nil {
			op.Responses = openapi3.NewResponses()
		}
		addParams(item, op, params)
		for _, status := range statuses(r.Answers) {
			key := fmt.Sprint(status)
			if op.Responses.Value(key) != nil && !opts.Overwrite {
				continue
			}
			op.Responses.Set(key, &openapi3.ResponseRef{Value: response(status, path, r.Formats, byStatus(r.Answers, status))})
		}
	}
	return errors.Join(skipped...)
}

// undocumented lists a route Add could not document under the document's
// x-echoerr-undocumented extension: route -> reason.
func undocumented(doc *openapi3.T, route, reason string) {
	if doc.Extensions == nil {
		doc.Extensions = map[string]any{}
	}
	m, _ := doc.Extensions["x-echoerr-undocumented"].(map[string]any)
	if m == nil {
		m = map[string]any{}
		doc.Extensions["x-echoerr-undocumented"] = m
	}
	m[route] = reason
}

var operationMethods = []string{
	http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete,
	http.MethodOptions, http.MethodHead, http.MethodPatch, http.MethodTrace,
}

// Path turns an Echo route path into an OpenAPI path and its parameter
// names: "/movies/:id" is "/movies/{id}", "/file-:name" is "/file-{name}"
// (a parameter may start mid-segment, and runs to the segment's end); a "*"
// is "{wildcard}", or "{name}" for "*name".
func Path(echoPath string) (string, []string) {
	segs := strings.Split(echoPath, "/")
	var params []string
	for i, s := range segs {
		if j := strings.IndexAny(s, ":*"); j >= 0 {
			name := s[j+1:]
			if s[j] == '*' && name == "" {
				name = "wildcard"
			}
			params = append(params, name)
			segs[i] = s[:j] + "{" + name + "}"
		}
	}
	return strings.Join(segs, "/"), params
}

// shapeOf is an OpenAPI path with its parameters' names left out: the path
// as Echo's router sees it.
func shapeOf(path string) string {
	var b strings.Builder
	for i := 0; i < len(path); i++ {
		if path[i] == '{' {
			if j := strings.IndexByte(path[i:], '}'); j >= 0 {
				b.WriteString("{}")
				i += j
				continue
			}
		}
		b.WriteByte(path[i])
	}
	return b.String()
}

// paramsOf returns the parameter names of an OpenAPI path, in order.
func paramsOf(path string) []string {
	var names []string
	for {
		i := strings.IndexByte(path, '{')
		if i < 0 {
			return names
		}
		j := strings.IndexByte(path[i:], '}')
		if j < 0 {
			return names
		}
		names = append(names, path[i+1:i+j])
		path = path[i+j+1:]
	}
}

func addParams(item *openapi3.PathItem, op *openapi3.Operation, names []string) {
	declared := func(ps openapi3.Parameters, name string) bool {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == openapi3.ParameterInPath && p.Value.Name == name {
				return true
			}
		}
		return false
	}
	for _, name := range names {
		if declared(item.Parameters, name) || declared(op.Parameters, name) {
			continue
		}
		op.Parameters = append(op.Parameters, &openapi3.ParameterRef{
			Value: openapi3.NewPathParameter(name).WithSchema(openapi3.NewStringSchema()),
		})
	}
}

// statuses returns the documented statuses of answers, in order of first
// appearance.
func statuses(answers []answer.Answer) []int {
	var out []int
	for _, a := range answers {
		if a.Status != 0 && !slices.Contains(out, a.Status) {
			out = append(out, a.Status)
		}
	}
	return out
}

func byStatus(answers []answer.Answer, status int) []answer.Answer {
	var out []answer.Answer
	for _, a := range answers {
		if a.Status == status {
			out = append(out, a)
		}
	}
	return out
}

// response documents the answers of one status: innermost level first.
func response(status int, path string, formats answer.Formats, answers []answer.Answer) *openapi3.Response {
	var descs []string
	for _, a := range answers {
		if a.Description != "" && !slices.Contains(descs, a.Description) {
			descs = append(descs, a.Description)
		}
	}
	desc := http.StatusText(status)
	if desc == "" {
		desc = fmt.Sprintf("Status %d", status)
	}
	if len(descs) > 0 {
		desc += ": " + strings.Join(descs, "; ")
	}
	possible := len(answers) > 0 && !slices.ContainsFunc(answers, func(a answer.Answer) bool { return !a.Possible })
	if possible {
		// Description.Reachable: only a guarded rule gives it, or the
		// analysis could not rule it out.
		desc += " (possible)"
	}
	res := openapi3.NewResponse().WithDescription(desc)
	if possible {
		res.Extensions = map[string]any{"x-echoerr-possible": true}
	}
	res.Content = openapi3.Content{}
	handled := false
	for _, a := range answers {
		handled = handled || a.Kind == answer.Handled
	}
	envelope := slices.ContainsFunc(answers, func(a answer.Answer) bool { return a.Example != nil })
	for _, f := range formats {
		mt := openapi3.NewMediaType()
		switch {
		case f == "application/problem+json":
			mt.Schema = problemSchema(answers, handled).NewRef()
		case f == "text/html":
			mt.Schema = openapi3.NewStringSchema().NewRef()
		case envelope:
			// The app's envelope (Format.Body): its schema inferred from
			// what Body writes for each answer.
			mt.Schema = envelopeSchema(answers, handled).NewRef()
		default: // echoerr's {"message": ...} JSON
			mt.Schema = messageSchema(answers, handled).NewRef()
		}
		for i, a := range answers {
			if a.Kind == answer.Handled {
				continue // a handler writes its own body
			}
			if mt.Examples == nil {
				mt.Examples = openapi3.Examples{}
			}
			var value any
			switch {
			case f == "application/problem+json":
				value = problemBody(a, path)
			case f == "text/html":
				value = fmt.Sprintf("<!DOCTYPE html>... %d %s ... %s ...", a.Status, http.StatusText(a.Status), a.Message)
			case envelope:
				value = generic(a.Example)
			default:
				value = messageBody(a)
			}
			ex := openapi3.NewExample(generic(value)) // as JSON reads it: a field of any Go type validates
			ex.Summary = a.Level + ": " + a.Rule
			mt.Examples[exampleName(i, a)] = &openapi3.ExampleRef{Value: ex}
		}
		res.Content[f] = mt
	}
	for _, a := range answers {
		for name, values := range a.Headers {
			if res.Headers == nil {
				res.Headers = openapi3.Headers{}
			}
			if _, ok := res.Headers[name]; ok {
				continue
			}
			h := &openapi3.Header{Parameter: openapi3.Parameter{
				Description: strings.Join(values, ", "),
				Schema:      openapi3.NewStringSchema().NewRef(),
			}}
			res.Headers[name] = &openapi3.HeaderRef{Value: h}
		}
	}
	return res
}

// exampleName names an answer's example: its message, made a key.
func exampleName(i int, a answer.Answer) string {
	name := a.Message
	if name == "" {
		name = a.Rule
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return fmt.Sprintf("%d-%s", i+1, strings.TrimSuffix(b.String(), "-"))
}

// messageSchema is the schema of {"message": ..., fields...}, or of a
// handler's own body (any JSON) when a handler may answer.
func messageSchema(answers []answer.Answer, handled bool) *openapi3.Schema {
	if handled {
		return &openapi3.Schema{} // any JSON
	}
	s := openapi3.NewObjectSchema().WithProperty("message", openapi3.NewStringSchema())
	s.Required = []string{"message"}
	if hasDefault(answers) {
		// A default answer of an error with several errors is
		// {"errors": [...]} instead (echoerr.ErrorLister).
		s.WithProperty("errors", errorsSchema())
		s.Required = nil
	}
	addFields(s, answers, nil)
	return s
}

func hasDefault(answers []answer.Answer) bool {
	return slices.ContainsFunc(answers, func(a answer.Answer) bool { return a.Kind == answer.Default })
}

// errorsSchema is the schema of {"errors": [{"code", "message", "info"}]}.
func errorsSchema() *openapi3.Schema {
	item := openapi3.NewObjectSchema().
		WithProperty("code", openapi3.NewStringSchema()).
		WithProperty("message", openapi3.NewStringSchema()).
		WithProperty("info", &openapi3.Schema{Nullable: true})
	return openapi3.NewArraySchema().WithItems(item)
}

// problemSchema is the schema of RFC 9457 problem details.
func problemSchema(answers []answer.Answer, handled bool) *openapi3.Schema {
	if handled {
		return &openapi3.Schema{}
	}
	s := openapi3.NewObjectSchema().
		WithProperty("type", openapi3.NewStringSchema()).
		WithProperty("title", openapi3.NewStringSchema()).
		WithProperty("status", openapi3.NewIntegerSchema()).
		WithProperty("detail", openapi3.NewStringSchema()).
		WithProperty("instance", openapi3.NewStringSchema())
	s.Required = []string{"type", "title", "status"}
	if hasDefault(answers) {
		s.WithProperty("errors", errorsSchema())
	}
	addFields(s, answers, []string{"type", "title", "status", "detail", "instance"})
	return s
}

// addFields adds the declared fields' properties, typed by their values.
func addFields(s *openapi3.Schema, answers []answer.Answer, skip []string) {
	for _, a := range answers {
		for name, v := range a.Fields {
			if name == "message" || slices.Contains(skip, name) {
				continue
			}
			if _, ok := s.Properties[name]; !ok {
				s.WithProperty(name, schemaOf(v))
			}
		}
	}
}

// schemaOf is the JSON schema of a field value.
func schemaOf(v any) *openapi3.Schema {
	if v == nil {
		return &openapi3.Schema{Nullable: true}
	}
	switch reflect.TypeOf(v).Kind() {
	case reflect.String:
		return openapi3.NewStringSchema()
	case reflect.Bool:
		return openapi3.NewBoolSchema()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return openapi3.NewIntegerSchema()
	case reflect.Float32, reflect.Float64:
		return openapi3.NewFloat64Schema()
	case reflect.Slice, reflect.Array:
		return openapi3.NewArraySchema().WithItems(&openapi3.Schema{})
	default:
		return openapi3.NewObjectSchema()
	}
}

func messageBody(a answer.Answer) map[string]any {
	body := map[string]any{"message": a.Message}
	for k, v := range a.Fields {
		if k != "message" {
			body[k] = v
		}
	}
	return body
}

func problemBody(a answer.Answer, path string) map[string]any {
	body := map[string]any{"type": "about:blank", "title": http.StatusText(a.Status), "status": a.Status, "instance": path}
	if a.Message != "" && a.Message != http.StatusText(a.Status) {
		body["detail"] = a.Message
	}
	for k, v := range a.Fields {
		if k != "status" {
			body[k] = v
		}
	}
	return body
}

// envelopeSchema infers the schema of an app's envelope from the examples
// its Body wrote; a handler rule's body is open (any object).
func envelopeSchema(answers []answer.Answer, handled bool) *openapi3.Schema {
	var s *openapi3.Schema
	for _, a := range answers {
		if a.Example == nil {
			continue
		}
		s = mergeSchema(s, jsonSchemaOf(generic(a.Example)))
	}
	if s == nil || handled {
		return openapi3.NewObjectSchema()
	}
	return s
}

// generic is v as JSON decodes it (maps, slices, strings, float64s, bools,
// nil), so that a schema can be read from it.
func generic(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return nil
	}
	return out
}

// jsonSchemaOf infers the schema of one JSON value.
func jsonSchemaOf(v any) *openapi3.Schema {
	switch v := v.(type) {
	case map[string]any:
		s := openapi3.NewObjectSchema()
		for k, x := range v {
			s.WithProperty(k, jsonSchemaOf(x))
		}
		return s
	case []any:
		var items *openapi3.Schema
		for _, x := range v {
			items = mergeSchema(items, jsonSchemaOf(x))
		}
		if items == nil {
			items = &openapi3.Schema{}
		}
		return openapi3.NewArraySchema().WithItems(items)
	case string:
		return openapi3.NewStringSchema()
	case float64:
		return openapi3.NewFloat64Schema()
	case bool:
		return openapi3.NewBoolSchema()
	}
	return &openapi3.Schema{Nullable: true}
}

// mergeSchema merges two inferred schemas: the properties of both objects
// (none required), the items of both arrays; values of different types
// give an open schema.
func mergeSchema(a, b *openapi3.Schema) *openapi3.Schema {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case a.Type == nil || b.Type == nil || !a.Type.Is(b.Type.Slice()[0]):
		return &openapi3.Schema{}
	}
	switch {
	case a.Type.Is(openapi3.TypeObject):
		out := openapi3.NewObjectSchema()
		for k, p := range a.Properties {
			out.WithProperty(k, p.Value)
		}
		for k, p := range b.Properties {
			if old, ok := out.Properties[k]; ok {
				out.WithProperty(k, mergeSchema(old.Value, p.Value))
			} else {
				out.WithProperty(k, p.Value)
			}
		}
		return out
	case a.Type.Is(openapi3.TypeArray):
		var ai, bi *openapi3.Schema
		if a.Items != nil {
			ai = a.Items.Value
		}
		if b.Items != nil {
			bi = b.Items.Value
		}
		items := mergeSchema(ai, bi)
		if items == nil {
			items = &openapi3.Schema{}
		}
		return openapi3.NewArraySchema().WithItems(items)
	}
	return a
}
