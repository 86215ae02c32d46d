// Exercise 03: Checksum makes a scratch buffer for every call, and the Go compiler puts it on
// the heap. Change the code so that `go build -gcflags=-m` reports nothing on the heap anywhere
// in this file (a helper is also compiled on its own, and that copy counts too), and Checksum
// returns the same sums.
package checksum

func scratch(data []byte) []byte {
	buf := make([]byte, 64)
	copy(buf, data)
	return buf
}

var lastScratch []byte // kept for debugging

func Checksum(data []byte) int {
	buf := scratch(data)
	lastScratch = buf
	sum := 0
	for _, b := range buf {
		sum += int(b)
	}
	return sum
}
