// Package validator is echoerr's kit for go-playground/validator v10: its
// ValidationErrors answered 422 (or the status an app chooses) with one item
// per invalid field (the field's path in the names the client sent, the
// rule, its parameter), each message in the language the request's
// Accept-Language asks for, from validator's own translations, English by
// default; as declared rules of no Echo version (package answer), for Echo
// v4 (echoerr.Kit) and Echo v5 (the v5 package's Kit) alike.
//
//	kit := validator.New(nil)
//	e.Validator = kit // c.Validate runs it, with JSON names in its paths
//	api.Handle(echoerr.Kit(kit.Rules()...)...)
//
// | error | answer |
// |---|---|
// | validator.ValidationErrors | 422 "validation failed", one item per field |
//
// Each item is {"code": rule, "message": translated, "info": {"param":
// ...} (null without one), "field": path}: "items[0].name" for a field of an element of a
// slice, in the JSON names of the struct's tags. A body with items is
// echoerr's {"errors": [...]} in JSON, an "errors" member in problem
// details, and a Format's Body gets them as Answer.Items.
package validator

import (
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/go-playground/locales"
	"github.com/go-playground/locales/de"
	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/es"
	"github.com/go-playground/locales/fr"
	"github.com/go-playground/locales/it"
	"github.com/go-playground/locales/ja"
	"github.com/go-playground/locales/nl"
	"github.com/go-playground/locales/pt"
	"github.com/go-playground/locales/pt_BR"
	"github.com/go-playground/locales/ru"
	"github.com/go-playground/locales/zh"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	de_tr "github.com/go-playground/validator/v10/translations/de"
	en_tr "github.com/go-playground/validator/v10/translations/en"
	es_tr "github.com/go-playground/validator/v10/translations/es"
	fr_tr "github.com/go-playground/validator/v10/translations/fr"
	it_tr "github.com/go-playground/validator/v10/translations/it"
	ja_tr "github.com/go-playground/validator/v10/translations/ja"
	nl_tr "github.com/go-playground/validator/v10/translations/nl"
	pt_tr "github.com/go-playground/validator/v10/translations/pt"
	pt_BR_tr "github.com/go-playground/validator/v10/translations/pt_BR"
	ru_tr "github.com/go-playground/validator/v10/translations/ru"
	zh_tr "github.com/go-playground/validator/v10/translations/zh"

	"github.com/echoerr/echoerr/answer"
)

// Invalid is the kit's answer; its Status is the one Status gives.
var Invalid = answer.Entry{Status: http.StatusUnprocessableEntity, Message: "validation failed"}

// Languages are the languages the kit translates into, as Accept-Language
// names them: validator's translations, English first (the default).
var Languages = []string{"en", "de", "es", "fr", "it", "ja", "nl", "pt", "pt-BR", "ru", "zh"}

// Kit validates with a *validator.Validate and answers its errors.
type Kit struct {
	v      *validator.Validate
	uni    *ut.UniversalTranslator
	en     ut.Translator
	status int
	entry  *answer.Entry
}

// Option adjusts the kit.
type Option func(*Kit)

// Status answers validation errors with code (400 or 422; 422 by default).
// It panics for a status outside 400-499.
func Status(code int) Option {
	if code < 400 || code > 499 {
		panic("echoerr/kits/validator: Status " + strconv.Itoa(code) + " is not a 4xx")
	}
	return func(k *Kit) { k.status = code }
}

// Entry answers validation errors with e, as declared, without items: the
// words of an app's existing API ("Request is missing required fields",
// 400). Status is then e's.
func Entry(e answer.Entry) Option {
	return func(k *Kit) { k.entry = &e }
}

type translation struct {
	locale   locales.Translator
	register func(*validator.Validate, ut.Translator) error
}

var translations = []translation{
	{en.New(), en_tr.RegisterDefaultTranslations},
	{de.New(), de_tr.RegisterDefaultTranslations},
	{es.New(), es_tr.RegisterDefaultTranslations},
	{fr.New(), fr_tr.RegisterDefaultTranslations},
	{it.New(), it_tr.RegisterDefaultTranslations},
	{ja.New(), ja_tr.RegisterDefaultTranslations},
	{nl.New(), nl_tr.RegisterDefaultTranslations},
	{pt.New(), pt_tr.RegisterDefaultTranslations},
	{pt_BR.New(), pt_BR_tr.RegisterDefaultTranslations},
	{ru.New(), ru_tr.RegisterDefaultTranslations},
	{zh.New(), zh_tr.RegisterDefaultTranslations},
}

