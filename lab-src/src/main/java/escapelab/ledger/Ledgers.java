package escapelab.ledger;

import escapelab.Lab;
import escapelab.golang.GoLedger;
import escapelab.jvm.Jdk;

import java.nio.file.Path;
import java.util.List;

/**
 * The notebook API of the allocation ledger: the same run {@code ./lab ledger} makes, one short call
 * per cell. {@code Ledgers.java(Path.of("MyProgram.java"))}, or with options:
 * {@code Ledgers.java(path, Ledgers.options().classPath(List.of(jar)).seconds(20))}.
 */
public final class Ledgers {
    private Ledgers() {
    }

    /** The options of a run, to change with their withers: class path, main class, arguments, --seconds, JDK. */
    public static JavaLedger.Options options() {
        return JavaLedger.Options.defaults().jdk(Lab.jdk());
    }

    /** The ledger of a Java program (a .java file, a folder of sources or classes, or a jar) on the lab's JDK. */
    public static LedgerView java(Path program) {
        return java(program, options());
    }

    public static LedgerView java(Path program, JavaLedger.Options options) {
        return new LedgerView(JavaLedger.run(program, options));
    }

    /** The ledger of a program run with these arguments, measured for {@code seconds} after the warm-up. */
    public static LedgerView java(Path program, int seconds, String... args) {
        return java(program, options().args(List.of(args)).seconds(seconds));
    }

    /**
     * The ledger of a Go package's benchmarks (go test -bench -benchmem -memprofile) joined with the
     * compiler's -m=2 findings; {@code bench} a -bench regexp, or null for all.
     */
    public static LedgerView go(Path packageDir, String bench) {
        GoLedger.Options options = GoLedger.Options.defaults();
        return new LedgerView(GoLedger.run(packageDir, bench == null ? options : options.bench(bench)));
    }

    /** The flame graph of a ledger's allocated bytes, its allocating frames coloured by verdict. */
    public static FlameGraph flameGraph(LedgerView ledger) {
        return FlameGraph.of(ledger.run());
    }

    /** Two ledgers of two versions of a program side by side: the sites whose bytes or verdict changed. */
    public static LedgerCompare compare(LedgerView before, LedgerView after) {
        return LedgerCompare.of(before.ledger(), after.ledger());
    }

    /** The same on another JDK. */
    public static LedgerView java(Path program, Jdk jdk, JavaLedger.Options options) {
        return java(program, options.jdk(jdk));
    }
}
