//go:build !race

package echoerr_test

const raceEnabled = false
