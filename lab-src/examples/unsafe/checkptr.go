// Misuses of unsafe.Pointer, one per scenario (go run . SCENARIO). checkptr, the run-time
// instrumentation behind -d=checkptr (and turned on by -race, -msan and -asan), checks two
// things: that a conversion to *T does not straddle allocations and, when T holds pointers, is
// aligned for T; and that the result of pointer arithmetic does not land in another Go allocation
// (heap object, stack, data or bss) than the pointer it started from. A plain build checks nothing.
package main

import (
	"fmt"
	"os"
	"unsafe"
)

// WithPointer holds a pointer, so the garbage collector must be able to find it: checkptr
// insists that such values are aligned.
type WithPointer struct {
	p *int
	x int
}

var keep []byte
var first, second *[8]uint64

// Arithmetic that leaves its allocation: the result points into whatever object comes next.
func arith() {
	keep = make([]byte, 64)
	p := unsafe.Pointer(&keep[0])
	q := unsafe.Pointer(uintptr(p) + 64)
	fmt.Println("arith: computed", q != nil)
}

// Arithmetic far past its allocation, into no Go allocation at all: checkptr checks the result only
// against Go's allocations (in another one than it started from, or below the smallest legal pointer,
// is an error), so it lets this pass, and the write faults (or, were the address mapped, would
// overwrite whatever is there).
func far() {
	keep = make([]byte, 64)
	p := unsafe.Pointer(&keep[0])
	q := (*uint64)(unsafe.Pointer(uintptr(p) + 64<<30))
	fmt.Println("far: writing 8 bytes 64 GB past a 64-byte slice")
	*q = 42
	fmt.Println("far: still running")
}

// A conversion to a type larger than the allocation: the new pointer spans two objects.
func straddle() {
	first = new([8]uint64)
	second = new([8]uint64)
	view := (*[16]uint64)(unsafe.Pointer(first))
	fmt.Println("straddle: read element 15 =", view[15])
}

// A pointer-holding struct read from an odd address.
func misaligned() {
	buf := make([]byte, 64)
	keep = buf
	v := (*WithPointer)(unsafe.Pointer(&buf[1]))
	fmt.Println("misaligned: x =", v.x)
}

// The article's row 13: a uintptr kept in a variable, then converted back after adding 100.
func articleUintptrVariable() {
	x := new([4]int)
	keep = make([]byte, 1) // something else on the heap
	u := uintptr(unsafe.Pointer(x))
	p := (*int)(unsafe.Pointer(u + 100))
	fmt.Println("article (uintptr variable + 100): converted", p != nil)
}

// The article's row 14, twice: an int read from address &x+1 (no pointers in int), and the same
// misalignment for a type that holds a pointer.
func articleMisalignedInt() {
	x := new([2]int64)
	keep = make([]byte, 1)
	p := (*int64)(unsafe.Pointer(uintptr(unsafe.Pointer(x)) + 1))
	fmt.Println("article (misaligned *int64): read", *p)
}

func articleMisalignedPointerType() {
	x := new([4]int64)
	keep = make([]byte, 1)
	p := (*WithPointer)(unsafe.Pointer(uintptr(unsafe.Pointer(x)) + 1))
	fmt.Println("article (misaligned *WithPointer): x =", p.x)
}

func main() {
	scenarios := map[string]func(){
		"arith": arith, "far": far, "straddle": straddle, "misaligned": misaligned,
		"article-uintptr-variable": articleUintptrVariable, "article-misaligned-int": articleMisalignedInt,
		"article-misaligned-pointer-type": articleMisalignedPointerType,
	}
	run, ok := scenarios[os.Args[1]]
	if !ok {
		fmt.Fprintln(os.Stderr, "unknown scenario", os.Args[1])
		os.Exit(2)
	}
	run()
}
