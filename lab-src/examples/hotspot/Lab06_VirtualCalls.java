// A virtual call can be inlined only when C2 knows, or guesses, which method it reaches.
//
// When class hierarchy analysis finds one implementation, C2 binds the call without a profile.
// Otherwise it inlines by the profile, guarded by a type check: a site that has seen one receiver
// class (monomorphic) or two (bimorphic), or where one class makes 90% of the calls
// (TypeProfileMajorReceiverPercent; the others then take a real virtual call). A site that has
// seen three or more classes with none dominant (megamorphic) stays a real virtual call, and C2
// treats every argument of such a call as GlobalEscape. Same code, different history.
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
            total += ONE[i % ONE.length].of(new Point(i, seed));   // EXPECT "does not escape \("
        }
        return total;
    }

    static int megamorphic() {
        int total = 0;
        for (int i = 0; i < 90; i++) {
            total += THREE[i % THREE.length].of(new Point(i, seed));   // EXPECT "escapes: passed to Metric\.of, not inlined: virtual call; C2 emitted a virtual call, and treats every argument of a virtual call as escaping"
        }
        return total;
    }
}
