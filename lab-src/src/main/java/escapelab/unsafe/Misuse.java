package escapelab.unsafe;

import escapelab.golang.Checkptr;
import escapelab.golang.GoTool;
import escapelab.jvm.IndependentRuns;
import escapelab.notebook.Html;
import escapelab.notebook.Renderable;
import escapelab.notebook.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The notebook API of the unsafe package: each scenario run live, and the table built from the runs. */
public final class Misuse {
    private Misuse() {
    }

    /** A Go scenario from each build: what it did, and the line checkptr's fatal error points at. */
    public static Renderable go(String scenario) {
        GoTool go = GoTool.require();
        Checkptr.Builds b = Checkptr.build(go);
        List<Checkptr.Run> runs = new ArrayList<>();
        Checkptr.BUILDS.forEach(build -> runs.add(Checkptr.run(b, scenario, build)));
        Table t = new Table(List.of("build", "exit", "what happened", "line"));
        for (Checkptr.Run r : runs) {
            t.row(r.build(), String.valueOf(r.exitCode()), r.fatal() != null ? "fatal error: " + r.fatal() : "ran: " + r.output(),
                    r.line() > 0 ? String.valueOf(r.line()) : "");
        }
        String source = escapelab.golang.GoEscape.readString(Checkptr.program());
        int line = runs.stream().filter(Checkptr.Run::caught).mapToInt(Checkptr.Run::line).filter(l -> l > 0).findFirst().orElse(-1);
        String marked = line < 0 ? "" : "checkptr.go:" + line + ":  " + source.lines().skip(line - 1).findFirst().orElse("").strip();
        t.caption(scenario + " (" + b.goVersion() + "): plain build, -gcflags=all=-d=checkptr, -race");
        return new Renderable() {
            @Override
            public String toText() {
                return t.toText() + (marked.isEmpty() ? "" : marked + "\n");
            }

            @Override
            public String toHtml() {
                return t.toHtml() + (marked.isEmpty() ? "" : "<pre style=\"background:#fbd9d3\">" + Html.escape(marked) + "</pre>");
            }
        };
    }

    /** What go vet says of the scenarios' source: a check at build time, before anything runs. */
    public static Renderable goVet() {
        Checkptr.Builds b = Checkptr.build(GoTool.require());
        String text = b.vet().isEmpty() ? "go vet found nothing\n" : String.join("\n", b.vet().stream()
                .map(f -> f.position().replace("main.go", "checkptr.go") + ": " + f.message()).toList()) + "\n";
        return () -> text;
    }

    /** A Java scenario in its own JVM. */
    public static JavaScenarios.Run java(String scenario, String... jvmArgs) {
        return JavaScenarios.run(scenario, jvmArgs);
    }

    /** A run shows itself; kept for the notebook cells written before it did. */
    public static Renderable show(JavaScenarios.Run r) {
        return r;
    }

    /** Unsafe's memory-access methods under each --sun-misc-unsafe-memory-access mode. */
    public static Table memoryAccessModes() {
        Table t = new Table(List.of("--sun-misc-unsafe-memory-access", "outcome", "what the JVM printed"));
        List<String> modes = new ArrayList<>(List.of(JavaScenarios.JDK_DEFAULT));
        modes.addAll(JavaScenarios.MEMORY_ACCESS_MODES);
        // Each mode's JVM beside the others': an outcome is read, not timed.
        List<JavaScenarios.Run> runs = IndependentRuns.map(modes, mode -> JavaScenarios.run("memory-access",
                mode.equals(JavaScenarios.JDK_DEFAULT) ? mode : "--sun-misc-unsafe-memory-access=" + mode));
        for (int k = 0; k < modes.size(); k++) {
            String mode = modes.get(k);
            JavaScenarios.Run r = runs.get(k);
            t.row(mode.equals(JavaScenarios.JDK_DEFAULT) ? "(no flag)" : mode, r.outcome(),
                    r.output().lines().limit(3).map(l -> l.replaceAll(" \\(file:[^)]*\\)", "")).reduce("", (a, l) -> a + (a.isEmpty() ? "" : " / ") + l));
        }
        return t.caption("Unsafe.objectFieldOffset, then Unsafe.getLong, on JDK " + escapelab.Lab.jdk().version() + " under each mode");
    }

    /** Every misuse in each language, as the runs above turned out: caught or not, when, how. */
    public static Table table() {
        Map<String, String[]> rows = new LinkedHashMap<>(); // misuse -> Go scenario, Unsafe scenario, FFM scenario
        rows.put("past the end of an allocation", new String[] {"arith", "unsafe-small-overrun", "ffm-out-of-bounds"});
        rows.put("far past it (64 GB)", new String[] {"far", "unsafe-large-overrun", "ffm-far-out-of-bounds"});
        rows.put("misaligned access", new String[] {"misaligned", "unsafe-misaligned", "ffm-misaligned"});
        rows.put("use after free", new String[] {null, "unsafe-use-after-free", "ffm-use-after-close"});
        rows.put("from another thread", new String[] {null, "unsafe-other-thread", "ffm-other-thread"});
        Checkptr.Builds b = GoTool.find().map(Checkptr::build).orElse(null);
        // The Java scenarios first, each in its JVM beside the others' (what happened is read, not timed), once each.
        List<String> scenarios = rows.values().stream().flatMap(s -> Stream.of(s[1], s[2])).distinct().toList();
        List<JavaScenarios.Run> runs = IndependentRuns.map(scenarios, JavaScenarios::run);
        Map<String, JavaScenarios.Run> java = new LinkedHashMap<>();
        for (int k = 0; k < scenarios.size(); k++) {
            java.put(scenarios.get(k), runs.get(k));
        }
        Table t = new Table(List.of("misuse", "Go, plain build", "Go, checkptr", "Java, Unsafe", "Java, FFM"));
        for (Map.Entry<String, String[]> e : rows.entrySet()) {
            String[] s = e.getValue();
            String goPlain = s[0] == null ? "n/a (memory is garbage-collected; no thread ownership)" : b == null ? "go not installed"
                    : describe(Checkptr.run(b, s[0], "plain"));
            String goChecked = s[0] == null ? "n/a" : b == null ? "go not installed" : describe(Checkptr.run(b, s[0], "checkptr"));
            t.row(e.getKey(), goPlain, goChecked, describe(java.get(s[1])), describe(java.get(s[2])));
        }
        return t.caption("Each cell is a live run on this machine: never = nothing stopped it; run time = stopped when it happened");
    }

    private static String describe(Checkptr.Run r) {
        if (r.caught()) {
            return "caught at run time: " + r.fatal();
        }
        return r.fatal() != null ? "not checked; the access crashed: fatal error: " + r.fatal() : "never: ran on (exit " + r.exitCode() + ")";
    }

    private static String describe(JavaScenarios.Run r) {
        return switch (r.outcome()) {
            case "threw" -> "caught at run time: " + r.output().lines().filter(l -> l.startsWith("threw ")).findFirst().orElse("")
                    .replace("threw ", "").replaceAll(":.*", "");
            case "crashed" -> "JVM crashed: " + r.crash().lines().findFirst().orElse("");
            case "completed" -> "never: ran on, " + r.output().lines().reduce((a, l) -> l).orElse("");
            default -> r.outcome() + " (exit " + r.exitCode() + ")";
        };
    }
}
