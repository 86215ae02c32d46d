package escapelab.escape;

import escapelab.escape.EscapeReport.Context;
import escapelab.escape.EscapeReport.EscapeState;
import escapelab.escape.EscapeReport.Finding;
import escapelab.escape.EscapeReport.Verdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine on generated programs (issue 14, section 4), checked against invariants that need no
 * expected file: it never throws and the run completes; every site has a verdict and a state that
 * agree with each other; a measured method whose allocations were all eliminated allocates 0 B per
 * call; a site kept by escape analysis in a method that measured 0 B says what removed it; a lock C2
 * elided as NonEscObj is on an object that is not GlobalEscape in that compilation; "escapes" is said
 * only of GlobalEscape. A fixed run of {@value #DEFAULT_PROGRAMS} programs from seed
 * {@value #FIRST_SEED}; {@code LAB_FUZZ=N} runs N programs, {@code LAB_FUZZ_SEED=S} starts at seed S
 * ({@code LAB_FUZZ=1 LAB_FUZZ_SEED=S} reproduces one failure); {@code LAB_FUZZ_SHOW=1} prints every program
 * with its report to the test's output.
 */
@Tag("live")
class EscapePropertyTest {
    static final int DEFAULT_PROGRAMS = 40;
    static final long FIRST_SEED = 1;
    private static final Pattern ESCAPES = Pattern.compile("\\bescapes\\b");
    /** How often invariants 3 and 5 applied, so a run shows they were not vacuous. */
    private static int zeroChecks;
    private static int lockChecks;

    @Test
    void generatedProgramsKeepTheInvariants() {
        int programs = intEnv("LAB_FUZZ", DEFAULT_PROGRAMS);
        long first = intEnv("LAB_FUZZ_SEED", (int) FIRST_SEED);
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (long seed = first; seed < first + programs; seed++) {
            ProgramGenerator.Program p = ProgramGenerator.generate(seed);
            long t0 = System.nanoTime();
            EscapeReport r = null;
            List<String> problems;
            try {
                r = EscapeAnalysis.analyze(p.fileName(), p.source(), EscapeAnalysis.Options.defaults());
                problems = check(p, r);
            } catch (Throwable t) {
                StringWriter trace = new StringWriter();
                t.printStackTrace(new PrintWriter(trace));
                problems = List.of("1. the engine threw: " + trace);
            }
            System.out.printf("seed %d: %d sites, %d ms, %s%n", seed, r == null ? 0 : r.sites().size(),
                    (System.nanoTime() - t0) / 1_000_000, problems.isEmpty() ? "ok" : problems.size() + " problems");
            if ("1".equals(System.getenv("LAB_FUZZ_SHOW"))) {
                System.out.println(describe(p, r, problems) + "--- elided locks\n" + (r == null ? "" : elidedLocks(r.logExcerpt())));
            }
            if (!problems.isEmpty()) {
                failures.add(describe(p, r, problems));
            }
        }
        System.out.printf("%d programs in %d ms; 0 B checked on %d all-eliminated methods, %d NonEscObj locks checked%n",
                programs, (System.nanoTime() - started) / 1_000_000, zeroChecks, lockChecks);
        assertTrue(failures.isEmpty(), failures.size() + " of " + programs + " generated programs broke an invariant\n\n"
                + String.join("\n\n", failures));
    }

    private static int intEnv(String name, int otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : Integer.parseInt(v.strip());
    }

    static String describe(ProgramGenerator.Program p, EscapeReport r, List<String> problems) {
        return "seed " + p.seed() + " (reproduce: LAB_FUZZ=1 LAB_FUZZ_SEED=" + p.seed() + "):\n"
                + String.join("\n", problems) + "\n--- " + p.fileName() + "\n" + numbered(p.source())
                + "--- the report\n" + (r == null ? "(none)\n" : EscapeText.text(r, true));
    }

    private static String numbered(String source) {
        StringBuilder b = new StringBuilder();
        String[] lines = source.split("\n");
        for (int i = 0; i < lines.length; i++) {
            b.append(String.format("%3d  %s%n", i + 1, lines[i]));
        }
        return b.toString();
    }

    /** Every invariant the report breaks, each said with the site it is about. */
    static List<String> check(ProgramGenerator.Program p, EscapeReport r) {
        List<String> problems = new ArrayList<>();
        // 1. The run completes.
        if (!r.complete()) {
            problems.add("1. status " + r.status() + ": " + r.statusDetail());
        } else if (!r.statusDetail().isEmpty()) {
            problems.add("1. a method threw: " + r.statusDetail());
        }
        for (Finding f : r.sites()) {
            String at = f.site().position() + " " + f.site().what() + ": ";
            // 2. A verdict and a state, consistent with each other.
            if (f.verdict() == null || f.escapeState() == null) {
                problems.add("2. " + at + "no verdict or no state");
                continue;
            }
            if (f.verdict() == Verdict.KEPT && (f.reasons().isEmpty() || f.reasons().get(0).equals("reason unknown"))) {
                problems.add("2. " + at + "kept without a reason");
            }
            if (f.verdict() == Verdict.NOT_COMPILED && f.escapeState() != EscapeState.UNKNOWN) {
                problems.add("2. " + at + "not compiled, yet state " + f.escapeState());
            }
            if (f.verdict() == Verdict.ELIMINATED && f.site().kind() == Site.Kind.ALLOCATION
                    && f.escapeState() != EscapeState.NO_ESCAPE) {
                problems.add("2. " + at + "eliminated, yet state " + f.escapeState());
            }
            // 4. Kept by escape analysis, while its own method measured 0 B: the message says so.
            if (f.verdict() == Verdict.KEPT && f.site().kind() == Site.Kind.ALLOCATION && f.bytesPerCall() != null
                    && f.bytesPerCall().method().equals(f.site().method().display()) && f.bytesPerCall().bytes() == 0) {
                String m = f.message();
                boolean says = f.site().what().startsWith("box ") ? m.contains("cache")
                        : m.contains("yet " + f.bytesPerCall().method() + " allocates 0 B per call");
                if (!says) {
                    problems.add("4. " + at + "kept while " + f.bytesPerCall().method()
                            + " allocates 0 B per call, and the message does not say what removed it: " + m);
                }
            }
            // 6. "escapes" only for GlobalEscape.
            if (ESCAPES.matcher(f.message()).find() && f.escapeState() != EscapeState.GLOBAL_ESCAPE) {
                problems.add("6. " + at + "the message says \"escapes\" of a " + f.escapeState().hotspotName()
                        + " site: " + f.message());
            }
        }
        zeroBytesWhenAllEliminated(p, r, problems);
        nonEscapingLocks(p, r, problems);
        return problems;
    }

    /**
     * 3. A measured method whose allocations were all eliminated allocates nothing. Its allocations are
     * the sites the engine measured with it and the sites its calls run, in it and in the helpers it
     * calls inlined or not (the generator's reach): the engine names one measured method per site.
     */
    private static void zeroBytesWhenAllEliminated(ProgramGenerator.Program p, EscapeReport r, List<String> problems) {
        for (Map.Entry<String, Double> e : r.bytesPerCall().entrySet()) {
            String method = e.getKey();
            Set<Integer> reach = p.reach().getOrDefault(method, Set.of());
            List<Finding> mine = r.sites().stream().filter(f -> f.site().kind() == Site.Kind.ALLOCATION)
                    .filter(f -> reach.contains(f.site().line())
                            || (f.bytesPerCall() != null && f.bytesPerCall().method().equals(method)
                            && f.verdict() != Verdict.NOT_COMPILED))
                    .toList();
            boolean allEliminated = mine.stream().allMatch(f -> f.verdict() == Verdict.ELIMINATED);
            zeroChecks += allEliminated ? 1 : 0;
            if (allEliminated && e.getValue() != 0) {
                problems.add("3. every allocation " + method + " runs was eliminated ("
                        + String.join(", ", mine.stream().map(f -> "line " + f.site().line()).toList())
                        + "), yet it allocates " + e.getValue() + " B per call");
            }
        }
    }

    /** An {@code eliminate_lock} record of the log: its compilation, kind and innermost frame. */
    record ElidedLock(int compileId, String kind, String owner, String method, int bci) {
    }

    private static final Pattern TASK = Pattern.compile("^<task .*?compile_id='(\\d+)'");
    private static final Pattern KLASS = Pattern.compile("^<klass id='(\\d+)' name='([^']+)'");
    private static final Pattern METHOD = Pattern.compile("^<method id='(\\d+)' holder='(\\d+)' name='([^']+)'");
    private static final Pattern LOCK = Pattern.compile("^<eliminate_lock .*?kind='([^']+)'");
    private static final Pattern JVMS = Pattern.compile("^\\s*<jvms bci='(-?\\d+)' method='(\\d+)'");

    /** The elided locks of the report's log excerpt, read from the log's own records. */
    static List<ElidedLock> elidedLocks(String excerpt) {
        List<ElidedLock> out = new ArrayList<>();
        Map<String, String> klasses = new HashMap<>();
        Map<String, String[]> methods = new HashMap<>();
        int compileId = -1;
        String kind = null;
        for (String line : excerpt.split("\n")) {
            Matcher m;
            if ((m = TASK.matcher(line)).find()) {
                compileId = Integer.parseInt(m.group(1));
                klasses.clear();
                methods.clear();
            } else if ((m = KLASS.matcher(line)).find()) {
                klasses.put(m.group(1), m.group(2));
            } else if ((m = METHOD.matcher(line)).find()) {
                methods.put(m.group(1), new String[] {m.group(2), m.group(3)});
            } else if ((m = LOCK.matcher(line)).find()) {
                kind = m.group(1);
            } else if (kind != null && (m = JVMS.matcher(line)).find()) {
                String[] method = methods.getOrDefault(m.group(2), new String[] {"?", "?"});
                out.add(new ElidedLock(compileId, kind, klasses.getOrDefault(method[0], "?"), method[1],
                        Integer.parseInt(m.group(1))));
                kind = null; // the innermost frame comes first
            }
        }
        return out;
    }

    /**
     * 5. A lock C2 elided as NonEscObj locks an object that is not GlobalEscape: where the object is an
     * allocation of the lock's own method, that allocation is not GlobalEscape in the same compilation.
     * Coarsened and Nested locks are elided whatever their object, so only NonEscObj is checked.
     */
    private static void nonEscapingLocks(ProgramGenerator.Program p, EscapeReport r, List<String> problems) {
        List<ElidedLock> elided = elidedLocks(r.logExcerpt());
        for (Finding lock : r.sites()) {
            Integer newLine = p.lockedNew().get(lock.site().line());
            if (lock.site().kind() != Site.Kind.LOCK || newLine == null) {
                continue;
            }
            Finding object = r.sites().stream().filter(f -> f.site().kind() == Site.Kind.ALLOCATION
                    && f.site().line() == newLine && f.site().method().equals(lock.site().method())).findFirst().orElse(null);
            if (object == null) {
                problems.add("5. " + lock.site().position() + ": no allocation site on line " + newLine);
                continue;
            }
            for (ElidedLock e : elided) {
                if (!e.kind().equals("NonEscObj") || !e.owner().equals(lock.site().method().owner())
                        || !e.method().equals(lock.site().method().name()) || e.bci() != lock.site().bci()) {
                    continue;
                }
                lockChecks++;
                List<Context> same = object.contexts().stream().filter(c -> c.compileId() == e.compileId()).toList();
                if (same.isEmpty()) {
                    problems.add("5. " + lock.site().position() + ": C2 compilation " + e.compileId()
                            + " elided the lock as NonEscObj, but the report gives " + object.site().what() + " (line "
                            + newLine + ") no context in that compilation");
                }
                for (Context c : same) {
                    if (c.state() == EscapeState.GLOBAL_ESCAPE) {
                        problems.add("5. " + lock.site().position() + ": C2 compilation " + e.compileId()
                                + " elided the lock as NonEscObj, yet the report calls " + object.site().what()
                                + " (line " + newLine + ") GlobalEscape there");
                    }
                }
            }
        }
    }
}
