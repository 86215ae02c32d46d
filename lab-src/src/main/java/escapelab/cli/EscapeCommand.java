package escapelab.cli;

import escapelab.Timings;
import escapelab.escape.EscapeAnalysis;
import escapelab.escape.EscapeReport;
import escapelab.escape.EscapeText;
import escapelab.jvm.Jdk;
import escapelab.notebook.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab escape FILE.java}: one report, or one per JDK with --compare (a JSON array then). */
@Command(name = "escape", description = "HotSpot's escape analysis of every allocation and lock, like go build -gcflags=-m")
final class EscapeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.java", description = "a Java program; its main drives the workload, else each static no-argument method is warmed")
    Path file;

    @Option(names = "--jdk", paramLabel = "PATH", description = "the JDK to run it on (default: the lab's own)")
    Path jdk;

    @Option(names = "--compare", paramLabel = "PATH", description = "also run it on this JDK; may be repeated")
    List<Path> compare = new ArrayList<>();

    @Option(names = "--jvm-args", paramLabel = "\"...\"", description = "JVM flags for the program's run, in one argument")
    List<String> jvmArgs = new ArrayList<>();

    @Option(names = "--json", description = "the report as JSON (its fields are listed in the README)")
    boolean json;

    @Option(names = "-v", description = "the escape state, the reasons and each C2 compilation of every site, like -m=2")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Arguments.existingFile(file);
        EscapeAnalysis.Options options = EscapeAnalysis.options().jdk(jdk == null ? Jdk.current() : Jdk.at(jdk))
                .jvmArgs(Arguments.jvmArgs(jvmArgs));
        List<Jdk> jdks = new ArrayList<>(List.of(options.jdk()));
        compare.stream().map(Jdk::at).forEach(jdks::add);
        List<EscapeReport> reports = jdks.size() == 1 ? List.of(EscapeAnalysis.analyze(file, options))
                : EscapeAnalysis.onEach(file, options, jdks);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Object shown = compare.isEmpty() ? EscapeText.JsonReport.of(reports.get(0))
                    : reports.stream().map(EscapeText.JsonReport::of).toList();
            out.println(Json.write(shown));
        } else {
            out.print(String.join("\n", reports.stream().map(r -> EscapeText.text(r, verbose)).toList()));
        }
        out.flush();
        Timings.mark(Timings.Phase.RENDER);
        // the program timed out, crashed, exited or its main threw: the report says which
        return reports.stream().allMatch(EscapeReport::complete) ? 0 : 1;
    }
}
