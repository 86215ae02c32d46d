// errorcheck -m
// twin: Lab20_TwinReturnPointer

// Returning a pointer to a local variable: the variable must outlive the call, so Go moves
// it to the heap. Go decides this once, for the function itself and so for every caller.
// Where the function is inlined, the caller's copy is analysed again, in the caller: there
// the Point can stay on the stack. //go:noinline keeps a second copy from being inlined.
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
