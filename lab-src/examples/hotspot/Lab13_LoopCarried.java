// An object that outlives one loop iteration is a merge of "the old one" and "the new one".
//
// Here each iteration replaces `p` by a new Point built from the old. The loop's head joins the
// Point made before the loop with the Points made inside it; C2 cannot scalar-replace through
// that join, so both allocations stay, even though none of them leaves the method.
public class Lab13_LoopCarried {
    record Point(int x, int y) {}

    static int seed = 1;

    static int walk() {
        Point p = new Point(seed, seed);   // EXPECT "does not escape, but is not scalar-replaced: merged with another allocation at a join"
        for (int i = 0; i < 100; i++) {
            p = new Point(p.y(), p.x() + p.y());   // EXPECT "does not escape, but is not scalar-replaced: merged with another allocation at a join"
        }
        return p.x();
    }
}
