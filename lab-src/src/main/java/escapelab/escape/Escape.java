package escapelab.escape;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.ChildPrograms;
import escapelab.jvm.CompileError;
import escapelab.jvm.IndependentRuns;
import escapelab.jvm.Jdk;
import escapelab.jvm.SourceCompiler;
import escapelab.notebook.BarChart;
import escapelab.notebook.Renderable;
import escapelab.notebook.Table;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The notebook API of the escape engine: the same engine ./lab escape runs, one short call per cell. */
public final class Escape {
    private Escape() {
    }

    /** The report for a program given as source text, on the lab's JDK. */
    public static EscapeView source(String fileName, String source) {
        return source(fileName, source, Jdk.current());
    }

    public static EscapeView source(String fileName, String source, Jdk jdk, String... jvmArgs) {
        try {
            return view(fileName, source, jdk, jvmArgs);
        } catch (CompileError e) {
            throw e.inCellText(fileName);
        }
    }

    private static EscapeView view(String fileName, String source, Jdk jdk, String... jvmArgs) {
        EscapeReport r = EscapeAnalysis.analyze(fileName, source, EscapeAnalysis.options().jdk(jdk).jvmArgs(List.of(jvmArgs)));
        return new EscapeView(r, source);
    }

    /** One of the verified examples in lab-src/examples/hotspot, by name ({@code Lab01_LocalObject}). */
    public static EscapeView example(String name, Jdk jdk, String... jvmArgs) {
        Path file = examplePath(name);
        try {
            return view(file.getFileName().toString(), Files.readString(file), jdk, jvmArgs);
        } catch (IOException e) {
            throw LabException.input("cannot read " + file + ": " + e.getMessage());
        }
    }

    public static EscapeView example(String name) {
        return example(name, Jdk.current());
    }

    public static Path examplePath(String name) {
        Path file = Lab.home().resolve("lab-src/examples/hotspot").resolve(name.endsWith(".java") ? name : name + ".java");
        if (!Files.isRegularFile(file)) {
            throw LabException.input("no example " + name + " in " + file.getParent());
        }
        return file;
    }

    /** The same example on several JDKs, a column each: where releases decided differently. The JDKs run side by side. */
    public static Table compare(String name, List<Jdk> jdks) {
        List<EscapeReport> reports = IndependentRuns.map(jdks, j -> example(name, j).report());
        List<String> headers = new ArrayList<>(List.of("line", "site"));
        reports.forEach(r -> headers.add("JDK " + r.jdk()));
        Table t = new Table(headers).caption(name + ": verdicts by JDK");
        for (int i = 0; i < reports.get(0).sites().size(); i++) {
            EscapeReport.Finding first = reports.get(0).sites().get(i);
            List<String> row = new ArrayList<>(List.of(first.site().line() + ":" + first.site().column(), first.site().what()));
            for (EscapeReport r : reports) {
                EscapeReport.Finding v = i < r.sites().size() ? r.sites().get(i) : null;
                row.add(v == null ? "" : v.verdict() + (v.verdict() == EscapeReport.Verdict.ELIMINATED ? ""
                        : " (" + v.escapeState().hotspotName() + "): " + v.reasons().get(0))
                        + (v.bytesPerCall() == null ? "" : " [" + EscapeText.bytes(v.bytesPerCall().bytes()) + "/call]"));
            }
            t.row(row);
        }
        return t;
    }

    /**
     * The raw compilation-log records behind an example's verdicts: each C2 task of its classes
     * with the eliminate_allocation and eliminate_lock elements HotSpot wrote.
     */
    public static Renderable compilationLog(String name) {
        String log = example(name).report().logExcerpt();
        String shown = log.isEmpty() ? "(C2 compiled none of " + name + "'s methods)\n" : log;
        return () -> shown;
    }

