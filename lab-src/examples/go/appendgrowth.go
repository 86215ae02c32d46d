// errorcheck -m
// twin: Lab16_StringBuilder

// append grows a slice by allocating a bigger backing array when the old one is full. Neither
// slice here leaves its function, and the compiler says "append does not escape". That is not
// "on the stack": since Go 1.25 a non-escaping append that starts from an empty slice gets a
// 32-byte backing array in the frame (ssagen/ssa.go, (*state).append, with the threshold
// VariableMakeThreshold of base/flag.go), here 4 ints; growing past it calls growslice, which
// allocates on the heap, as the array inside Java's StringBuilder is. Go 1.26 also lets a slice
// that escapes only by being returned start in such a buffer (the slice package, move2heap).
package example

func grow() int { // ERROR "^can inline grow$"
	var s []int
	for i := 0; i < 100; i++ {
		s = append(s, i) // ERROR "^append does not escape$"
	}
	return len(s)
}

func withinCapacity() int { // ERROR "^can inline withinCapacity$"
	s := make([]int, 0, 8) // ERROR "^make\(\[\]int, 0, 8\) does not escape$"
	for i := 0; i < 8; i++ {
		s = append(s, i) // ERROR "^append does not escape$"
	}
	return len(s)
}
