package answer

import (
	"encoding/json"
	"slices"
	"strconv"
)

// RouteErrors is what one route's handler and middleware can return, as
// echoerr-vet -sets writes it (github.com/echoerr/echoerr/vet): the keys
// of the rules its errors trigger ([Answer.Key]), those that only may
// match, and the statuses of errors answered without a rule.
type RouteErrors struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	// Keys are the rules the route's errors trigger.
	Keys []string `json:"keys"`
	// MayKeys are the rules that may match: guarded, or matching an error
	// whose status or identity is known at run time only.
	MayKeys []string `json:"may_keys,omitempty"`
	// Statuses are the statuses of the errors echoerr answers without a
	// rule (an *echo.HTTPError's, an AbortError's), as "status N" keys
	// also match.
	Statuses []int `json:"statuses,omitempty"`
	// Incomplete says that some error's identity is unknown (an opaque
	// source, a sentinel whose text the analysis cannot read, an
	// *echo.HTTPError whose status is known at run time only): every rule
	// is then kept, those not in Keys as possible.
	Incomplete bool `json:"incomplete,omitempty"`
}

// ParseRouteErrors reads the JSON file echoerr-vet -sets writes.
func ParseRouteErrors(data []byte) ([]RouteErrors, error) {
	var sets []RouteErrors
	if err := json.Unmarshal(data, &sets); err != nil {
		return nil, err
	}
	return sets, nil
}

// Reachable returns the description with each route's answers narrowed to
// those its own handler and middleware can give, by sets (echoerr-vet's
// per-route analysis): a rule of the route's levels that none of its
// errors can trigger is left out, so that an operation does not document
// another route's answers. An answer only a guarded rule gives, or one the
// analysis could not rule out, is kept with Possible set. echoerr's own
// answers, catch-alls, handler rules, the status 500 fallback and the
// namespaces' 404 and 405 (Prefixes) are always kept; a route sets do not
// name is left as it is.
func (d Description) Reachable(sets []RouteErrors) Description {
	by := map[string]*RouteErrors{}
	for i := range sets {
		s := &sets[i]
		by[s.Method+" "+s.Path] = s
	}
	out := d
	out.Routes = make([]RouteAnswers, len(d.Routes))
	for i, r := range d.Routes {
		s := by[r.Method+" "+r.Path]
		if s == nil {
			s = by["ANY "+r.Path]
		}
		out.Routes[i] = r
		if s == nil {
			continue
		}
		var kept []Answer
		for _, a := range r.Answers {
			keep, possible := s.reaches(a)
			if !keep {
				continue
			}
			a.Possible = a.Possible || possible
			kept = append(kept, a)
		}
		out.Routes[i].Answers = kept
	}
	return out
}

// reaches says whether the route can give answer a, and whether only
// possibly.
func (s *RouteErrors) reaches(a Answer) (keep, possible bool) {
	switch {
	case a.Kind == Default || a.Key == "" || a.Key == "catch-all" || a.Key == "status 500":
		return true, false
	case s.Incomplete:
		// Some error's identity is unknown: any rule may match it.
		return true, !slices.Contains(s.Keys, a.Key)
	case slices.Contains(s.Keys, a.Key):
		return true, false
	case slices.Contains(s.MayKeys, a.Key):
		return true, true
	}
	if n, ok := statusKey(a.Key); ok && slices.Contains(s.Statuses, n) {
		return true, false
	}
	return false, false
}

func statusKey(key string) (int, bool) {
	if len(key) < 8 || key[:7] != "status " {
		return 0, false
	}
	n, err := strconv.Atoi(key[7:])
	return n, err == nil
}
