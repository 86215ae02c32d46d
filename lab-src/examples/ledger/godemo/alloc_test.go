package ledgerdemo

import "testing"

var (
	point *Point
	ints  []int
	table map[int]int
)

func BenchmarkNewPoint(b *testing.B) {
	for i := 0; i < b.N; i++ {
		point = NewPoint(i, i)
	}
}

func BenchmarkGrow(b *testing.B) {
	for i := 0; i < b.N; i++ {
		ints = Grow(100)
	}
}

func BenchmarkFill(b *testing.B) {
	for i := 0; i < b.N; i++ {
		table = Fill(100)
	}
}

func BenchmarkPair(b *testing.B) {
	for i := 0; i < b.N; i++ {
		ints = Pair(i)
	}
}
