// When the path C2 left out finally runs, the compiled code is thrown away.
//
// This program has a main, so the lab runs it instead of warming methods itself. main calls
// rarelyEscapes() until C2 compiles it without the branch that stores the Point (the Point is
// scalar-replaced), then changes seed so that branch runs. The JVM deoptimises at the uncommon
// trap, rebuilds the Point on the heap, and C2 later compiles the method again with the new
// profile, keeping the Point this time. -XX:+PrintCompilation prints "made not entrant" for such
// code, but also every time a newer compilation of a method replaces the older one
// (ciEnv::register_method). JDK 25 adds the reason (nmethod::log_state_change): "made not entrant:
// uncommon trap" here, "made not entrant: not used" for replaced code; older JDKs print the words
// alone. The compilation log's uncommon_trap record is what shows a deoptimisation.
public class Lab17_Deoptimization {
    record Point(int x, int y) {}

    static Point last;
    static int seed = 2;

    static int rarelyEscapes() {
        Point p = new Point(seed, seed);   // EXPECT "escapes: stored to static field Lab17_Deoptimization\.last"
        if (p.y() < 0) {
            last = p;
        }
        return p.x();
    }

    public static void main(String[] args) {
        for (int i = 0; i < 50_000; i++) {
            rarelyEscapes();
        }
        seed = -1; // the branch C2 left out runs from now on
        for (int i = 0; i < 50_000; i++) {
            rarelyEscapes();
        }
    }
}
