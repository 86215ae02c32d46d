// Exercise 03: Checksum makes a scratch buffer for every call, and the Go compiler puts it on
// the heap. Change the code so that `go build -gcflags=-m` reports nothing on the heap anywhere
// in this file (a helper is also compiled on its own, and that copy counts too), and Checksum
// returns the same sums.
package checksum

// BEGIN SOLUTION
func scratch(data []byte) [64]byte {
	var buf [64]byte
	copy(buf[:], data)
	return buf
}

func Checksum(data []byte) int {
	buf := scratch(data)
	sum := 0
	for _, b := range buf {
		sum += int(b)
	}
	return sum
}
// END SOLUTION
// STUB: func scratch(data []byte) []byte {
// STUB: 	buf := make([]byte, 64)
// STUB: 	copy(buf, data)
// STUB: 	return buf
// STUB: }
// STUB:
// STUB: var lastScratch []byte // kept for debugging
// STUB:
// STUB: func Checksum(data []byte) int {
// STUB: 	buf := scratch(data)
// STUB: 	lastScratch = buf
// STUB: 	sum := 0
// STUB: 	for _, b := range buf {
// STUB: 		sum += int(b)
// STUB: 	}
// STUB: 	return sum
// STUB: }
