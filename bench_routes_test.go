package echoerr_test

import "github.com/echoerr/echoerr/internal/scenario"

// gitHubAPI is the GitHub API route set of Echo's router benchmarks.
var gitHubAPI = func() []routeSpec {
	out := make([]routeSpec, len(scenario.GitHubAPI))
	for i, r := range scenario.GitHubAPI {
		out[i] = routeSpec{r[0], r[1]}
	}
	return out
}()
