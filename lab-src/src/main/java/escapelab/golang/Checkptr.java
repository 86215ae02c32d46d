package escapelab.golang;

import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.SharedCache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's unsafe.Pointer misuses, each run live three ways: a plain build, {@code -gcflags=all=-d=checkptr},
 * and {@code -race} (which turns checkptr on too), plus what {@code go vet} says of the source.
 * The program is lab-src/examples/unsafe/checkptr.go; each scenario is one of its functions.
 */
public final class Checkptr {
    public static final List<String> BUILDS = List.of("plain", "checkptr", "race");
    private static final Pattern FATAL = Pattern.compile("^fatal error: (.*)$", Pattern.MULTILINE);
    private static final Pattern FRAME = Pattern.compile("^main\\.(\\w+)\\(.*\\)\\n\\t.*?/main\\.go:(\\d+)", Pattern.MULTILINE);

    /** One scenario run from one build: what it printed, or the fatal error and the source line it names. */
    public record Run(String scenario, String build, int exitCode, String output, String fatal, int line) {
        /** checkptr's own fatal error; any other ("fatal error: fault") is the access itself failing, unchecked. */
        public boolean caught() {
            return fatal != null && fatal.startsWith("checkptr");
        }
    }

    /** The three binaries and vet's findings, built once per source. */
    public record Builds(Path dir, String goVersion, List<GoFinding> vet) {
    }

    private Checkptr() {
    }

    public static Path program() {
        return GoEscape.examples().getParent().resolve("unsafe/checkptr.go");
    }

    public static Builds build(GoTool go) {
        String source = GoEscape.readString(program());
        Path dir = SharedCache.dir("escape-lab-checkptr", Transcript.sha256(source).substring(0, 16));
        SharedCache.write(dir.resolve("main.go"), source);
        SharedCache.write(dir.resolve("go.mod"), "module checkptr\n\ngo 1.21\n");
        go.buildOnce(dir, "plain", List.of(), Duration.ofMinutes(3));
        go.buildOnce(dir, "checkptr", List.of("-gcflags=all=-d=checkptr"), Duration.ofMinutes(3));
        try {
            go.buildOnce(dir, "race", List.of("-race"), Duration.ofMinutes(3));
        } catch (LabException e) {
            throw LabException.environment(e.getMessage() + "; -race needs cgo and a C compiler: apt-get install gcc");
        }
        ChildProcess.Result vet = go(go, dir, List.of("vet", ".")).run();
        return new Builds(dir, go.version(), GoOutput.parse(vet.stderr()));
    }

    private static ChildProcess go(GoTool go, Path dir, List<String> args) {
        return go.command(dir, args.toArray(String[]::new)).timeLimit(Duration.ofMinutes(3));
    }

    /** Runs a scenario from one build, with a time limit; a checkptr failure is a result, not an error. */
    public static Run run(Builds b, String scenario, String build) {
        ChildProcess.Result r = ChildProcess.of(b.dir().resolve(build).toString(), scenario).directory(b.dir())
                .env("GORACE", "halt_on_error=1").env("GOMEMLIMIT", "256MiB").timeLimit(Duration.ofSeconds(30)).run();
        String out = r.output();
        Matcher f = FATAL.matcher(out);
        String fatal = f.find() ? f.group(1) : null;
        int line = -1;
        Matcher frame = FRAME.matcher(out);
        while (fatal != null && frame.find()) {
            if (!frame.group(1).equals("main")) {
                line = frame.group(2).length() > 9 ? -1 : Integer.parseInt(frame.group(2));
                break;
            }
        }
        String shown = fatal == null ? out.strip() : out.lines().limit(1).findFirst().orElse("");
        return new Run(scenario, build, r.exitCode(), shown, fatal, line);
    }
}
