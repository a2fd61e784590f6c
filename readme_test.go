package echoerr_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeSnippetsComeFromExamples checks that every Go snippet of README.md
// and of docs/*.md stands, line for line, in example_test.go (v4 or v5) or in
// the movie-bag's sources (_example/moviebag, tested by its own module), so
// that the documentation shows code that compiles and runs.
func TestReadmeSnippetsComeFromExamples(t *testing.T) {
	pages, err := filepath.Glob("docs/*.md")
	require.NoError(t, err)
	require.NotEmpty(t, pages, "docs/ holds the depth README leaves out")
	var readme []byte
	for _, p := range append([]string{"README.md"}, pages...) {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		readme = append(readme, b...)
	}
	files, err := filepath.Glob("_example/moviebag/*.go")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var all []string
	for _, f := range append([]string{"example_test.go", "v5/example_test.go"}, files...) {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		all = append(all, normalize(string(b)))
	}
	source := strings.Join(all, "\n")

	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	require.NotEmpty(t, blocks)
	for _, b := range blocks {
		snippet := normalize(b[1])
		assert.True(t, strings.Contains(source, snippet), "README or docs/ snippet not found in example_test.go or _example/moviebag:\n%s", b[1])
	}
}

// normalize trims each line and drops blank lines.
func normalize(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// Every kit under kits/ is listed in README's table and in docs/kits.md.
func TestReadmeListsEveryKit(t *testing.T) {
	kits, err := filepath.Glob("kits/*/go.mod")
	require.NoError(t, err)
	require.NotEmpty(t, kits)
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	doc, err := os.ReadFile("docs/kits.md")
	require.NoError(t, err)
	for _, k := range kits {
		dir := filepath.Dir(k)
		if dir == "kits/kittest" {
			continue // the kits' test helpers, not a kit
		}
		assert.Contains(t, string(readme), "[`"+dir+"`]("+dir+"/README.md)", "README does not list %s", dir)
		assert.Contains(t, string(doc), "](../"+dir+"/README.md)", "docs/kits.md does not list %s", dir)
	}
}
