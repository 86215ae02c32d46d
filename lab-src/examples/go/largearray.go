// errorcheck -m
// twin: Lab08_ArraySize

// Size limits, applied before the flow analysis (escape/utils.go, HeapAllocReason, with the
// limits of ir/cfg.go): an implicit allocation (make, new, &T{}) may use the stack up to 64 KiB
// (MaxImplicitStackVarSize), a declared variable up to 128 KiB (MaxStackVarSize). A larger one
// goes to the heap although it does not outlive its function, and -m says so in its usual words
// ("escapes to heap", "moved to heap"); -m=2 gives the reason, "too large for stack". A 100 KiB
// array declared with var stays on the stack, the same 100 KiB made with make does not.
// (-gcflags=-smallframes lowers the limits to 16 KiB and 64 KiB, gc/main.go.) HotSpot has a
// limit of its own, counted in elements (EliminateAllocationArraySizeLimit, 64).
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

func made100K() byte { // ERROR "^can inline made100K$"
	b := make([]byte, 100<<10) // ERROR "^make\(\[\]byte, 102400\) escapes to heap$"
	b[0] = 1
	return b[0]
}

func declared100K() byte { // ERROR "^can inline declared100K$"
	var a [100 << 10]byte
	a[0] = 1
	return a[0]
}

func declared200K() byte { // ERROR "^can inline declared200K$"
	var a [200 << 10]byte // ERROR "^moved to heap: a$"
	a[0] = 1
	return a[0]
}
