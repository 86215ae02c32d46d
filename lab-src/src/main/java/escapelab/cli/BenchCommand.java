package escapelab.cli;

import escapelab.LabException;
import escapelab.bench.Bench;
import escapelab.bench.BenchReport;
import escapelab.bench.BenchText;
import escapelab.bench.Preset;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ./lab bench FILE.java [--preset quick|honest] [--jvm-args "..."] [--json]}; progress goes to stderr. */
final class BenchCommand {
    static final String USAGE = "usage: ./lab bench FILE.java [--preset quick|honest] [--jvm-args \"...\"] [--json]";

    private BenchCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        Path file = null;
        boolean json = false;
        Preset preset = Preset.quick();
        List<String> jvmArgs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--json" -> json = true;
                case "--preset" -> preset = Preset.named(value(args, ++i, a));
                case "--jvm-args" -> jvmArgs.addAll(List.of(value(args, ++i, a).trim().split("\\s+")));
                default -> {
                    if (a.startsWith("-") || file != null) {
                        throw LabException.input("bench: unexpected argument '" + a + "'; " + USAGE);
                    }
                    file = Path.of(a);
                }
            }
        }
        if (file == null || !Files.isRegularFile(file)) {
            throw LabException.input(file == null ? "bench: name a benchmark file; " + USAGE : "bench: no such file: " + file);
        }
        err.println("bench: " + preset.describe());
        BenchReport r = Bench.run(file, Bench.Options.defaults().preset(preset).jvmArgs(jvmArgs).progress(l -> err.println("  " + l)));
        out.print(json ? BenchText.json(r) : BenchText.text(r));
        return r.complete() ? 0 : 1;
    }

    private static String value(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw LabException.input("bench: " + flag + " needs a value; " + USAGE);
        }
        return args.get(i);
    }
}
