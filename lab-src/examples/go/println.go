// errorcheck -m
// twin: Lab23_TwinPrintln

// fmt.Println takes ...any: each argument is converted to an interface and passed to code
// that keeps it beyond what the compiler can prove, so the values escape to the heap. The
// Java twin passes a Point to PrintStream.println, which C2 does not inline.
package example

import "fmt"

type Point struct{ X, Y int }

func show(p Point) {
	fmt.Println(p.X, p) // ERROR "^inlining call to fmt\.Println$" "^\.\.\. argument does not escape$" "^p\.X escapes to heap$" "^p escapes to heap$"
}
