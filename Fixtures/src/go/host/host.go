// A Go program that loads the plugin named on its command line with plugin.Open.
package main

import (
	"fmt"
	"os"
	"plugin"

	"example.com/gp/shared"
)

func main() {
	fmt.Println(shared.Greet())
	if len(os.Args) < 2 {
		return
	}
	p, err := plugin.Open(os.Args[1])
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	hello, err := p.Lookup("Hello")
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println(hello.(func() string)())
}
