// The article says Go inlines a function when it is "called at least twice" and "under about 80
// bytes". Go's inliner counts nodes of the function's syntax tree against a budget of 80; its only
// rule about how often a function is called favours a closure called exactly once (budget 800,
// inlineClosureCalledOnceCost in inline/inl.go), profile-guided optimisation aside. once is
// called once and inlined; tooBig is called twice and refused, with its cost in -m=2's message.
package example

func once(x int) int {
	return x*2 + 1
}

func tooBig(xs []int) int {
	s := 0
	for i, x := range xs {
		switch {
		case x%3 == 0:
			s += x * i
		case x%5 == 0:
			s -= x / (i + 1)
		case x%7 == 0:
			s ^= x << 2
		case x%11 == 0:
			s |= x >> 1
		case x%31 == 0:
			s &= x + i
		default:
			s += x%13 + x%17 + x%19 + x%23 + x%29
		}
	}
	return s
}

func use(xs []int) int {
	return once(len(xs)) + tooBig(xs) + tooBig(xs[1:])
}
