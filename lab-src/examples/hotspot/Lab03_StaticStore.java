// A static field is reachable from every thread for as long as the class lives: GlobalEscape.
//
// Whatever is stored there must be a real object on the heap. The same allocation with the
// store removed is scalar-replaced; storing it even once, on every path, keeps it. A third
// case surprises people: asking an object for its identity hash code calls a native method,
// which C2 cannot see into, so that object is kept too.
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
        Cell c = new Cell();   // EXPECT "does not escape"
        c.value = seed;
        return c.value;
    }

    static int hashed() {
        Cell c = new Cell();   // EXPECT "escapes: passed to System\.identityHashCode, a call C2 did not inline"
        return System.identityHashCode(c) == 0 ? 0 : seed;
    }
}
