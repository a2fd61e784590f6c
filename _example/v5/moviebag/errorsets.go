package main

import (
	_ "embed"

	"github.com/echoerr/echoerr/_example/internal/moviestore"
)

// errorsets.json is what echoerr-vet found each route can return (written
// by echoerr-vet -sets, kept current by the vet module's tests): the
// OpenAPI document lists, for each operation, the answers its own handler
// can give, not every rule of every level.
//
//go:embed errorsets.json
var errorSetsJSON []byte

var errorSets = moviestore.RouteErrors(errorSetsJSON)
