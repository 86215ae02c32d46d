package escapelab.ledger;

import com.google.gson.annotations.JsonAdapter;
import com.google.gson.annotations.SerializedName;
import escapelab.notebook.Json;

import java.util.List;

/**
 * Where one run of a program allocated, joined with what the compiler decided for each allocating
 * line: the report of {@code ./lab ledger}, for Java (JFR's allocation samples and C2's compilation
 * log) and for Go (pprof's alloc_space and the compiler's -m=2 findings). Written as JSON by
 * {@link escapelab.notebook.Json} in the shape of the contract.
 *
 * @param language   which world measured it
 * @param jdk        the JDK's version for Java, the Go toolchain's version for Go
 * @param program    what ran: the file, folder, jar or Go package, with its main class or benchmark
 * @param seconds    the measured window: the samples counted are the ones taken in it
 * @param totalBytes all sampled bytes in the window, of every site
 * @param status     how the run ended; the ledger holds what ran until then
 * @param statusDetail what the status means for this run (the exception, the time limit), or empty
 * @param notes      what a reader needs to know to trust the figures (samples dropped, frames cut)
 * @param sites      allocating lines, most bytes first
 * @param flameGraph the files written for the run's allocation flame graph, or null when none was written
 */
public record Ledger(Language language, String jdk, String program, double seconds, long totalBytes, Status status,
                     String statusDetail, List<String> notes, List<LedgerSite> sites,
                     @JsonAdapter(value = Json.KeepNull.class, nullSafe = false) FlameGraphFiles flameGraph) {

    /** The same ledger, naming the flame graph's files written for it. */
    public Ledger withFlameGraph(FlameGraphFiles files) {
        return new Ledger(language, jdk, program, seconds, totalBytes, status, statusDetail, notes, sites, files);
    }

    public enum Language { JAVA, GO }

    /** How the measured run ended. */
    public enum Status {
        /** The program returned from main (or the benchmark finished). */
        COMPLETE,
        /** Stopped by the lab after --seconds of measuring. */
        STOPPED,
        /** main ended with an exception, or the program exited with a non-zero code. */
        FAILED,
        /** The JVM or Go process died (a signal, a crash). */
        CRASHED
    }

    /**
     * What the compiler did with an allocating line, as far as the run shows. Java: from the C2
     * compilations containing the site. Go: from the compiler's -m=2 findings on the line.
     */
    public enum Verdict {
        /** C2 compiled the site and kept the allocation in at least one compilation; Go: the compiler moved it to the heap. */
        KEPT,
        /** Every C2 compilation containing the site removed the allocation; the bytes come from code that still allocates (interpreter, C1). */
        ELIMINATED_ELSEWHERE,
        /** No C2 compilation contains the site: every byte came from the interpreter or C1. */
        NOT_COMPILED,
        /** No allocation instruction at that place in the bytecode or no compiler finding on the line (allocated inside the runtime, an intrinsic, reflection). */
        NO_SITE
    }

    /**
     * One allocating line: the bytes sampled there and the compiler's word on it.
     *
     * @param className  the class (Java, dotted) or package path (Go) that holds the line
     * @param method     the method or function, with the descriptor left out
     * @param file       the source file name, when the class file or profile names it
     * @param line       the source line, or -1 when unknown
     * @param type       what was allocated ({@code java.lang.String}, {@code byte[]}, Go's {@code []byte})
     * @param bytes      sampled bytes (JFR's weight, pprof's alloc_space) in the window
     * @param share      bytes / totalBytes
     * @param escapeState C2's escape state as the escape engine infers it, or null when not compiled; Go: null
     * @param reason     why the allocation stayed: the engine's first reason for Java, the compiler's explanation for Go
     * @param stacks     the hottest call stacks that reached the site, most bytes first
     */
    public record LedgerSite(@SerializedName("class") String className, String method, String file, int line, String type,
                             long bytes, double share, Verdict verdict,
                             @JsonAdapter(value = Json.KeepNull.class, nullSafe = false) String escapeState, String reason,
                             List<Stack> stacks) {
    }

    /** A call stack, the allocating frame first, and the bytes sampled with it. */
    public record Stack(List<Frame> frames, long bytes) {
    }

    /** One frame: class (or Go package path), method or function, line (-1 when unknown). */
    public record Frame(@SerializedName("class") String className, String method, int line) {
    }

    /** The flame graph's files: a static SVG, the collapsed-stack text every flame-graph tool reads, speedscope's JSON. */
    public record FlameGraphFiles(String svg, String collapsed, String speedscope) {
    }

    /** Every distinct sampled stack of a run with the verdict of its allocating site: what the flame graph draws. */
    public record FlameStack(List<Frame> frames, long bytes, Verdict verdict) {
    }

    /** A measured run: its ledger and every distinct stack (a ledger site keeps only its hottest few). */
    public record Run(Ledger ledger, List<FlameStack> stacks) {
    }
}
