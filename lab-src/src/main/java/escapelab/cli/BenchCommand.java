package escapelab.cli;

import escapelab.LabException;
import escapelab.bench.Bench;
import escapelab.bench.BenchReport;
import escapelab.bench.BenchText;
import escapelab.bench.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab bench FILE.java}; JMH's progress goes to stderr, the result to stdout. */
@Command(name = "bench", description = "JMH benchmarks of a file: ns/op with error, bytes/op from JMH's GC profiler (progress on stderr)")
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.java", description = "a Java file with @Benchmark methods")
    Path file;

    @Option(names = "--preset", paramLabel = "quick|honest", converter = PresetName.class,
            description = "quick (the default: short runs for a notebook) or honest (JMH's own defaults)")
    Preset preset = Preset.quick();

    @Option(names = "--jvm-args", paramLabel = "\"...\"", description = "JVM flags for the benchmark's fork, in one argument")
    List<String> jvmArgs = new ArrayList<>();

    @Option(names = "--json", description = "the results as JSON (its fields are listed in the README)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Arguments.existingFile(file);
        PrintWriter err = spec.commandLine().getErr();
        err.println("bench: " + preset.describe());
        BenchReport r = Bench.run(file, Bench.Options.defaults().preset(preset).jvmArgs(Arguments.jvmArgs(jvmArgs))
                .progress(l -> err.println("  " + l)));
        spec.commandLine().getOut().print(json ? BenchText.json(r) : BenchText.text(r));
        return r.complete() ? 0 : 1;
    }

    static final class PresetName implements picocli.CommandLine.ITypeConverter<Preset> {
        @Override
        public Preset convert(String name) {
            try {
                return Preset.named(name);
            } catch (LabException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
