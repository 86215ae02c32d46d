// errorcheck -m
// twin: Lab18_Boxing

// Converting a value to an interface stores a pointer to a copy of it (a pointer is stored as
// it is), the way Java boxes an int into an Integer. If the interface value escapes, so does
// the copy. If it does not, the copy is a temporary in the frame, but only up to 1024 bytes
// (walk/convert.go, dataWord): the 2 KiB Big below "does not escape" and is still copied to the
// heap by the runtime. Like Java's Integer cache, Go uses static data for some values instead:
// bytes and bools (dataWord), and values 0 to 255 (runtime/iface.go, convT64); the -m output
// does not show that.
package example

var sink any

func boxed(n int) { // ERROR "^can inline boxed$"
	sink = n // ERROR "^n escapes to heap$"
}

func boxedLocally(n int) int { // ERROR "^can inline boxedLocally$"
	var v any = n // ERROR "^n does not escape$"
	return v.(int) + 1
}

type Big [2048]byte

func boxedBigLocally(b Big) int { // ERROR "^can inline boxedBigLocally$"
	var v any = b // ERROR "^b does not escape$"
	return len(v.(Big))
}
