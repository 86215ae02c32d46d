// An object that never leaves the method that made it need not exist at all.
//
// C2's escape analysis sees that `p` is only read inside sum(): it is NoEscape. C2 then
// replaces the object by its two fields, kept as plain values in registers or spill slots
// ("scalar replacement"; nothing is allocated on the stack either), so the loop allocates
// nothing: compare the measured bytes per call beside the verdict.
public class Lab01_LocalObject {
    record Point(int x, int y) {}

    static int seed = 3;

    static int sum() {
        int total = 0;
        for (int i = 0; i < 100; i++) {
            Point p = new Point(i, seed);   // EXPECT "does not escape \("
            total += p.x() * p.y();
        }
        return total;
    }
}
