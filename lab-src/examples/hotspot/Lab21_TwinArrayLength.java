// Java twin of slicesize.go: an array of constant length and one whose length is known only
// at run time. C2 scalar-replaces an array only when its length is a constant (and at most
// EliminateAllocationArraySizeLimit, 64 elements).
public class Lab21_TwinArrayLength {
    static int seed = 8;

    static int constantSize() {
        int[] s = new int[8];   // EXPECT "does not escape \("
        s[0] = 1;
        return s[0];
    }

    static int variableSize() {
        int[] s = new int[seed];   // EXPECT "does not escape, but is not scalar-replaced: array length is not a constant"
        s[0] = 1;
        return s[0];
    }
}
