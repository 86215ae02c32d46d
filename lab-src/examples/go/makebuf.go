// errorcheck -m
// twin: Lab24_TwinMakeBuf
// releases: go1.24.0

// The article's makeBuf: it says the buffer escapes "because append may reallocate". It
// escapes because it is returned. Inlined into a caller that only reads its length, the same
// make and append do not escape at all: inlined, n is 16, and escape analysis replaces it by
// the constant (escape.go, rewriteWithLiterals, since Go 1.25; Go 1.24 sent the same make to
// the heap). //go:noinline shows the function on its own.
package example

func makeBuf(n int) []byte { // ERROR "^can inline makeBuf$"
	buf := make([]byte, 0, n) // ERROR "^make\(\[\]byte, 0, n\) escapes to heap$"
	return append(buf, 'a') // ERROR "^append escapes to heap$"
}

//go:noinline
func makeBufNotInlined(n int) []byte {
	buf := make([]byte, 0, n) // ERROR "^make\(\[\]byte, 0, n\) escapes to heap$"
	return append(buf, 'a') // ERROR "^append escapes to heap$"
}

func useInlined() int { // ERROR "^can inline useInlined$"
	return len(makeBuf(16)) // ERROR "^inlining call to makeBuf$" "^make\(\[\]byte, 0, 16\) does not escape$" "^append does not escape$"
}

func useNotInlined() int { // ERROR "^can inline useNotInlined$"
	return len(makeBufNotInlined(16))
}
