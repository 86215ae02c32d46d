// errorcheck -m
// twin: Lab22_TwinMethodReference

// A method value (p.Area) binds a receiver to a method: a small closure holding the
// receiver. Like any closure it escapes when it is kept and stays on the stack when it is
// only called. Java's bound method reference (p::area) is the same idea.
package example

type Rect struct{ W, H int }

func (r Rect) Area() int { return r.W * r.H } // ERROR "^can inline Rect\.Area$"

var saved func() int

func callNow(r Rect) int { // ERROR "^can inline callNow$"
	f := r.Area // ERROR "^r\.Area does not escape$"
	return f()
}

func keep(r Rect) { // ERROR "^can inline keep$"
	saved = r.Area // ERROR "^r\.Area escapes to heap$"
}