// New returns the kit for v (a new validator.New(WithRequiredStructEnabled)
// when v is nil). It sets v's tag name function, so that the paths of its
// errors are in the struct's JSON names ("items[0].name"; a field without a
// json tag keeps its Go name, one tagged "-" too), and registers validator's
// translations of the Languages on v. Register the app's own validations
// and translations on v before or after New; New itself panics only if a
// translation fails to register.
func New(v *validator.Validate, opts ...Option) *Kit {
	if v == nil {
		v = validator.New(validator.WithRequiredStructEnabled())
	}
	v.RegisterTagNameFunc(jsonName)
	locs := make([]locales.Translator, len(translations))
	for i, t := range translations {
		locs[i] = t.locale
	}
	k := &Kit{v: v, uni: ut.New(locs[0], locs...), status: Invalid.Status}
	for _, t := range translations {
		tr, _ := k.uni.GetTranslator(t.locale.Locale())
		if err := t.register(v, tr); err != nil {
			panic("echoerr/kits/validator: translations for " + t.locale.Locale() + ": " + err.Error())
		}
	}
	k.en, _ = k.uni.GetTranslator("en")
	for _, o := range opts {
		o(k)
	}
	return k
}

// jsonName is a struct field's name in its json tag, else its Go name.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" || name == "-" {
		return f.Name
	}
	return name
}

// Validator returns the kit's *validator.Validate.
func (k *Kit) Validator() *validator.Validate { return k.v }

// Validate validates i with the kit's validator (a struct, or a pointer to
// one): the method of echo.Validator, so that e.Validator = kit and
// c.Validate return ValidationErrors with JSON paths.
func (k *Kit) Validate(i any) error { return k.v.Struct(i) }

// Rules returns the kit's rule: validator.ValidationErrors answered with
// Invalid (at the Status option's code), one item per field error, in the
// request's language; or with the Entry option's entry.
func (k *Kit) Rules() []answer.Decl {
	if k.entry != nil {
		return []answer.Decl{answer.DeclareFor[validator.ValidationErrors](*k.entry).Named("validator")}
	}
	e := Invalid
	e.Status = k.status
	return []answer.Decl{
		answer.DeclareFor[validator.ValidationErrors](e).Named("validator").
			WithDetail(func(m answer.Match) answer.Detail {
				return answer.Detail{Items: k.Items(m.Matched.(validator.ValidationErrors), m.Request.Header.Get("Accept-Language"))}
			}),
	}
}

// Items are the answer's items for errs, with messages in the first
// language of acceptLanguage (an Accept-Language value) the kit knows,
// else English.
func (k *Kit) Items(errs validator.ValidationErrors, acceptLanguage string) []answer.ErrorItem {
	tr := k.translator(acceptLanguage)
	items := make([]answer.ErrorItem, 0, len(errs))
	for _, fe := range errs {
		var info any // null without a parameter
		if p := fe.Param(); p != "" {
			info = map[string]any{"param": p}
		}
		items = append(items, answer.ErrorItem{
			Code:    fe.Tag(),
			Message: fe.Translate(tr),
			Info:    info,
			Field:   path(fe.Namespace()),
		})
	}
	return items
}

// path drops the root struct's name from a namespace: "User.items[0].name"
// is "items[0].name".
func path(ns string) string {
	if _, rest, ok := strings.Cut(ns, "."); ok {
		return rest
	}
	return ns
}

// translator picks the translator of the preferred language the kit knows,
// by q-value and then order; "pt-BR" asks for pt_BR, then pt.
func (k *Kit) translator(acceptLanguage string) ut.Translator {
	if acceptLanguage == "" || len(acceptLanguage) > 512 {
		return k.en
	}
	type choice struct {
		tag string
		q   float64
	}
	var choices []choice
	for part := range strings.SplitSeq(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f <= 1 {
				q = f
			}
		}
		if tag = strings.TrimSpace(tag); tag != "" && tag != "*" && q > 0 {
			choices = append(choices, choice{tag, q})
		}
		if len(choices) == 16 {
			break
		}
	}
	slices.SortStableFunc(choices, func(a, b choice) int {
		switch {
		case a.q > b.q:
			return -1
		case a.q < b.q:
			return 1
		}
		return 0
	})
	for _, c := range choices {
		lang, region, _ := strings.Cut(c.tag, "-")
		lang = strings.ToLower(lang)
		if region != "" {
			if tr, ok := k.uni.GetTranslator(lang + "_" + strings.ToUpper(region)); ok {
				return tr
			}
		}
		if tr, ok := k.uni.GetTranslator(lang); ok {
			return tr
		}
	}
	return k.en
}