    /**
     * Bytes per call of each measured method of the examples, one bar a method: green when C2
     * eliminated every allocation site in it, red when it kept one. The measurement beside the
     * compiler's word. Methods whose sites C2 never compiled have no bar. The examples run side by side:
     * the bytes are counted by the thread's allocation counter, not timed.
     */
    public static BarChart bytesChart(String... examples) {
        BarChart chart = new BarChart("Allocated bytes per call, by escape verdict (JDK " + Jdk.current().version() + ")", "bytes per call")
                .group("every allocation eliminated", new Color(0x2e, 0x9d, 0x4f))
                .group("an allocation kept", new Color(0xc8, 0x3e, 0x25));
        List<EscapeReport> reports = IndependentRuns.map(List.of(examples), name -> example(name).report());
        for (int k = 0; k < examples.length; k++) {
            String name = examples[k];
            Map<String, Boolean> allEliminated = new LinkedHashMap<>();
            Map<String, Double> bytes = new LinkedHashMap<>();
            for (EscapeReport.Finding v : reports.get(k).sites()) {
                if (v.site().kind() == Site.Kind.ALLOCATION && v.bytesPerCall() != null
                        && v.verdict() != EscapeReport.Verdict.NOT_COMPILED) {
                    String method = v.bytesPerCall().method();
                    bytes.put(method, v.bytesPerCall().bytes());
                    allEliminated.merge(method, v.verdict() == EscapeReport.Verdict.ELIMINATED, Boolean::logicalAnd);
                }
            }
            // "01 sum" for Lab01_LocalObject's sum(): the example's number when it has one, else its name.
            String example = name.matches("Lab\\d+_.*") ? name.substring(3, name.indexOf('_')) : name;
            bytes.forEach((method, b) -> chart.bar(example + " " + method.substring(method.lastIndexOf('.') + 1),
                    allEliminated.get(method) ? "every allocation eliminated" : "an allocation kept", b));
        }
        return chart;
    }

    /**
     * HotSpot's own escape analysis printout. Only debug builds of HotSpot have
     * {@code -XX:+PrintEscapeAnalysis}; with LAB_DEBUG_JDK naming one, the example runs with it and the
     * raw output is shown. Otherwise the product JVM is asked for the flag, and its refusal is shown as it is.
     */
    public static Renderable printEscapeAnalysis(String name) {
        String debug = System.getenv("LAB_DEBUG_JDK");
        Jdk jdk = debug == null || debug.isBlank() ? Jdk.current() : Jdk.at(Path.of(debug));
        List<String> cmd = new ArrayList<>(List.of(jdk.java().toString(), "-XX:+UnlockDiagnosticVMOptions",
                "-XX:+PrintEscapeAnalysis", "-XX:+PrintEliminateAllocations"));
        boolean isDebug = debug != null && !debug.isBlank();
        Path dir = null;
        try {
            if (isDebug) {
                dir = Files.createTempDirectory("escape-lab-debug-");
                Path file = examplePath(name);
                SourceCompiler.compile(List.of(SourceCompiler.Source.of(file)), jdk.feature(), List.of())
                        .writeTo(dir);
                ChildPrograms.classes(EscapeAnalysis.DRIVER).writeTo(dir);
                cmd.addAll(List.of("-Xbatch", "-cp", dir.toString(), EscapeAnalysis.DRIVER, "20000", "1000", "30000",
                        file.getFileName().toString().replace(".java", "")));
            } else {
                cmd.add("-version");
            }
            ChildProcess.Result r = ChildProcess.of(cmd).timeLimit(Duration.ofSeconds(60)).run();
            String text = "$ " + String.join(" ", cmd.subList(0, Math.min(cmd.size(), 5))) + (isDebug ? " ..." : "") + "\n"
                    + r.output().lines().filter(l -> !l.startsWith("@@lab")).limit(200).reduce("", (a, l) -> a + l + "\n")
                    + "(" + r.describe() + ")\n";
            if (!isDebug) {
                text += "\nThis " + jdk.label() + " is a product build: the flag exists only in debug builds of HotSpot."
                        + "\nThe lab takes the product route instead: -XX:+LogCompilation, whose <eliminate_allocation>"
                        + "\nand <eliminate_lock> records every report in this notebook is built from."
                        + "\nSet LAB_DEBUG_JDK to the home of a debug JDK (a fastdebug build) to see the raw printout here.";
            }
            String shown = text;
            return () -> shown;
        } catch (IOException e) {
            throw new LabException(LabException.ENVIRONMENT, "cannot create a temporary folder: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                escapelab.jvm.TempDirs.delete(dir);
            }
        }
    }
}
