// A lambda that captures a variable is an object, made where the lambda is written.
//
// A non-capturing lambda is made once and reused, so it allocates nothing per call. A
// capturing one is allocated each time the expression runs, holding the captured values; if
// it is called where C2 can inline it, the allocation is scalar-replaced like any other.
import java.util.function.IntSupplier;

public class Lab07_CapturingLambda {
    static int seed = 8;
    static IntSupplier saved;

    static int usedHere() {
        int base = seed;
        IntSupplier s = () -> base * 2;   // EXPECT "does not escape \("
        return s.getAsInt();
    }

    static int savedForLater() {
        int base = seed;
        saved = () -> base * 3;   // EXPECT "escapes: stored to static field Lab07_CapturingLambda\.saved"
        return base;
    }
}
