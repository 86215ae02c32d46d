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

/** {@code ./lab go-escape FILE.go|DIR [--json] [-v] [-l]}, and {@code --record} to re-record the examples' transcripts. */
final class GoEscapeCommand {
    static final String USAGE = "usage: ./lab go-escape FILE.go|DIR [--json] [-v] [-l]   or   ./lab go-escape --record";

    private GoEscapeCommand() {
    }

    static int run(List<String> args, PrintStream out) {
        Path target = null;
        boolean json = false;
        boolean verbose = false;
        boolean noInline = false;
        boolean record = false;
        for (String a : args) {
            switch (a) {
                case "--json" -> json = true;
                case "-v" -> verbose = true;
                case "-l" -> noInline = true;
                case "--record" -> record = true;
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
                out.println("recorded " + p + " (" + go.version() + ")");
            }
            return 0;
        }
        if (target == null) {
            throw LabException.input("go-escape: name a Go file or folder; " + USAGE);
        }
        if (!Files.exists(target)) {
            throw LabException.input("go-escape: no such file or folder: " + target);
        }
        GoReport report = GoEscape.analyze(target, GoEscape.Options.defaults().explain(verbose).noInline(noInline));
        out.print(json ? GoText.json(report) : GoText.text(report, verbose));
        return 0;
    }
}
