// errorcheck -m
// twin: Lab20_TwinReturnPointer

// Returning a pointer to a local variable: the variable must outlive the call, so Go moves
// it to the heap. Go runs escape analysis after inlining, at build time: newPoint analysed as
// a function of its own moves p, and that is the code a caller runs when the call is not
// inlined. In inlined(), newPoint's body has become part of inlined() and the Point does not
// outlive it, so nothing moves. //go:noinline keeps a second copy from being inlined.
package example

type Point struct{ X, Y int }

func newPoint(x, y int) *Point { // ERROR "^can inline newPoint$"
	p := Point{x, y} // ERROR "^moved to heap: p$"
	return &p
}

//go:noinline
func newPointNotInlined(x, y int) *Point {
	p := Point{x, y} // ERROR "^moved to heap: p$"
	return &p
}

func inlined() int { // ERROR "^can inline inlined$"
	return newPoint(1, 2).X // ERROR "^inlining call to newPoint$"
}

func notInlined() int { // ERROR "^can inline notInlined$"
	return newPointNotInlined(1, 2).X
}
