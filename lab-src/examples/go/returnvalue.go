// errorcheck -m
// twin: Lab20_TwinReturnPointer

// Returning a struct by value copies it into the caller's frame: nothing outlives the call,
// so nothing goes to the heap and the compiler has nothing to say about escapes. Java has no
// value types to return this way (yet); its nearest is returning an object and relying on
// escape analysis after inlining, which is what the Java twin shows.
package example

type Pair struct{ A, B int }

func makePair(a, b int) Pair { // ERROR "^can inline makePair$"
	return Pair{a, b}
}

func usePair() int { // ERROR "^can inline usePair$"
	p := makePair(1, 2) // ERROR "^inlining call to makePair$"
	return p.A + p.B
}
