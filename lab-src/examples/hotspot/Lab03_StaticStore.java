// A static field is reachable from every thread for as long as the class lives: GlobalEscape.
//
// Whatever is stored there must be a real object on the heap. The same allocation with the
// store removed is scalar-replaced; storing it even once, on every path, keeps it. A third
// case surprises people: C2 compiles System.identityHashCode as an intrinsic that reads the hash
// from the object's header, but the intrinsic's slow path still calls the native method, and C2's
// bytecode escape analysis does not analyse native methods, so the object is GlobalEscape and kept.
public class Lab03_StaticStore {
    static final class Cell { int value; }

    static Cell lastSeen;
    static int seed = 9;

    static int stored() {
        Cell c = new Cell();   // EXPECT "escapes: stored to static field Lab03_StaticStore\.lastSeen"
        c.value = seed;
        lastSeen = c;
        return c.value;
    }

    static int notStored() {
        Cell c = new Cell();   // EXPECT "does not escape \("
        c.value = seed;
        return c.value;
    }

    static int hashed() {
        Cell c = new Cell();   // EXPECT "escapes: passed to System\.identityHashCode, which C2 compiles as an intrinsic _identityHashCode whose slow path calls the native method; C2's bytecode escape analysis does not analyse native methods, so every argument escapes"
        return System.identityHashCode(c) == 0 ? 0 : seed;
    }
}
