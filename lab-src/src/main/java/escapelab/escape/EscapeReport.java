package escapelab.escape;

import java.util.List;
import java.util.Map;

/**
 * What C2 did with every allocation and lock of a program, on one JDK.
 *
 * @param status       whether the program ran to its end; when it did not, the sites reflect the
 *                     compilations made before it stopped
 * @param bytesPerCall allocated bytes per call of each warmed method, measured after warm-up
 * @param programOutput what the program itself printed, standard output then standard error: its first
 *                     lines, each cut to a readable length
 * @param programLinesCut how many more lines it printed, not kept
 * @param settings     the JVM's values of the flags that bound escape analysis, read from the run
 */
public record EscapeReport(String file, String jdk, List<String> flags, Status status, String statusDetail,
                           List<Finding> sites, Map<String, Double> bytesPerCall, String programOutput, int programLinesCut,
                           Map<String, String> settings, String logExcerpt) {

    /** How the analysed program's run ended. */
    public enum Status {
        COMPLETE("complete"), TIMED_OUT("timed-out"), CRASHED("crashed"), EXITED("exited"),
        /** javac of this JDK's release refused the source (with --compare, where another JDK's accepted it): nothing ran. */
        COMPILE_ERROR("compile-error");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        @Override
        public String toString() {
            return word;
        }
    }

    /** What became of a site in the C2 code: removed everywhere, still there somewhere, or never compiled by C2. */
    public enum Verdict {
        ELIMINATED("eliminated"), KEPT("kept"), NOT_COMPILED("not-compiled");

        private final String word;

        Verdict(String word) {
            this.word = word;
        }

        @Override
        public String toString() {
            return word;
        }
    }

    /**
     * C2's classification of an allocation ({@code PointsToNode::EscapeState} in escape.hpp), as the
     * lab infers it on a product JVM, which does not print it. Only NoEscape objects can be
     * scalar-replaced; locks on NoEscape and ArgEscape objects can be elided.
     */
    public enum EscapeState {
        NO_ESCAPE("no-escape", "NoEscape"), ARG_ESCAPE("arg-escape", "ArgEscape"),
        GLOBAL_ESCAPE("global-escape", "GlobalEscape"), UNKNOWN("unknown", "unknown");

        private final String word;
        private final String hotspotName;

        EscapeState(String word, String hotspotName) {
            this.word = word;
            this.hotspotName = hotspotName;
        }

        /** C2's own name: NoEscape, ArgEscape, GlobalEscape. */
        public String hotspotName() {
            return hotspotName;
        }

        @Override
        public String toString() {
            return word;
        }

        /**
         * Two states of one object joined: GlobalEscape wins; then unknown, which could hide a
         * GlobalEscape; then ArgEscape; NoEscape only when both are.
         */
        static EscapeState combine(EscapeState a, EscapeState b) {
            return rank(a) >= rank(b) ? a : b;
        }

        private static int rank(EscapeState s) {
            return switch (s) {
                case NO_ESCAPE -> 0;
                case ARG_ESCAPE -> 1;
                case UNKNOWN -> 2;
                case GLOBAL_ESCAPE -> 3;
            };
        }
    }

    /**
     * One site's verdict, its escape state, the reasons it was kept, and one context per C2
     * compilation containing it.
     *
     * @param stateEvidence how the escape state was inferred, step by step (shown with {@code -v})
     */
    public record Finding(Site site, Verdict verdict, EscapeState escapeState, List<String> reasons,
                          List<String> stateEvidence, List<Context> contexts, Measured bytesPerCall) {

        /** How a reason starts that says a box only ever came from the cache during warm-up. */
        static final String CACHED = "every value boxed here during warm-up came from ";
        static final String ARG_ESCAPE_TAIL = "; the callee does not keep it, so it stays on the heap and locks on it can be elided";

        /** The message after the position, in the style of {@code go build -gcflags=-m}. */
        public String message() {
            return site.what() + (verdict != Verdict.NOT_COMPILED && site.kind() == Site.Kind.LOCK ? ": " : " ") + explanation();
        }

        /** The message without the site's name: "escapes: stored to static field Demo.s (line 4)". */
        public String explanation() {
            boolean lock = site.kind() == Site.Kind.LOCK;
            String where = String.join(", ", contexts.stream().map(Context::compiledMethod).distinct().toList());
            String why = reasons.isEmpty() ? "reason unknown" : reasons.get(0);
            return switch (verdict) {
                case ELIMINATED -> lock ? "lock elided (in " + where + ")"
                        : "does not escape (" + (site.what().startsWith("box ") ? "no box allocated" : "scalar replaced")
                        + " in " + where + ")";
                case KEPT -> lock ? "lock kept: " + why : keptMessage(why);
                case NOT_COMPILED -> "not compiled by C2 (" + why + ")";
            };
        }

        private String keptMessage(String why) {
            if (measuredZeroInOwnMethod()) {
                return "is not scalar-replaced (" + why + "), yet " + bytesPerCall.method()
                        + " allocates 0 B per call: the log has no eliminate_allocation record for it, and which"
                        + " optimisation removed it the lab does not know";
            }
            String message = switch (escapeState) {
                case GLOBAL_ESCAPE -> "escapes: " + why;
                case ARG_ESCAPE -> "is arg-escape: " + why + ARG_ESCAPE_TAIL;
                case NO_ESCAPE -> "does not escape, but is not scalar-replaced: " + why;
                case UNKNOWN -> "stays on the heap (escape state unknown): " + why;
            };
            if (boxMeasuredZeroInOwnMethod() && !why.startsWith(CACHED)) {
                // C2 compiled valueOf's allocating path, but the measured calls never took it.
                message += "; yet " + bytesPerCall.method() + " allocates 0 B per call: valueOf returned "
                        + site.type() + "'s cached boxes";
            }
            return message;
        }

        /** A kept box whose own warmed method measured 0 bytes per call: every value came from the cache. */
        boolean boxMeasuredZeroInOwnMethod() {
            return verdict == Verdict.KEPT && site.what().startsWith("box ") && bytesPerCall != null
                    && bytesPerCall.method().equals(site.method().display()) && bytesPerCall.bytes() == 0;
        }

        /** Kept by escape analysis, but its own warmed method measured 0 bytes per call. */
        boolean measuredZeroInOwnMethod() {
            return verdict == Verdict.KEPT && site.kind() == Site.Kind.ALLOCATION && !site.what().startsWith("box ")
                    && bytesPerCall != null && bytesPerCall.method().equals(site.method().display())
                    && bytesPerCall.bytes() == 0;
        }
    }

    /**
     * One C2 compilation that contains the site.
     *
     * @param via         the inlining chain from the compiled method down to the site's method, empty when the
     *                    site is in the compiled method itself
     * @param deoptimized why this compiled code was later thrown away, or empty
     * @param state       the site's escape state inferred for this compilation
     */
    public record Context(String compiledMethod, int compileId, boolean osr, boolean eliminated, String via,
                          String deoptimized, EscapeState state) {
    }

    /** Bytes allocated per call of a method that the engine warmed, measured after warm-up. */
    public record Measured(String method, double bytes) {
    }

    /** The report of a JDK whose javac refused the source: javac's message, no sites. */
    public static EscapeReport compileError(String file, String jdk, String javacMessage) {
        return new EscapeReport(file, jdk, List.of(), Status.COMPILE_ERROR, javacMessage, List.of(), Map.of(), "", 0, Map.of(), "");
    }

    public boolean complete() {
        return status == Status.COMPLETE;
    }
}
