// errorcheck -m
// twin: Lab07_CapturingLambda

// A Go closure captures variables by reference. When the closure outlives the function, the
// captured variable must too, so it moves to the heap with the closure. A closure called only
// where it is made stays on the stack. Java lambdas capture values (effectively final
// variables), so only the lambda object itself can escape.
package example

func counter() func() int { // ERROR "^can inline counter$"
	n := 0 // ERROR "^moved to heap: n$"
	return func() int { // ERROR "^can inline counter\.func1$" "^func literal escapes to heap$"
		n++
		return n
	}
}

func addLocally(k int) int { // ERROR "^can inline addLocally$"
	add := func(x int) int { return x + k } // ERROR "^can inline addLocally\.func1$"
	return add(1) // ERROR "^inlining call to addLocally\.func1$"
}
