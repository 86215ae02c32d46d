// errorcheck -m
// twin: Lab18_Boxing

// Converting a value to an interface stores a pointer to it, the way Java boxes an int into
// an Integer. If the interface value escapes, so does the value behind it. If it does not,
// the compiler keeps the value on the stack. (Go, like Java's Integer cache, also uses
// static data for some small values; the -m output does not show that.)
package example

var sink any

func boxed(n int) { // ERROR "^can inline boxed$"
	sink = n // ERROR "^n escapes to heap$"
}

func boxedLocally(n int) int { // ERROR "^can inline boxedLocally$"
	var v any = n // ERROR "^n does not escape$"
	return v.(int) + 1
}
