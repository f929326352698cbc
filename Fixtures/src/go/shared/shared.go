// Package shared is imported by both the host and its plugins: Go refuses a plugin
// built against a different version of it ("plugin was built with a different version of package").
package shared

// Greeting is read by the host after loading a plugin.
var Greeting = "hello from shared v1"

// Greet returns Greeting.
func Greet() string { return Greeting }
