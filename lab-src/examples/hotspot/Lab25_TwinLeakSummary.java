// Java twin of leakparam.go: a new Point passed to a static method that is not inlined.
// jvm-args: -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,Lab25_TwinLeakSummary::norm -XX:CompileCommand=dontinline,Lab25_TwinLeakSummary::keep
//
// The jvm-args line is Java's //go:noinline: it keeps norm and keep real calls. C2 still looks
// into a static callee it did not inline: BCEscapeAnalyzer reads the callee's bytecode (up to
// MaxBCEAEstimateSize bytes) and says whether an argument can only reach the stack. norm only
// reads p, so its Point is ArgEscape, not GlobalEscape: the lock on it is removed. But only a
// NoEscape object is scalar-replaced, so that Point is still allocated on the heap, where Go
// keeps the same value in the caller's frame. keep stores p in a static field: GlobalEscape,
// and its lock stays too.
public class Lab25_TwinLeakSummary {
    record Point(int x, int y) {}

    static Point kept;
    static int seed = 3;

    static int norm(Point p) {
        return p.x() * p.x() + p.y() * p.y();
    }

    static void keep(Point p) {
        kept = p;
    }

    static int passToNonLeaking() {
        Point q = new Point(seed, 4);   // EXPECT "is arg-escape: passed to Lab25_TwinLeakSummary\.norm, not inlined: disallowed by CompileCommand"
        synchronized (q) {   // EXPECT "lock elided"
            return norm(q);
        }
    }

    static int passToLeaking() {
        Point q = new Point(seed, 4);   // EXPECT "escapes: passed to Lab25_TwinLeakSummary\.keep, not inlined: disallowed by CompileCommand; Lab25_TwinLeakSummary\.keep stores it to field Lab25_TwinLeakSummary\.kept"
        synchronized (q) {   // EXPECT "lock kept: the locked object is new Point, which escapes: passed to Lab25_TwinLeakSummary\.keep, not inlined: disallowed by CompileCommand; Lab25_TwinLeakSummary\.keep stores it to field Lab25_TwinLeakSummary\.kept"
            keep(q);
            return q.x();
        }
    }
}
