// Command gen writes what the two adapters would otherwise keep in step by
// hand: the Echo v5 adapter's files that repeat the Echo v4 adapter's API
// with Echo v5's context (*echo.Context for echo.Context), and both
// adapters' Namespace route methods. Run it from the repository root:
//
//	go generate ./...
//
// The test of this package fails when a generated file is stale.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
)

func main() {
	root := flag.String("root", ".", "the repository root")
	flag.Parse()
	files, err := Generate(*root)
	if err != nil {
		log.Fatal(err)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(*root, name), b, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", name)
	}
}
