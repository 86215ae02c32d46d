package escapelab.cli;

import escapelab.LabException;
import escapelab.golang.GoEscape;
import escapelab.golang.GoReport;
import escapelab.golang.GoText;
import escapelab.golang.GoTool;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code ./lab go-escape FILE.go|DIR [--json] [-v] [-l] [--toolchain go1.24.0]}, and {@code --record} to re-record the
 * examples' transcripts (and those on the releases an example's {@code // releases:} line names).
 */
final class GoEscapeCommand {
    static final String USAGE = "usage: ./lab go-escape FILE.go|DIR [--json] [-v] [-l] [--toolchain go1.24.0]   or   ./lab go-escape --record";

    private GoEscapeCommand() {
    }

    static int run(List<String> args, PrintStream out) {
        Path target = null;
        boolean json = false;
        boolean verbose = false;
        boolean noInline = false;
        boolean record = false;
        String toolchain = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--json" -> json = true;
                case "-v" -> verbose = true;
                case "-l" -> noInline = true;
                case "--record" -> record = true;
                case "--toolchain" -> {
                    if (i + 1 >= args.size()) {
                        throw LabException.input("go-escape: --toolchain needs a release name, such as go1.24.0; " + USAGE);
                    }
                    toolchain = args.get(++i);
                }
                default -> {
                    if (a.startsWith("-") || target != null) {
                        throw LabException.input("go-escape: unexpected argument '" + a + "'; " + USAGE);
                    }
                    target = Path.of(a);
                }
            }
        }
        if (record) {
            GoTool go = GoTool.require();
            for (Path p : GoEscape.record(go, LocalDate.now().toString())) {
                out.println("recorded " + p + " (" + escapelab.golang.Transcript.read(p).goVersion() + ")");
            }
            return 0;
        }
        if (target == null) {
            throw LabException.input("go-escape: name a Go file or folder; " + USAGE);
        }
        if (!Files.exists(target)) {
            throw LabException.input("go-escape: no such file or folder: " + target);
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
