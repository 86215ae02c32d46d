// errorcheck -m
// twin: Lab25_TwinLeakSummary

// Go sums up each function's parameters once it has analysed the function: "p does not
// escape", or "leaking param: p" (with -m=2, "parameter p leaks to {heap}" and the flow). A
// call that is not inlined is analysed with that summary of the callee. So the caller's q,
// whose address goes to norm, which keeps nothing, stays in the caller's frame even though
// norm is a real call: there is no message for it, which is how Go says a variable stays.
// Passed to keep, which stores it, q is moved to the heap. //go:noinline keeps both callees
// real calls. HotSpot's C2 has a summary of a callee's bytecode too, but it can only make
// such an argument ArgEscape: still a heap object (the Java twin).
package example

type Point struct{ X, Y int }

//go:noinline
func norm(p *Point) int { // ERROR "^p does not escape$"
	return p.X*p.X + p.Y*p.Y
}

var kept *Point

//go:noinline
func keep(p *Point) { // ERROR "^leaking param: p$"
	kept = p
}

func passToNonLeaking(x int) int { // ERROR "^can inline passToNonLeaking$"
	q := Point{x, 4}
	return norm(&q)
}

func passToLeaking(x int) int { // ERROR "^can inline passToLeaking$"
	q := Point{x, 4} // ERROR "^moved to heap: q$"
	keep(&q)
	return q.X
}
