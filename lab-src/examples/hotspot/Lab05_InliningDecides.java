// Escape analysis looks at one compilation at a time, after inlining.
//
// Passing a Point to a small method that C2 inlines is harmless: after inlining there is no
// call left. Passing it to a method over C2's inlining size limit (FreqInlineSize, 325 bytes of
// bytecode) leaves a real call. C2 then asks its bytecode escape analysis of the callee what the
// callee does with the Point, but that analysis gives up on methods over MaxBCEAEstimateSize (150
// bytes), so the Point is GlobalEscape and kept. The reason names C2's own inlining message from
// the compilation log. Lab19 shows a callee small enough to be analysed.
public class Lab05_InliningDecides {
    record Point(int x, int y) {}

    static int seed = 2;

    static int small(Point p) {
        return p.x() + p.y();
    }

    static int passedToSmall() {
        return small(new Point(seed, seed + 1));   // EXPECT "does not escape \("
    }

    static int passedToBig() {
        return big(new Point(seed, seed + 1));   // EXPECT "escapes: passed to Lab05_InliningDecides\.big, not inlined: hot method too big; its 434 bytes of bytecode exceed MaxBCEAEstimateSize \(150\), so C2's bytecode escape analysis does not analyse Lab05_InliningDecides\.big and every argument escapes"
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
