package escapelab.cli;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.golang.GoLedger;
import escapelab.jvm.Jdk;
import escapelab.ledger.FlameGraph;
import escapelab.ledger.JavaLedger;
import escapelab.ledger.Ledger;
import escapelab.ledger.LedgerCompare;
import escapelab.ledger.LedgerView;
import escapelab.notebook.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code ./lab ledger PROGRAM}: where a program allocates, and what the JIT decided for each allocating line. */
@Command(name = "ledger", description = {"where your program allocates and what the compiler decided for each line: bytes, share,",
        "verdict, escape state and reason per allocation site, and a flame graph of the bytes (Java: JFR's samples and C2's",
        "compilation log; Go: a package's benchmarks, pprof's alloc_space and -m=2); --compare puts two versions side by side"})
final class LedgerCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROGRAM", description = "a .java file, a folder of sources or classes, a jar, or a Go package folder with a benchmark")
    Path program;

    @Option(names = "--compare", paramLabel = "OTHER", description = "a second version of the program, run the same way: the sites that changed, before and after")
    Path compare;

    @Option(names = "--bench", paramLabel = "REGEXP", description = "Go: the benchmarks to run (go test -bench; default: all)")
    String bench;

    @Option(names = "--benchtime", paramLabel = "D", description = "Go: each benchmark's time (go test -benchtime; default 1s, 100ms with LAB_FAST=1)")
    String benchtime;

    @Option(names = "--cp", paramLabel = "PATH", description = "jars and folders the program needs, separated by ':'; may be repeated")
    List<String> classPath = new ArrayList<>();

    @Option(names = "--main", paramLabel = "CLASS", description = "the class whose main runs (default: the jar's Main-Class, or the one class with a main)")
    String mainClass;

    @Option(names = "--args", paramLabel = "\"...\"", description = "the program's arguments, in one argument; quotes group words")
    String args;

    @Option(names = "--stdin", paramLabel = "FILE", description = "a file the program reads on standard input")
    Path stdin;

    @Option(names = "--seconds", paramLabel = "N", description = "measure N s after a warm-up of 10 s (2 s with LAB_FAST=1), then stop the program")
    Integer seconds;

    @Option(names = "--time-limit", paramLabel = "N", description = "without --seconds, stop a program still running after N s (default 120)")
    int timeLimit = 120;

    @Option(names = "--jvm-args", paramLabel = "\"...\"", description = "JVM flags for the program's run, in one argument")
    List<String> jvmArgs = new ArrayList<>();

    @Option(names = "--jdk", paramLabel = "PATH", description = "the JDK to run it on (default: the lab's own)")
    Path jdk;

    @Option(names = "--json", description = "the ledger as JSON")
    boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "where ledger.json, the recording and the compilation log go (default: build/ledger/NAME)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (timeLimit <= 0) {
            throw LabException.input("--time-limit must be at least 1 second, not " + timeLimit);
        }
        Path outDir = out != null ? out : Lab.home().resolve("build/ledger").resolve(name(program));
        PrintWriter o = spec.commandLine().getOut();
        if (compare != null) {
            // Both sides compile before the first one's window: an error in the second is not found minutes later.
            check(program);
            check(compare);
            Ledger before = measure(program, outDir.resolve("before")).ledger();
            Ledger after = measure(compare, outDir.resolve("after")).ledger();
            LedgerCompare change = LedgerCompare.of(before, after);
            write(outDir.resolve("compare.json"), Json.write(change));
            o.print(json ? Json.write(change) + "\n" : change.toText());
            if (!json) {
                o.println("both ledgers, their flame graphs and compare.json: " + outDir);
            }
            o.flush();
            return 0;
        }
        Ledger.Run run = measure(program, outDir);
        Ledger ledger = run.ledger();
        o.print(json ? Json.write(ledger) + "\n" : new LedgerView(run).toText());
        if (!json) {
            o.println("ledger.json, the flame graph (flame.svg, flame.collapsed.txt, flame.speedscope.json)"
                    + (ledger.language() == Ledger.Language.JAVA ? " and the JFR recording" : "") + ": " + outDir);
        }
        o.flush();
        // A program that ended with nothing sampled ran, so its (empty) ledger is shown and kept; but there is nothing
        // to read in it, which is the input's fault: one line and exit 1. The notebook API returns the ledger with its note.
        if (ledger.sites().isEmpty() && ledger.status() == Ledger.Status.FAILED) {
            throw LabException.input(program + " failed before any allocation was sampled: " + ledger.statusDetail());
        }
        if (ledger.sites().isEmpty() && ledger.status() == Ledger.Status.COMPLETE) {
            throw LabException.input(program + " ended after " + String.format(java.util.Locale.ROOT, "%.1f", ledger.seconds())
                    + " s with no allocation sampled: give it a workload that runs for a few seconds (--args, --stdin)");
        }
        boolean measured = ledger.status() == Ledger.Status.COMPLETE || (ledger.status() == Ledger.Status.STOPPED && seconds != null);
        return measured ? 0 : LabException.INPUT; // failed, crashed, or stopped at the time limit: the text says which
    }

    /** Compiles one program as measure would, and runs nothing. */
    private void check(Path what) {
        if (isGoPackage(what)) {
            GoLedger.check(what, goOptions());
        } else {
            JavaLedger.check(what, javaOptions(null));
        }
    }

    private GoLedger.Options goOptions() {
        GoLedger.Options go = GoLedger.Options.defaults();
        go = bench == null ? go : go.bench(bench);
        return benchtime == null ? go : go.benchtime(benchtime);
    }

    private JavaLedger.Options javaOptions(Path keep) {
        List<Path> cp = new ArrayList<>();
        classPath.forEach(c -> Stream.of(c.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).forEach(cp::add));
        return JavaLedger.Options.defaults()
                .jdk(jdk == null ? Jdk.current() : Jdk.at(jdk))
                .classPath(cp).mainClass(mainClass).args(words(args)).stdin(stdin).seconds(seconds)
                .jvmArgs(Arguments.jvmArgs(jvmArgs)).timeLimit(Duration.ofSeconds(timeLimit)).keep(keep);
    }

    /** One program's run, Java or Go, with its ledger.json and flame graph files written into dir (and named in its ledger). */
    private Ledger.Run measure(Path what, Path dir) {
        Ledger.Run run;
        if (isGoPackage(what)) {
            run = GoLedger.run(what, goOptions());
        } else {
            run = JavaLedger.run(what, javaOptions(dir));
        }
        Ledger ledger = run.ledger().withFlameGraph(FlameGraph.write(run, dir));
        write(dir.resolve("ledger.json"), Json.write(ledger));
        return new Ledger.Run(ledger, run.stacks());
    }

    private static void write(Path file, String json) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json + "\n");
        } catch (IOException e) {
            throw LabException.environment("cannot write " + file + ": " + e.getMessage() + "; choose a folder you can write with --out DIR");
        }
    }

    /** Go input: a folder with .go files, or with a go.mod (the Go ledger then says what is missing). */
    static boolean isGoPackage(Path p) {
        return GoLedger.isGoPackage(p) || Files.isRegularFile(p.resolve("go.mod"));
    }

    private static String name(Path program) {
        Path file = program.toAbsolutePath().normalize().getFileName();
        return file == null ? "program" : file.toString().replaceFirst("\\.(java|jar)$", "");
    }

    /** Splits {@code --args} as a shell would split plain words: on blanks, with '...' and "..." grouping. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw LabException.input("--args: a quote (" + quote + ") is not closed in: " + text);
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }
}
