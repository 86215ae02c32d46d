// Autoboxing is an allocation you do not write: javac turns `Integer a = n` into Integer.valueOf(n).
//
// valueOf returns a shared object for -128..127 (the Integer cache) and allocates a new Integer
// for anything else. C2 knows valueOf: a box that is only unboxed again is dropped outright
// (EliminateAutoBox), whatever the value. A box that is stored stays, and then the cache decides
// whether a call allocates at all.
public class Lab18_Boxing {
    static int seed = 3;
    static Integer last;

    static int unboxedAgain() {
        Integer a = seed + 1000;   // EXPECT "does not escape \("
        return a + 1;
    }

    static int storedInsideTheCache() {
        Integer a = seed;   // EXPECT "escapes: stored to static field Lab18_Boxing\.last; yet Lab18_Boxing\.storedInsideTheCache allocates 0 B per call: valueOf returned Integer's cached boxes"
        last = a;
        return seed;
    }

    static int storedOutsideTheCache() {
        Integer a = seed + 1000;   // EXPECT "escapes: stored to static field Lab18_Boxing\.last"
        last = a;
        return seed;
    }
}
