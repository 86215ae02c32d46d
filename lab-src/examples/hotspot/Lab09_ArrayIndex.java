// Scalar replacement turns each array element into its own variable, so every index must be
// known when C2 compiles the method.
//
// Writing a[1] is fine. Writing a[seed & 3], where seed is only known at run time, cannot be mapped to
// one variable, so the array stays a real array on the heap, even though it never escapes.
public class Lab09_ArrayIndex {
    static int seed = 5;

    static int constantIndex() {
        int[] a = new int[4];   // EXPECT "does not escape \("
        a[1] = seed;
        return a[1];
    }

    static int variableIndex() {
        int[] a = new int[4];   // EXPECT "does not escape, but is not scalar-replaced: array indexed with a variable"
        a[seed & 3] = seed;
        return a[1];
    }
}
