package escapelab.cli;

import escapelab.LabException;
import escapelab.escape.EscapeAnalysis;
import escapelab.escape.EscapeReport;
import escapelab.escape.EscapeText;
import escapelab.jvm.Jdk;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ./lab escape FILE.java [--jdk PATH] [--compare PATH]... [--json] [-v] [--jvm-args "..."]}; --compare may be repeated. */
final class EscapeCommand {
    private EscapeCommand() {
    }

    static int run(List<String> args, PrintStream out) {
        Path file = null;
        Jdk jdk = Jdk.current();
        List<Jdk> compare = new ArrayList<>();
        boolean json = false;
        boolean verbose = false;
        List<String> jvmArgs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--json" -> json = true;
                case "-v" -> verbose = true;
                case "--jdk" -> jdk = Jdk.at(Path.of(value(args, ++i, a)));
                case "--compare" -> compare.add(Jdk.at(Path.of(value(args, ++i, a))));
                case "--jvm-args" -> jvmArgs.addAll(List.of(value(args, ++i, a).trim().split("\\s+")));
                default -> {
                    if (a.startsWith("-") || file != null) {
                        throw LabException.input("escape: unexpected argument '" + a + "'; usage: ./lab escape FILE.java [--jdk PATH] [--compare PATH] [--json] [-v]");
                    }
                    file = Path.of(a);
                }
            }
        }
        if (file == null) {
            throw LabException.input("escape: name a Java file: ./lab escape FILE.java");
        }
        if (!Files.isRegularFile(file)) {
            throw LabException.input("escape: no such file: " + file);
        }
        EscapeAnalysis.Options options = EscapeAnalysis.options().jdk(jdk).jvmArgs(jvmArgs);
        EscapeReport report = EscapeAnalysis.analyze(file, options);
        if (compare.isEmpty()) {
            out.print(json ? EscapeText.json(report) : EscapeText.text(report, verbose));
        } else {
            List<EscapeReport> reports = new ArrayList<>(List.of(report));
            for (Jdk other : compare) {
                reports.add(EscapeAnalysis.analyze(file, options.jdk(other)));
            }
            List<String> shown = new ArrayList<>();
            for (EscapeReport r : reports) {
                shown.add(json ? EscapeText.json(r).strip() : EscapeText.text(r, verbose));
            }
            out.print(json ? "[" + String.join(",\n", shown) + "]\n" : String.join("\n", shown));
            return reports.stream().allMatch(EscapeReport::complete) ? 0 : 1;
        }
        return report.complete() ? 0 : 1; // the program timed out, crashed, exited or its main threw: the report says which
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw LabException.input("escape: " + option + " needs a value");
        }
        return args.get(i);
    }
}
