// Java twin of returnpointer.go and returnvalue.go: a method that returns a new object.
//
// Java has no pointers to locals and no structs to return by value: newPoint returns a
// reference to a new Point. Here newPoint is only ever inlined into inlined(), which reads one
// field, so C2 scalar-replaces the Point. (Lab02 shows the same method also compiled on its
// own, where the Point is kept.) Go decides once per function at build time; HotSpot decides
// in every compilation, after inlining.
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
