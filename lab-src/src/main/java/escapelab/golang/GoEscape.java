package escapelab.golang;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.SharedCache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Go's escape analysis, asked of the compiler itself: {@code go build -gcflags=-m} (or {@code -m=2},
 * with {@code -l} to turn inlining off) in a temporary module, with a time limit. Where Go is
 * missing, the recorded transcript of the same source and flags is shown instead, labelled.
 */
public final class GoEscape {
    /** Where the Go examples and their recorded transcripts live. */
    public static Path examples() {
        return Lab.home().resolve("lab-src/examples/go");
    }

    public static Path transcripts() {
        return examples().resolve("transcripts");
    }

    /** Transcripts of examples on the older releases their {@code // releases:} line names. */
    public static Path releaseTranscripts() {
        return transcripts().resolve("releases");
    }

    private static final java.util.regex.Pattern RELEASES = java.util.regex.Pattern.compile("(?m)^//\\s*releases:\\s*(.+)$");

    /** The other Go releases an example is shown on, from its {@code // releases: go1.24.0} line. */
    public static List<String> releases(String source) {
        java.util.regex.Matcher m = RELEASES.matcher(source);
        return m.find() ? List.of(m.group(1).trim().split("\\s+")) : List.of();
    }

    /**
     * @param explain  -m=2: the compiler's flow explanation for each escape
     * @param noInline -l: no inlining, so each function is analysed alone
     * @param go       the toolchain; null to find one (LAB_GO, PATH)
     * @param recordedOnly show the recorded transcript even where Go is installed
     */
    public record Options(boolean explain, boolean noInline, Duration timeLimit, GoTool go, boolean recordedOnly) {
        public static Options defaults() {
            return new Options(false, false, Duration.ofSeconds(120), null, false);
        }

        public Options explain(boolean on) {
            return new Options(on, noInline, timeLimit, go, recordedOnly);
        }

        public Options noInline(boolean on) {
            return new Options(explain, on, timeLimit, go, recordedOnly);
        }

        public Options timeLimit(Duration limit) {
            return new Options(explain, noInline, limit, go, recordedOnly);
        }

        public Options go(GoTool tool) {
            return new Options(explain, noInline, timeLimit, tool, recordedOnly);
        }

        public Options recordedOnly(boolean on) {
            return new Options(explain, noInline, timeLimit, go, on);
        }

        /** The value of -gcflags: {@code -m}, {@code -m=2}, {@code -m -l}. */
        public String gcflags() {
            return (explain ? "-m=2" : "-m") + (noInline ? " -l" : "");
        }
    }

    private GoEscape() {
    }

    /** A .go file, or a folder holding one package. */
    public static GoReport analyze(Path fileOrDir, Options o) {
        Map<String, String> sources = new LinkedHashMap<>();
        String goMod = null;
        try {
            if (Files.isDirectory(fileOrDir)) {
                try (Stream<Path> files = Files.list(fileOrDir)) {
                    for (Path p : files.sorted().toList()) {
                        String n = p.getFileName().toString();
                        if (n.endsWith(".go") && !n.endsWith("_test.go")) {
                            sources.put(n, Files.readString(p));
                        }
                    }
                }
                if (Files.isRegularFile(fileOrDir.resolve("go.mod"))) {
                    goMod = Files.readString(fileOrDir.resolve("go.mod"));
                }
                if (sources.isEmpty()) {
                    throw LabException.input(fileOrDir + ": no .go files in this folder");
                }
            } else if (Files.isRegularFile(fileOrDir) && fileOrDir.toString().endsWith(".go")) {
                sources.put(fileOrDir.getFileName().toString(), Files.readString(fileOrDir));
            } else {
                throw LabException.input(fileOrDir + ": not a .go file or a folder of them");
            }
        } catch (IOException e) {
            throw LabException.input("cannot read " + fileOrDir + ": " + e.getMessage());
        }
        return analyze(fileOrDir.getFileName().toString(), sources, goMod, o);
    }

