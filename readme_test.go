package echoerr_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadmeSnippetsComeFromExamples checks that every Go snippet of README.md
// stands, line for line, in example_test.go, so that README shows code that
// compiles and runs.
func TestReadmeSnippetsComeFromExamples(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	examples, err := os.ReadFile("example_test.go")
	require.NoError(t, err)
	source := normalize(string(examples))

	blocks := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllStringSubmatch(string(readme), -1)
	require.NotEmpty(t, blocks)
	for _, b := range blocks {
		snippet := normalize(b[1])
		assert.Contains(t, source, snippet, "README snippet not found in example_test.go:\n%s", b[1])
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
