// Two allocations that flow into one variable used to defeat scalar replacement.
//
// After `c ? new Point(..) : new Point(..)` the code that follows sees "one of two objects".
// Up to JDK 24 C2 gave up on both; JDK 25 splits the merge and replaces them (JDK-8316991,
// "reduce allocation merges"). The file carries both expectations, and the lab checks each JDK.
public class Lab10_MergedAllocations {
    record Point(int x, int y) {}

    static int seed = 7;

    static int merged() {
        int total = 0;
        for (int i = 0; i < 100; i++) {
            Point p = (i & 1) == 0 ? new Point(i, seed) : new Point(seed, i);   // EXPECT "does not escape" "does not escape" EXPECT17 "escapes: merged with another allocation at a join" "escapes: merged with another allocation at a join"
            total += p.x();
        }
        return total;
    }
}
