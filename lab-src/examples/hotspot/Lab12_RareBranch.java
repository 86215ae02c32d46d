// C2 compiles the paths the program took, not every path it could take.
//
// The store to `last` sits on a branch the profile says never ran. C2 leaves the branch out and
// puts an "uncommon trap" there instead: if it ever runs, the JVM deoptimises, rebuilds the
// object on the heap and continues in the interpreter. Until then the Point is scalar-replaced.
// Go decides at build time and must assume every path can run.
public class Lab12_RareBranch {
    record Point(int x, int y) {}

    static Point last;
    static int seed = 2;

    static int rarelyEscapes() {
        int total = 0;
        for (int i = 0; i < 100; i++) {
            Point p = new Point(i, seed);   // EXPECT "does not escape \("
            if (p.y() < 0) {
                last = p;
            }
            total += p.x();
        }
        return total;
    }
}
