// Two allocations that flow into one variable used to defeat scalar replacement.
//
// After `c ? new Point(..) : new Point(..)` the code that follows sees "one of two objects".
// JDK 17 and 21 give up on both: each stays NoEscape, but is not scalar-replaced. C2's
// ReduceAllocationMerges (JDK-8287061) splits such merges; it came in JDK 22, switched off there
// by default (JDK-8324688), and is on in later releases: JDK 25 replaces both Points. The file
// carries both expectations, and the lab checks each JDK it finds.
public class Lab10_MergedAllocations {
    record Point(int x, int y) {}

    static int seed = 7;

    static int merged() {
        int total = 0;
        for (int i = 0; i < 100; i++) {
            Point p = (i & 1) == 0 ? new Point(i, seed) : new Point(seed, i);   // EXPECT "does not escape \(" "does not escape \(" EXPECT17 "does not escape, but is not scalar-replaced: merged with another allocation at a join" "does not escape, but is not scalar-replaced: merged with another allocation at a join" EXPECT21 "does not escape, but is not scalar-replaced: merged with another allocation at a join" "does not escape, but is not scalar-replaced: merged with another allocation at a join"
            total += p.x();
        }
        return total;
    }
}
