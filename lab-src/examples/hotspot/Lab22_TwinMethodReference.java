// Java twin of methodvalue.go: a bound method reference, r::area, is an object holding its
// receiver, made where the reference is written. Called where it is made, C2 replaces it;
// stored to a static field, it is kept.
import java.util.function.IntSupplier;

public class Lab22_TwinMethodReference {
    record Rect(int w, int h) {
        int area() { return w * h; }
    }

    static IntSupplier saved;
    static Rect shared = new Rect(3, 4);   // EXPECT "not compiled by C2"

    static int callNow() {
        IntSupplier f = shared::area;   // EXPECT "does not escape \("
        return f.getAsInt();
    }

    static int keep() {
        saved = shared::area;   // EXPECT "escapes: stored to static field Lab22_TwinMethodReference\.saved"
        return 0;
    }
}
