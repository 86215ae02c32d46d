package escapelab.cli;

import escapelab.LabException;
import escapelab.golang.GoEscape;
import escapelab.golang.GoReport;
import escapelab.golang.GoText;
import escapelab.golang.GoTool;
import escapelab.golang.Transcript;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

/** {@code ./lab go-escape FILE.go|DIR}, or {@code --record} to re-record the examples' transcripts. */
@Command(name = "go-escape", description = {
        "the Go compiler's escape analysis (go build -gcflags=-m; -v adds -m=2's reasons, -l turns inlining off);",
        "--record re-records the Go examples' transcripts (shown where Go is missing)"})
final class GoEscapeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.go|DIR", arity = "0..1", description = "a Go file or package folder (not with --record)")
    Path target;

    @Option(names = "--json", description = "the findings as JSON (its fields are listed in the README)")
    boolean json;

    @Option(names = "-v", description = "each finding's reasons, from -m=2")
    boolean verbose;

    @Option(names = "-l", description = "compile with inlining turned off")
    boolean noInline;

    @Option(names = "--toolchain", paramLabel = "RELEASE", description = "another Go release, fetched by the go command, such as go1.24.0")
    String toolchain;

    @Option(names = "--record", description = "re-record the transcripts of lab-src/examples/go (and of the releases their // releases: lines name)")
    boolean record;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (record) {
            if (target != null) {
                throw LabException.input("--record re-records every example; it takes no file (" + target + ")");
            }
            for (Path p : GoEscape.record(GoTool.require(), LocalDate.now().toString())) {
                out.println("recorded " + p + " (" + Transcript.read(p).goVersion() + ")");
            }
            return 0;
        }
        if (target == null) {
            throw LabException.input("name a Go file or folder: ./lab go-escape FILE.go|DIR");
        }
        if (!Files.exists(target)) {
            throw LabException.input("no such file or folder: " + target);
        }
        GoEscape.Options options = GoEscape.Options.defaults().explain(verbose).noInline(noInline);
        if (toolchain != null) {
            options = options.go(GoTool.require().release(toolchain));
        }
        GoReport report = GoEscape.analyze(target, options);
        out.print(json ? GoText.json(report) : GoText.text(report, verbose));
        return 0;
    }
}
