// A virtual call is inlined only when the profile says which method it reaches.
//
// C2 inlines a call site that has seen one receiver class (monomorphic) or two (bimorphic),
// guarded by a type check. A site that has seen three or more (megamorphic) stays a real
// virtual call, and an object passed through it escapes. Same code, different history.
public class Lab06_VirtualCalls {
    record Point(int x, int y) {}

    interface Metric { int of(Point p); }
    static final class Sum implements Metric { public int of(Point p) { return p.x() + p.y(); } }
    static final class Max implements Metric { public int of(Point p) { return Math.max(p.x(), p.y()); } }
    static final class Min implements Metric { public int of(Point p) { return Math.min(p.x(), p.y()); } }

    static final Metric[] ONE = {new Sum()};   // EXPECT "not compiled by C2" "not compiled by C2"
    static final Metric[] THREE = {new Sum(), new Max(), new Min()};   // EXPECT "not compiled by C2" "not compiled by C2" "not compiled by C2" "not compiled by C2"
    static int seed = 6;

    static int monomorphic() {
        int total = 0;
        for (int i = 0; i < 90; i++) {
            total += ONE[i % ONE.length].of(new Point(i, seed));   // EXPECT "does not escape"
        }
        return total;
    }

    static int megamorphic() {
        int total = 0;
        for (int i = 0; i < 90; i++) {
            total += THREE[i % THREE.length].of(new Point(i, seed));   // EXPECT "escapes: passed to Metric\.of, not inlined: virtual call"
        }
        return total;
    }
}