    /** One Go file given as text, as a notebook cell passes it. */
    public static GoReport analyze(String fileName, String source, Options o) {
        return analyze(fileName, Map.of(fileName, source), null, o);
    }

    /** One of the Go examples, by name ({@code returnpointer}). */
    public static GoReport example(String name, Options o) {
        return analyze(examplePath(name), o);
    }

    /** A Go example's file, by name ({@code makebuf} or {@code makebuf.go}). */
    public static Path examplePath(String name) {
        Path file = examples().resolve(name.endsWith(".go") ? name : name + ".go");
        if (!Files.isRegularFile(file)) {
            throw LabException.input("no Go example " + name + " in " + examples());
        }
        return file;
    }

    /** The flags a Go example's errorcheck line names. */
    public static Options exampleOptions(String name) {
        return GoErrorCheck.options(readString(examplePath(name)));
    }

    /** The linker's words (cmd/link) for a package main that declares no func main. */
    private static final String NO_MAIN = "function main is undeclared in the main package";
    /** How a line of the compiler's starts: file.go:line:column, or <autogenerated>:line. Any other line is the linker's or go's. */
    private static final java.util.regex.Pattern GO_POSITION = java.util.regex.Pattern.compile("^\\S+:\\d+(:\\d+)?: ");

    private static GoReport analyze(String name, Map<String, String> sources, String goMod, Options o) {
        GoTool go = o.recordedOnly() ? null : o.go() != null ? o.go() : GoTool.find().orElse(null);
        if (go == null) {
            return recorded(name, sources, o);
        }
        // One folder per program, kept: the same program in the same folder is a hit in Go's build cache,
        // which replays the compiler's diagnostics instead of compiling again.
        Path dir = SharedCache.dir("escape-lab-go", Transcript.sha256(sources + "\n" + goMod).substring(0, 16));
        // An output of its own: an up-to-date output makes go build do nothing and print nothing,
        // and another run may be building the same program in this folder right now.
        Path out = SharedCache.unique(dir, "a.out");
        try {
            for (Map.Entry<String, String> e : sources.entrySet()) {
                SharedCache.write(dir.resolve(e.getKey()), e.getValue());
            }
            SharedCache.write(dir.resolve("go.mod"), goMod != null ? goMod : "module lab\n\ngo 1.21\n");
            ChildProcess.Result r = go.command(dir, "build", "-gcflags=" + o.gcflags(), "-o", out.toString(), ".")
                    .timeLimit(o.timeLimit()).run();
            String output = r.stderr().replace(dir + "/", "") + r.stdout();
            if (r.timedOut()) {
                throw LabException.input(name + ": go build did not finish within " + o.timeLimit().toSeconds()
                        + " s and was stopped (with everything it started)");
            }
            // A package main without func main compiled (go build links only what compiled, so every finding was
            // printed) and failed to link: its findings are the answer, as for a package that is not main.
            boolean onlyLinkFailed = !r.ok() && output.contains(NO_MAIN) && output.lines()
                    .filter(l -> !l.startsWith("#") && !GO_POSITION.matcher(l).find()).allMatch(l -> l.isBlank() || l.endsWith(NO_MAIN));
            if (onlyLinkFailed) {
                output = output.lines().filter(l -> !l.endsWith(NO_MAIN)).collect(Collectors.joining("\n", "", "\n"));
            }
            if (!r.ok() && !onlyLinkFailed) {
                String errors = output.lines().filter(l -> !l.startsWith("#")).map(l -> l.replaceFirst("^\\./", ""))
                        .collect(Collectors.joining("\n"));
                throw LabException.input(errors + "\ngo build failed (" + r.describe() + "): fix the source and run again");
            }
            return new GoReport(name, Map.copyOf(sources), go.version(), o.gcflags(), GoOutput.parse(output), output, null);
        } finally {
            out.toFile().delete();
        }
    }

