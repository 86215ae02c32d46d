// The program the speed benchmark compiles; Twin.java is the same logic in Java.
package main

type Point struct{ x, y int }

var sink *Point
var seed = 3

func local() int {
	p := &Point{seed, seed + 1}
	return p.x + p.y
}

func stored() int {
	p := &Point{seed, seed}
	sink = p
	return p.x
}

func merged() int {
	var p *Point
	if seed&1 == 0 {
		p = &Point{1, 2}
	} else {
		p = &Point{3, 4}
	}
	return p.x
}

func array() int {
	a := make([]int, 8)
	a[1] = seed
	return a[1]
}

func main() { println(local() + stored() + merged() + array()) }
