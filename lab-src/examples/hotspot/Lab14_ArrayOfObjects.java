// An object stored into an array escapes as far as the array does.
//
// A two-element local array holding two Points, read back at constant indexes: C2 can replace
// the array and, through it, the Points. Put the same Points into an array that is returned
// and every one of them stays on the heap.
public class Lab14_ArrayOfObjects {
    record Point(int x, int y) {}

    static int seed = 3;
    static Point[] kept;

    static int localPair() {
        Point[] pair = {new Point(seed, 1), new Point(2, seed)};   // EXPECT "does not escape \(" "does not escape \(" "does not escape \(" EXPECT17 "does not escape \(" "is not scalar-replaced \(reason unknown\), yet Lab14_ArrayOfObjects\.localPair allocates 0 B per call: the log has no eliminate_allocation record for it, and which optimisation removed it the lab does not know" "is not scalar-replaced \(reason unknown\), yet Lab14_ArrayOfObjects\.localPair allocates 0 B per call: the log has no eliminate_allocation record for it, and which optimisation removed it the lab does not know"
        return pair[0].x() + pair[1].y();
    }

    static int storedPair() {
        Point[] pair = {new Point(seed, 1), new Point(2, seed)};   // EXPECT "escapes: stored to static field Lab14_ArrayOfObjects\.kept" "escapes: stored into an array: new Point\[2\], which escapes: stored to static field Lab14_ArrayOfObjects\.kept" "escapes: stored into an array: new Point\[2\], which escapes: stored to static field Lab14_ArrayOfObjects\.kept"
        kept = pair;
        return pair.length;
    }
}
