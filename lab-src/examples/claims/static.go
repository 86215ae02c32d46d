// The article says Go binaries are always static. A program that uses the net or os/user
// packages links the C library through cgo when a C compiler is present (the default), and the
// binary then names a dynamic loader. Built with CGO_ENABLED=0 the same program is static.
package main

import (
	"fmt"
	"net"
	"os/user"
)

func main() {
	addrs, err := net.LookupHost("localhost")
	u, _ := user.Current()
	fmt.Println(addrs, err, u != nil)
}
