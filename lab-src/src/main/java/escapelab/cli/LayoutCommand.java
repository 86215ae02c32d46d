package escapelab.cli;

import com.google.gson.annotations.SerializedName;
import escapelab.LabException;
import escapelab.jvm.SourceCompiler;
import escapelab.layout.Layout;
import escapelab.layout.LayoutReport;
import escapelab.layout.Layouts;
import escapelab.notebook.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab layout FILE.java CLASS}: JOL's layout of the class, each mode in a JVM of its own. */
@Command(name = "layout", description = "JOL's layout of a class, each mode in a JVM of its own (default, compact headers, no compressed oops, ...)")
final class LayoutCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE.java", description = "the Java file that declares the class")
    Path file;

    @Parameters(index = "1", paramLabel = "CLASS", description = "the class to lay out")
    String className;

    @Option(names = "--modes", paramLabel = "all|default,compact-headers,...", description = "the JVM modes to compare (default: default)")
    String modes = "default";

    @Option(names = "--json", description = "the layouts as JSON (its fields are listed in the README)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Arguments.existingFile(file);
        List<Layouts.Target> targets = targets(modes);
        SourceCompiler.Source s = SourceCompiler.Source.of(file);
        LayoutReport r = Layouts.of(s.fileName(), s.text(), className, targets);
        spec.commandLine().getOut().print(json ? json(r) : r.toText());
        return 0;
    }

    private static List<Layouts.Target> targets(String modes) {
        List<Layouts.Target> all = Layouts.allTargets();
        if (modes.equals("all")) {
            return all;
        }
        List<Layouts.Target> chosen = new ArrayList<>();
        for (String m : modes.split(",")) {
            chosen.add(all.stream().filter(t -> t.label().equals(m.trim())).findFirst().orElseThrow(() -> LabException.input(
                    "unknown mode '" + m + "'; modes here: " + String.join(", ", all.stream().map(Layouts.Target::label).toList()))));
        }
        return chosen;
    }

    static String json(LayoutReport r) {
        return Json.write(JsonReport.of(r)) + "\n";
    }

    /** The layouts as {@code ./lab layout --json} prints them (DESIGN.md's contract). */
    record JsonReport(@SerializedName("class") String className, List<JsonMode> modes) {
        static JsonReport of(LayoutReport r) {
            return new JsonReport(r.className(), r.layouts().stream().map(JsonMode::of).toList());
        }
    }

    /**
     * One mode: its sizes and fields, or the error that stopped its JVM; {@code jvmWarning} when
     * the JVM warned about the mode's flags.
     */
    record JsonMode(String mode, String jdk, String jvmWarning, String error, Long instanceSize, Integer headerSize,
                    List<JsonField> fields) {
        static JsonMode of(Layout l) {
            if (!l.ok()) {
                return new JsonMode(l.mode().name(), l.jdk(), l.warning(), l.error(), null, null, null);
            }
            return new JsonMode(l.mode().name(), l.jdk(), l.warning(), null, l.instanceSize(), l.headerSize(),
                    l.fields().stream().map(f -> new JsonField(f.name(), f.type(), f.offset(), f.size())).toList());
        }
    }

    record JsonField(String name, String type, long offset, long size) {
    }
}
