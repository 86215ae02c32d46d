// Escape analysis looks at one compilation at a time, and a call it cannot see into is a wall.
//
// Passing a Point to a small method that C2 inlines is harmless: after inlining there is no
// call left. Passing it to a method over C2's inlining size limit (FreqInlineSize, 325 bytes of
// bytecode) leaves a real call, so C2 must assume the callee keeps it: the Point is kept. The
// reason names C2's own inlining message from the compilation log.
public class Lab05_InliningDecides {
    record Point(int x, int y) {}

    static int seed = 2;

    static int small(Point p) {
        return p.x() + p.y();
    }

    static int passedToSmall() {
        return small(new Point(seed, seed + 1));   // EXPECT "does not escape"
    }

    static int passedToBig() {
        return big(new Point(seed, seed + 1));   // EXPECT "escapes: passed to Lab05_InliningDecides\.big, not inlined: hot method too big"
    }

    // Long on purpose: 40 times the same step is well over 325 bytes of bytecode.
    static int big(Point p) {
        int a = p.x(), b = p.y();
        a = a * 31 + b; b = b * 17 + a; a = a * 31 + b; b = b * 17 + a; a = a * 31 + b;
        b = b * 17 + a; a = a * 31 + b; b = b * 17 + a; a = a * 31 + b; b = b * 17 + a;
        a = a * 31 + b; b = b * 17 + a; a = a * 31 + b; b = b * 17 + a; a = a * 31 + b;
        b = b * 17 + a; a = a * 31 + b; b = b * 17 + a; a = a * 31 + b; b = b * 17 + a;
        a = a * 31 + b; b = b * 17 + a; a = a * 31 + b; b = b * 17 + a; a = a * 31 + b;
        b = b * 17 + a; a = a * 31 + b; b = b * 17 + a; a = a * 31 + b; b = b * 17 + a;
        a = a * 31 + b; b = b * 17 + a; a = a * 31 + b; b = b * 17 + a; a = a * 31 + b;
        b = b * 17 + a; a = a * 31 + b; b = b * 17 + a; a = a * 31 + b; b = b * 17 + a;
        a = a * 31 + b; b = b * 17 + a; a = a * 31 + b; b = b * 17 + a; a = a * 31 + b;
        b = b * 17 + a; a = a * 31 + b; b = b * 17 + a; a = a * 31 + b; b = b * 17 + a;
        a = a * 31 + b; b = b * 17 + a; a = a * 31 + b; b = b * 17 + a; a = a * 31 + b;
        b = b * 17 + a; a = a * 31 + b; b = b * 17 + a; a = a * 31 + b; b = b * 17 + a;
        return a ^ b;
    }
}
