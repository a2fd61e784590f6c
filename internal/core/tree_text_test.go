package core

import (
	"errors"
	"fmt"
	"testing"
)

// CodeMessageText is what Echo's HTTPError.Error returns without an
// internal error; the cache never changes a text, and stays bounded.
func TestCodeMessageText(t *testing.T) {
	for i := range maxCodeTexts + 50 {
		msg := fmt.Sprintf("message %d", i%(maxCodeTexts+10))
		if got, want := CodeMessageText(400+i%100, msg), fmt.Sprintf("code=%d, message=%v", 400+i%100, msg); got != want {
			t.Fatalf("%q, want %q", got, want)
		}
	}
	if m := codeTexts.m.Load(); m == nil || len(*m) > maxCodeTexts {
		t.Errorf("cache holds %d texts", len(*m))
	}
	long := string(make([]byte, 300))
	if CodeMessageText(404, long) != "code=404, message="+long {
		t.Error("a long message's text")
	}
}

// A one-element chain is its type's name; names are cached by type.
func TestErrorChainNames(t *testing.T) {
	if got := errorChain(errors.New("x")); got != "*errors.errorString" {
		t.Errorf("%q", got)
	}
	if got := errorChain(fmt.Errorf("a: %w", fmt.Errorf("b: %w", errors.New("x")))); got != "*fmt.wrapError > *fmt.wrapError > *errors.errorString" {
		t.Errorf("%q", got)
	}
}
