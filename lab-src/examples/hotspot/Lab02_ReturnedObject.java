// Returning an object is an escape, but only from the method that returns it.
//
// at() returns its Point. Compiled on its own, at() must build a real Point for its caller.
// Inlined into inlinedCaller(), the Point never leaves the compiled code and is scalar-replaced
// there: inlinedCaller() allocates 0 bytes per call. at() got hot and was compiled on its own
// as well, so the site has two contexts and the lab's verdict is "escapes" (eliminated only if
// every compilation eliminated it); -v lists both. Go analyses after inlining too, but once,
// at build time.
public class Lab02_ReturnedObject {
    record Point(int x, int y) {}

    static int seed = 5;
    static Point last;

    static Point at(int i) {
        return new Point(i, seed);   // EXPECT "escapes: returned from Lab02_ReturnedObject\.at, which was compiled on its own"
    }

    static int inlinedCaller() {
        int total = 0;
        for (int i = 0; i < 100; i++) {
            total += at(i).y();
        }
        return total;
    }

    static int keeper() {
        Point p = new Point(seed, seed);   // EXPECT "escapes: stored to static field Lab02_ReturnedObject\.last"
        last = p;
        return p.x();
    }
}
