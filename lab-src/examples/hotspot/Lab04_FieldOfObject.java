// A field store escapes only as far as the object that holds the field.
//
// Putting a one-element int array into a Box that itself stays local lets C2 replace both.
// Putting it into a Box that is reachable from a static field makes the array reachable too, so
// it is kept.
public class Lab04_FieldOfObject {
    static final class Box { Object item; }

    static final Box shared = new Box();   // EXPECT "not compiled by C2"
    static int seed = 4;

    static int intoLocalBox() {
        Box b = new Box();   // EXPECT "does not escape \("
        b.item = new int[] {seed};   // EXPECT "does not escape \(" EXPECT17 "stays on the heap \(escape state unknown\): reason unknown"
        return ((int[]) b.item)[0];
    }

    static int intoSharedBox() {
        int[] value = new int[] {seed};   // EXPECT "escapes: stored to field Box\.item of an object from outside this method"
        shared.item = value;
        return value[0];
    }
}
