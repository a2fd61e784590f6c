package core

import (
	"slices"
	"strings"
)

// A namespace's prefix owns the paths at and under it, segment by segment: a
// static segment matches itself, a ":name" segment any one segment that is
// not empty, and a segment that starts with "*" everything that is left.
// When several prefixes own a path, the one Echo's router tries first owns
// it: at the first segment where two prefixes differ in kind, static beats
// ":param", which beats "*"; a prefix that goes on where the other ends is
// more specific. Prefixes that differ only in their parameters' names are
// one path to the router: the namespace made last owns it, as a later route
// replaces an earlier one at the same path.

// prefixIndex finds the namespace whose prefix owns a path, on one host's
// router. Prefixes are indexed by their first segment, so that a path
// outside every namespace costs one lookup: a scan of a few first segments,
// or a map when there are more.
type prefixIndex[C any] struct {
	// The fields a lookup reads come first, inline, so that a 404 touches
	// few cache lines: the error path runs with caches that the router
	// and the response just used.
	firsts    [4]uint64                      // bitmap of the first bytes of static first segments
	nfew      int                            // len(few) in use; 0 with bySegment
	few       [smallPrefixes]segmentEntry[C] // static first segments, when few
	root      *prefixEntry[C]                // a namespace at "" or "/"
	bySegment map[string][]*prefixEntry[C]   // static first segment; most specific first
	wild      []*prefixEntry[C]              // first segment is a :param or *; most specific first
	all       []*prefixEntry[C]              // every entry, by prefix
}

// segmentEntry is the prefixes of one static first segment: the most
// specific inline (a lone static prefix needs nothing else), then all.
type segmentEntry[C any] struct {
	word    uint64 // seg's bytes, when it has 8 or fewer: compared without reading seg's data
	n       int    // len(seg)
	whole   bool   // first is the only prefix of the segment, and the segment is all of it
	seg     string
	first   *prefixEntry[C]
	entries []*prefixEntry[C]
}

// prefixWord packs the first n (8 or fewer) bytes of s.
func prefixWord(s string, n int) uint64 {
	var w uint64
	for i := 0; i < n; i++ {
		w |= uint64(s[i]) << (8 * i)
	}
	return w
}

// matches reports whether the path (without its leading "/") starts with
// the segment, on a "/" boundary.
func (f *segmentEntry[C]) matches(rest string) bool {
	if len(rest) < f.n || (len(rest) > f.n && rest[f.n] != '/') {
		return false
	}
	if f.n <= 8 {
		return prefixWord(rest, f.n) == f.word
	}
	return rest[:f.n] == f.seg
}

// prefixEntry is one namespace prefix, split into segments.
type prefixEntry[C any] struct {
	prefix string   // normalized: leading "/", no trailing "/" ("" for the root)
	segs   []string // "api", ":id", "", "*", ...
	static string   // the prefix without its leading "/", when every segment is static
	params []string // the names of its :param segments, in order
	lv     *Level[C]
	seq    int // when the namespace was made
}

// smallPrefixes is the number of first segments up to which a prefix
// lookup scans a slice instead of a map.
const smallPrefixes = 8

// NormalizePrefix writes a namespace prefix as its routes see it: a leading
// "/", no trailing "/"; "" for the root.
func NormalizePrefix(p string) string {
	p = strings.TrimRight(p, "/")
	if p != "" && p[0] != '/' {
		p = "/" + p
	}
	return p
}

// NormalizePath writes a route path as Echo's routers do: with a leading
// "/".
func NormalizePath(p string) string {
	if p == "" || p[0] != '/' {
		return "/" + p
	}
	return p
}

func newPrefixEntry[C any](prefix string, lv *Level[C], seq int) *prefixEntry[C] {
	en := &prefixEntry[C]{prefix: prefix, lv: lv, seq: seq}
	if prefix == "" {
		return en
	}
	en.segs = strings.Split(prefix[1:], "/")
	for _, s := range en.segs {
		if s != "" && s[0] == ':' {
			en.params = append(en.params, s[1:])
		}
	}
	if !strings.ContainsAny(prefix, ":*") {
		en.static = prefix[1:]
	}
	return en
}

// segKind orders segments as Echo's router tries them.
func segKind(s string) int {
	switch {
	case s != "" && s[0] == ':':
		return 1
	case s != "" && s[0] == '*':
		return 2
	}
	return 0
}

// shape is the prefix with its parameters' names left out: the path as the
// router sees it.
func (en *prefixEntry[C]) shape() string {
	if len(en.params) == 0 {
		return en.prefix
	}
	segs := slices.Clone(en.segs)
	for i, s := range segs {
		if segKind(s) == 1 {
			segs[i] = ":"
		}
	}
	return "/" + strings.Join(segs, "/")
}

