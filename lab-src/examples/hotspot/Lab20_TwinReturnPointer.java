// Java twin of returnpointer.go and returnvalue.go: a method that returns a new object.
//
// Java has no pointers to locals and no structs to return by value: newPoint returns a
// reference to a new Point. Here newPoint is only ever inlined into inlined(), which reads one
// field, so C2 scalar-replaces the Point. (Lab02 shows the same method also compiled on its
// own, where the Point is kept.) Both compilers analyse escape after inlining. Go does it once,
// at build time, and a call it did not inline is judged by the callee's parameter summary
// (leakparam.go); HotSpot does it again in every C2 compilation, inlining what the running
// program's profile says is worth it.
public class Lab20_TwinReturnPointer {
    record Point(int x, int y) {}

    static int seed = 1;

    static Point newPoint(int x, int y) {
        return new Point(x, y);   // EXPECT "does not escape \("
    }

    static int inlined() {
        return newPoint(seed, 2).x();
    }
}
