// errorcheck -m
// twin: Lab21_TwinArrayLength
// releases: go1.24.0

// A stack frame's size is fixed when the function is compiled, so a backing array of unknown
// length cannot simply be put in it. Up to Go 1.24 the compiler sent every make([]int, n) to
// the heap ("escapes to heap"; -m=2: "non-constant size"). Since Go 1.25 it reports the make
// as not escaping and compiles it as: if the capacity fits in 32 bytes (VariableMakeThreshold,
// base/flag.go), here 4 ints, use a buffer in the frame, else call makeslice, which allocates
// on the heap (walk/builtin.go, walkMakeSlice). So "does not escape" is not "on the stack":
// with n = 1000 this make still allocates on the heap, at run time. HotSpot never replaces an
// array whose length is not a constant.
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