// moreSpecific orders two prefixes that may own the same path: negative when
// a is asked first.
func moreSpecific[C any](a, b *prefixEntry[C]) int {
	for i := 0; i < len(a.segs) && i < len(b.segs); i++ {
		ka, kb := segKind(a.segs[i]), segKind(b.segs[i])
		if ka != kb {
			return ka - kb
		}
		if ka == 0 && a.segs[i] != b.segs[i] {
			return strings.Compare(a.segs[i], b.segs[i])
		}
		if ka == 2 {
			break
		}
	}
	if d := len(b.segs) - len(a.segs); d != 0 {
		return d
	}
	return strings.Compare(a.prefix, b.prefix)
}

// buildPrefixIndex indexes the prefixes of one host's router.
func buildPrefixIndex[C any](entries []*prefixEntry[C]) *prefixIndex[C] {
	// One entry per path as the router sees it: the namespace made last.
	byShape := map[string]*prefixEntry[C]{}
	for _, en := range entries {
		k := en.shape()
		if old := byShape[k]; old == nil || en.seq > old.seq {
			byShape[k] = en
		}
	}
	x := &prefixIndex[C]{bySegment: map[string][]*prefixEntry[C]{}}
	for _, en := range byShape {
		x.all = append(x.all, en)
		if en.prefix == "" {
			x.root = en
			continue
		}
		if first := en.segs[0]; segKind(first) == 0 && first != "" {
			x.firsts[first[0]>>6] |= 1 << (first[0] & 63)
			x.bySegment[first] = append(x.bySegment[first], en)
			continue
		}
		x.wild = append(x.wild, en)
	}
	slices.SortFunc(x.all, func(a, b *prefixEntry[C]) int { return strings.Compare(a.prefix, b.prefix) })
	slices.SortFunc(x.wild, moreSpecific[C])
	for seg, list := range x.bySegment {
		slices.SortFunc(list, moreSpecific[C])
		x.bySegment[seg] = list
	}
	if len(x.bySegment) <= smallPrefixes {
		for _, seg := range slices.Sorted(mapKeys(x.bySegment)) {
			list := x.bySegment[seg]
			f := segmentEntry[C]{n: len(seg), seg: seg, first: list[0], entries: list}
			if f.n <= 8 {
				f.word = prefixWord(seg, f.n)
			}
			f.whole = len(list) == 1 && list[0].static == seg
			x.few[x.nfew] = f
			x.nfew++
		}
	}
	return x
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// find returns the prefix that owns path, or nil.
func (x *prefixIndex[C]) find(path string) *prefixEntry[C] {
	rest := strings.TrimPrefix(path, "/")
	if rest == "" || x.firsts[rest[0]>>6]&(1<<(rest[0]&63)) == 0 {
		// No static prefix starts so: the common 404 outside every
		// namespace ends here.
		return x.findWild(rest)
	}
	var entries []*prefixEntry[C]
	if x.nfew > 0 {
		for i := 0; i < x.nfew; i++ {
			f := &x.few[i]
			if f.matches(rest) {
				if f.whole || f.first.owns(rest) {
					return f.first
				}
				entries = f.entries[1:]
				break
			}
		}
	} else {
		first, _, _ := strings.Cut(rest, "/")
		entries = x.bySegment[first]
	}
	for _, en := range entries {
		if en.owns(rest) {
			return en
		}
	}
	return x.findWild(rest)
}

// findWild is find for the prefixes whose first segment is not static.
func (x *prefixIndex[C]) findWild(rest string) *prefixEntry[C] {
	for _, en := range x.wild {
		if en.owns(rest) {
			return en
		}
	}
	return x.root
}

// owns reports whether the path (without its leading "/") is at or under
// the prefix.
func (en *prefixEntry[C]) owns(path string) bool {
	if en.static != "" {
		n := len(en.static)
		return len(path) >= n && path[:n] == en.static && (len(path) == n || path[n] == '/')
	}
	for _, s := range en.segs {
		switch segKind(s) {
		case 2:
			return true
		}
		seg, rest, more := strings.Cut(path, "/")
		if segKind(s) == 0 && seg != s {
			return false
		}
		if segKind(s) == 1 && seg == "" {
			return false
		}
		if !more {
			path = ""
			continue
		}
		path = rest
	}
	return true
}

// values returns the values of the prefix's :param segments in path
// (without its leading "/"), which the prefix owns.
func (en *prefixEntry[C]) values(path string) []string {
	vals := make([]string, 0, len(en.params))
	for _, s := range en.segs {
		if segKind(s) == 2 {
			break
		}
		seg, rest, _ := strings.Cut(path, "/")
		if segKind(s) == 1 {
			vals = append(vals, seg)
		}
		path = rest
	}
	return vals
}
