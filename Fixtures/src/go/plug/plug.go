// Package main is a Go plugin (go build -buildmode=plugin).
package main

import "example.com/gp/shared"

// Hello is looked up by the host with plugin.Lookup.
func Hello() string { return "plugin says " + shared.Greet() }
