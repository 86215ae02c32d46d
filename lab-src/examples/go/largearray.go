// errorcheck -m
// twin: Lab08_ArraySize

// Size limits: a slice made with a constant length up to 64 KB may use the stack; a larger one
// goes to the heap although it does not escape. HotSpot has a limit of its own, counted in
// elements (EliminateAllocationArraySizeLimit, 64).
package example

func small() byte { // ERROR "^can inline small$"
	b := make([]byte, 1024) // ERROR "^make\(\[\]byte, 1024\) does not escape$"
	b[0] = 1
	return b[0]
}

func large() byte { // ERROR "^can inline large$"
	b := make([]byte, 1<<20) // ERROR "^make\(\[\]byte, 1048576\) escapes to heap$"
	b[0] = 1
	return b[0]
}
