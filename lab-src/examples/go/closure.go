// errorcheck -m
// twin: Lab07_CapturingLambda

// A Go closure captures a variable by value when the variable is at most 128 bytes, never
// reassigned and its address is never taken; otherwise by reference (escape.go, flowClosure;
// -m=2 prints "capturing by value" or "capturing by ref"). counter's n is reassigned (n++), so
// the closure refers to n itself: the closure outlives counter, so n moves to the heap with
// it. adder's k is never reassigned: the closure holds a copy, and only the closure escapes.
// A closure called only where it is made stays on the stack. Java lambdas capture values
// (effectively final variables) only, so only the lambda object itself can escape.
package example

func counter() func() int { // ERROR "^can inline counter$"
	n := 0 // ERROR "^moved to heap: n$"
	return func() int { // ERROR "^can inline counter\.func1$" "^func literal escapes to heap$"
		n++
		return n
	}
}

func adder(k int) func(int) int { // ERROR "^can inline adder$"
	return func(x int) int { return x + k } // ERROR "^can inline adder\.func1$" "^func literal escapes to heap$"
}

func addLocally(k int) int { // ERROR "^can inline addLocally$"
	add := func(x int) int { return x + k } // ERROR "^can inline addLocally\.func1$"
	return add(1) // ERROR "^inlining call to addLocally\.func1$"
}
