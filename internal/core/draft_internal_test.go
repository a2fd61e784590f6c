package core

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// appendString must write exactly what encoding/json writes, since bodies mix
// the two.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain", `quote " back \ slash`, "<script>&</script>", "\x00\x01\x1f\x7f",
		"\b\f\n\r\t", "\xff\xfe", "caf\xc3", "é ü 漢字 😀", "\u2028\u2029", "a\u2028b", "\ufffd", "\xed\xa0\x80"} {
		f.Add(s)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		b := make([]byte, r.IntN(40))
		for j := range b {
			b[j] = byte(r.UintN(256))
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendString(nil, s); string(got) != string(want) {
			t.Fatalf("appendString(%q) = %s, encoding/json writes %s", s, got, want)
		}
	})
}

func TestAppendStringDoesNotAllocate(t *testing.T) {
	buf := make([]byte, 0, 256)
	allocs := testing.AllocsPerRun(100, func() { buf = appendString(buf[:0], "quote \" <tag> \xff é \u2028") })
	if allocs != 0 {
		t.Fatalf("appendString allocates %.0f times", allocs)
	}
}
