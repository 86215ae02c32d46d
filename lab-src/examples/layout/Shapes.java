// The classes notebook 01 lays out, each a question JOL answers (after JOL's own samples).
public class Shapes {
    // What does an object cost before it holds anything? Only its header, rounded up to 8 bytes.
    static class Empty {
    }

    // One byte of data: where does it go, and how much does the object take?
    static class OneByte {
        byte b;
    }

    // Declared in the worst order for packing: does the JVM keep it?
    static class Mixed {
        byte b;
        long l;
        Object o;
        int i;
    }

    // Two ints as an object: compare with the 8 bytes of the ints themselves.
    record Point(int x, int y) {
    }

    // References to two Points: three objects in all.
    record Line(Point a, Point b) {
    }

    // A boxed field: the reference is in the object, the Integer is another object.
    static class Boxed {
        Integer value;
    }

    // A subclass's fields go into a hole left in its superclass's layout when one fits (best fit),
    // after the superclass's fields otherwise.
    static class Point3 extends Mixed {
        int z;
    }
}
