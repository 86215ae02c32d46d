// jvm-args: -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,Lab19_ArgEscape::sum
// ArgEscape: an object passed to a call that C2 does not inline, and that does not keep it.
//
// For a call it binds to one method but does not inline, C2 asks that method's bytecode escape
// analysis (bcEscapeAnalyzer.cpp) what it does with each argument. sum() only reads the Point's
// fields, so the Point is ArgEscape (ConnectionGraph::process_call_arguments): no other thread can
// reach it, so C2 removes the lock on it, yet sum() needs a real object to read, so the Point
// stays on the heap. The jvm-args line keeps sum() out of line, as a callee too big to inline
// would be. Inlined (noCall), the same Point is NoEscape and is scalar-replaced with its lock.
public class Lab19_ArgEscape {
    record Point(int x, int y) {}

    static int seed = 3;

    static int sum(Point p) {
        return p.x() + p.y();
    }

    static int argEscape() {
        Point p = new Point(seed, seed + 1);   // EXPECT "is arg-escape: passed to Lab19_ArgEscape\.sum, not inlined: disallowed by CompileCommand"
        synchronized (p) {   // EXPECT "lock elided"
            seed++;
        }
        return sum(p);
    }

    static int noCall() {
        Point p = new Point(seed, seed + 1);   // EXPECT "does not escape \("
        synchronized (p) {   // EXPECT "lock elided"
            seed++;
        }
        return p.x() + p.y();
    }
}
