package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedFilesAreFresh fails when a generated file differs from what
// the generator writes now: run go generate ./... from the root.
func TestGeneratedFilesAreFresh(t *testing.T) {
	files, err := Generate("../..")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 5 {
		t.Fatalf("%d files generated", len(files))
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join("../..", name))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s is stale: run go generate ./... at the repository root", name)
		}
	}
}
