// A StringBuilder is a small object holding a byte array that the JDK's string code fills.
//
// C2 inlines enough of append() to replace the builder object itself, yet the method still
// allocates: the builder's internal byte array is made inside the JDK and handed to code C2 did
// not inline. "Scalar replaced" is about one site; bytes per call count every allocation.
public class Lab16_StringBuilder {
    static int seed = 42;

    static int build() {
        StringBuilder sb = new StringBuilder();   // EXPECT "does not escape" EXPECT17 "escapes: passed into StringBuilder\.length \(JDK code, inlined\), which the lab does not trace"
        sb.append("n=").append(seed);
        return sb.length();
    }
}
