// Java twin of println.go: printing an object hands it to PrintStream code that C2 does not
// inline, so the object is kept. (The stream here discards what it is given, so warming the
// method prints nothing.)
import java.io.OutputStream;
import java.io.PrintStream;

public class Lab23_TwinPrintln {
    record Point(int x, int y) {}

    static final PrintStream out = new PrintStream(OutputStream.nullOutputStream());   // EXPECT "not compiled by C2"
    static int seed = 5;

    static int show() {
        Point p = new Point(seed, seed);   // EXPECT "escapes: passed to PrintStream\.println, not inlined: already compiled into a big method; PrintStream\.println has an exception handler that throws, stores or calls, and C2's bytecode escape analysis assumes that any local there may hold any argument"
        out.println(p);
        return p.x();
    }
}