    /**
     * A Go example on another Go release, fetched the way the go command fetches toolchains
     * ({@link GoTool#release}). Where that release cannot be had (no network, no Go at all), its
     * recorded transcript is shown instead, labelled with its Go version and the reason.
     */
    public static GoReport onRelease(String name, String release, Options o) {
        Path file = examplePath(name);
        String source = readString(file);
        String fileName = file.getFileName().toString();
        LabException unavailable;
        try {
            GoTool base = o.go() != null ? o.go() : GoTool.require();
            return analyze(file, o.recordedOnly(false).go(base.release(release)));
        } catch (LabException e) {
            if (e.exitCode() != LabException.ENVIRONMENT) {
                throw e;
            }
            unavailable = e;
        }
        Path recorded = releaseTranscripts().resolve(Transcript.fileName(fileName, o.gcflags(), release));
        if (Files.isRegularFile(recorded)) {
            Transcript t = Transcript.read(recorded);
            if (t.sha256().equals(Transcript.sha256(source))) {
                return new GoReport(fileName, Map.of(fileName, source), t.goVersion(), t.flags(), GoOutput.parse(t.output()), t.output(), t,
                        unavailable.getMessage());
            }
        }
        throw LabException.environment(unavailable.getMessage() + "; and no transcript of " + fileName + " on " + release
                + " is recorded (./lab go-escape --record records one where the release can be fetched)");
    }

    /** Without Go: the stored transcript of exactly this source and these flags, or the install hint. */
    private static GoReport recorded(String name, Map<String, String> sources, Options o) {
        if (sources.size() == 1) {
            Map.Entry<String, String> only = sources.entrySet().iterator().next();
            Path file = transcripts().resolve(Transcript.fileName(only.getKey(), o.gcflags()));
            if (Files.isRegularFile(file)) {
                Transcript t = Transcript.read(file);
                if (t.sha256().equals(Transcript.sha256(only.getValue()))) {
                    return new GoReport(name, Map.copyOf(sources), t.goVersion(), t.flags(), GoOutput.parse(t.output()), t.output(), t);
                }
            }
        }
        throw LabException.environment("no go command found, and no recorded transcript of " + name + " with -gcflags='"
                + o.gcflags() + "'; " + GoTool.INSTALL);
    }

    /** Runs every Go example with the flags its errorcheck line names and stores the output as its transcript. */
    public static List<Path> record(GoTool go, String date) {
        List<Path> written = new ArrayList<>();
        for (Path file : exampleFiles()) {
            String source = readString(file);
            for (Options o : transcriptFlags(source, go)) {
                GoReport r = analyze(file, o);
                String name = file.getFileName().toString();
                new Transcript(name, Transcript.sha256(source), r.goVersion(), r.flags(), date, r.output()).write(transcripts());
                written.add(transcripts().resolve(Transcript.fileName(name, r.flags())));
            }
            for (String release : releases(source)) {
                GoTool other = go.release(release);
                Options o = GoErrorCheck.options(source).go(other);
                GoReport r = analyze(file, o);
                String name = file.getFileName().toString();
                String stored = Transcript.fileName(name, r.flags(), release);
                new Transcript(name, Transcript.sha256(source), r.goVersion(), r.flags(), date, r.output()).write(releaseTranscripts(), stored);
                written.add(releaseTranscripts().resolve(stored));
            }
        }
        return written;
    }

    /** The flag sets recorded for an example: its errorcheck flags, and the same with -m=2 for the explanations. */
    static List<Options> transcriptFlags(String source, GoTool go) {
        Options o = GoErrorCheck.options(source).go(go);
        return List.of(o, o.explain(true));
    }

    public static List<Path> exampleFiles() {
        try (Stream<Path> files = Files.list(examples())) {
            return files.filter(p -> p.toString().endsWith(".go")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String readString(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
