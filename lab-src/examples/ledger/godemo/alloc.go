// Package ledgerdemo is the Go ledger's smallest workload: one allocation the compiler moves to
// the heap, one slice that append grows, one map that grows as it fills, and a slice literal
// returned from a function inlined into its caller.
package ledgerdemo

type Point struct{ X, Y int }

// NewPoint returns the address of a local, so the local must outlive the call.
//
//go:noinline
func NewPoint(x, y int) *Point {
	p := Point{x, y}
	return &p
}

// Grow appends to a slice that starts empty. It is small enough for the compiler to inline it.
func Grow(n int) []int {
	var s []int
	for i := 0; i < n; i++ {
		s = append(s, i)
	}
	return s
}

// Fill puts n keys into a map made without a size hint.
//
//go:noinline
func Fill(n int) map[int]int {
	m := make(map[int]int)
	for i := 0; i < n; i++ {
		m[i] = i
	}
	return m
}

// Pair is small enough for the compiler to inline it into its callers.
func Pair(x int) []int {
	return []int{x, x}
}
