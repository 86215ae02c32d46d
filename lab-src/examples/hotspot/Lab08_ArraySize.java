// Small arrays can be scalar-replaced; large ones cannot.
//
// C2 replaces an array by separate values only when its length is a constant no larger than
// EliminateAllocationArraySizeLimit (64 elements by default). new int[8] disappears;
// new int[100], used the same way, stays on the heap.
public class Lab08_ArraySize {
    static int seed = 1;

    static int small() {
        int[] a = new int[8];   // EXPECT "does not escape \("
        a[0] = seed;
        a[7] = seed + 1;
        return a[0] + a[7];
    }

    static int large() {
        int[] a = new int[100];   // EXPECT "does not escape, but is not scalar-replaced: array of 100 elements exceeds EliminateAllocationArraySizeLimit \(64\)"
        a[0] = seed;
        a[99] = seed + 1;
        return a[0] + a[99];
    }
}
