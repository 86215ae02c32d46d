// errorcheck -m
// twin: Lab16_StringBuilder

// append grows a slice by allocating a bigger backing array when the old one is full. Neither
// slice here leaves its function, and the compiler says so; where the grown arrays live is then
// the runtime's business, as it is for the array inside Java's StringBuilder.
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
