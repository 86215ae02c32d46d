package escapelab.cli;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.jvm.Jdk;
import escapelab.ledger.JavaLedger;
import escapelab.ledger.Ledger;
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
@Command(name = "ledger", description = {"where your program allocates (JFR's samples) and what C2 decided for each line:",
        "bytes, share, verdict, escape state and reason per allocation site"})
final class LedgerCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROGRAM", description = "a .java file, a folder of sources or classes, or a jar")
    Path program;

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

    @Option(names = "--out", paramLabel = "DIR", description = "where ledger.json and the recording go (default: build/ledger/NAME)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (isGoPackage(program)) {
            // The Go route: escapelab.golang.GoLedger (go test -bench -memprofile joined with -m=2) goes here.
            throw LabException.input(program + " is a Go package: the Go ledger is not in this build yet");
        }
        List<Path> cp = new ArrayList<>();
        classPath.forEach(c -> Stream.of(c.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).forEach(cp::add));
        Path outDir = out != null ? out : Lab.home().resolve("build/ledger").resolve(name(program));
        JavaLedger.Options options = JavaLedger.Options.defaults()
                .jdk(jdk == null ? Jdk.current() : Jdk.at(jdk))
                .classPath(cp).mainClass(mainClass).args(words(args)).stdin(stdin).seconds(seconds)
                .jvmArgs(Arguments.jvmArgs(jvmArgs)).timeLimit(Duration.ofSeconds(timeLimit)).keep(outDir);
        Ledger.Run run = JavaLedger.run(program, options);
        // The flame graph's files (escapelab.ledger.FlameGraph, from run.stacks()) go into outDir here, named in ledger.flameGraph.
        Ledger ledger = run.ledger();
        try {
            Files.createDirectories(outDir);
            Files.writeString(outDir.resolve("ledger.json"), Json.write(ledger) + "\n");
        } catch (IOException e) {
            throw LabException.environment("cannot write " + outDir.resolve("ledger.json") + ": " + e.getMessage());
        }
        PrintWriter o = spec.commandLine().getOut();
        o.print(json ? Json.write(ledger) + "\n" : new LedgerView(run).toText());
        if (!json) {
            o.println("ledger.json and the JFR recording: " + outDir);
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

    /** A folder of Go code: a go.mod, or a test file that may hold a benchmark. */
    static boolean isGoPackage(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> files = Files.list(p)) {
            return files.anyMatch(f -> f.getFileName().toString().equals("go.mod") || f.getFileName().toString().endsWith("_test.go"));
        } catch (IOException e) {
            return false;
        }
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
