// A StringBuilder is a small object holding a byte array that the JDK's string code fills.
//
// C2 inlines enough of append() to replace the builder object itself, yet the method still
// allocates: the builder's internal byte array is made inside the JDK and handed to code C2 did
// not inline. "Scalar replaced" is about one site; bytes per call count every allocation.
// In a loop the array outgrows its first 16 bytes and is copied into bigger ones: the builder
// object is still replaced, and the bytes per call grow with every copy of the array.
public class Lab16_StringBuilder {
    static int seed = 42;

    static int once() {
        StringBuilder sb = new StringBuilder();   // EXPECT "does not escape \(" EXPECT21 "is arg-escape: passed to AbstractStringBuilder\.newCapacity, not inlined: too big"
        sb.append("n=").append(seed);
        return sb.length();
    }

    static int inALoop() {
        StringBuilder sb = new StringBuilder();   // EXPECT "does not escape \(" EXPECT21 "is arg-escape: passed to AbstractStringBuilder\.newCapacity, not inlined: too big"
        for (int i = 0; i < 20; i++) {
            sb.append(seed + i).append(',');
        }
        return sb.length();
    }
}
