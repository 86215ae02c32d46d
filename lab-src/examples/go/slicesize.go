// errorcheck -m
// twin: Lab21_TwinArrayLength

// A stack frame's size is fixed when the function is compiled, so a backing array of unknown
// length cannot simply be put in it. Older Go releases reported make([]int, n) as escaping to
// the heap even when the slice never leaves the function; newer ones report it as not escaping
// and try a small buffer on the stack first. Read which your Go says. HotSpot never replaces
// an array whose length is not a constant.
package example

func constantSize() int { // ERROR "^can inline constantSize$"
	s := make([]int, 8) // ERROR "^make\(\[\]int, 8\) does not escape$"
	s[0] = 1
	return s[0]
}

func variableSize(n int) int { // ERROR "^can inline variableSize$"
	s := make([]int, n) // ERROR "^make\(\[\]int, n\) does not escape$"
	s[0] = 1
	return s[0]
}
