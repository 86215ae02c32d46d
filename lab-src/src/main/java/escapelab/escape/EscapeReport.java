package escapelab.escape;

import java.util.List;
import java.util.Map;

/**
 * What C2 did with every allocation and lock of a program, on one JDK.
 *
 * @param status       "complete", or "timed-out", "crashed", "exited" when the program did not run
 *                     to its end: the sites then reflect the compilations made before it stopped
 * @param bytesPerCall allocated bytes per call of each warmed method, measured after warm-up
 * @param programOutput what the program itself printed (first lines)
 * @param settings     the JVM's values of the flags that bound escape analysis, read from the run
 */
public record EscapeReport(String file, String jdk, List<String> flags, String status, String statusDetail,
                           List<Verdict> sites, Map<String, Double> bytesPerCall, String programOutput,
                           Map<String, String> settings, String logExcerpt) {

    /** One site's verdict, with the reasons it was kept and one context per C2 compilation containing it. */
    public record Verdict(Site site, String verdict, List<String> reasons, List<Context> contexts, Measured bytesPerCall) {
        public static final String ELIMINATED = "eliminated";
        public static final String KEPT = "kept";
        public static final String NOT_COMPILED = "not-compiled";

        /** The message after the position, in the style of {@code go build -gcflags=-m}. */
        public String message() {
            boolean lock = site.kind() == Site.Kind.LOCK;
            String where = String.join(", ", contexts.stream().map(Context::compiledMethod).distinct().toList());
            return switch (verdict) {
                case ELIMINATED -> lock ? site.what() + ": lock elided (in " + where + ")"
                        : site.what() + " does not escape (" + (site.what().startsWith("box ") ? "no box allocated" : "scalar replaced")
                        + " in " + where + ")";
                case KEPT -> lock ? site.what() + ": lock kept: " + reasons.get(0)
                        : site.what() + " escapes: " + reasons.get(0);
                default -> site.what() + " not compiled by C2 (" + reasons.get(0) + ")";
            };
        }
    }

    /**
     * One C2 compilation that contains the site.
     *
     * @param via         the inlining chain from the compiled method down to the site's method, empty when the
     *                    site is in the compiled method itself
     * @param deoptimized why this compiled code was later thrown away, or empty
     */
    public record Context(String compiledMethod, int compileId, boolean osr, boolean eliminated, String via,
                          String deoptimized) {
    }

    /** Bytes allocated per call of a method that the engine warmed, measured after warm-up. */
    public record Measured(String method, double bytes) {
    }

    public boolean complete() {
        return status.equals("complete");
    }
}
