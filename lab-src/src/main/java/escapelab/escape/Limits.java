package escapelab.escape;

import escapelab.LabException;
import escapelab.jvm.ChildProcess;
import escapelab.jvm.IndependentRuns;
import escapelab.jvm.Jdk;
import escapelab.notebook.Table;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The flags that bound C2's escape analysis and inlining, with the values a JDK really runs with
 * (read from its {@code -XX:+PrintFlagsFinal}) and the description HotSpot's source gives each one.
 */
public final class Limits {
    /** A flag, the file that declares it, and its description there, quoted. */
    private record Flag(String name, String declaredIn, String description) {
    }

    private static final List<Flag> FLAGS = List.of(
            new Flag("DoEscapeAnalysis", "opto/c2_globals.hpp", "Perform escape analysis"),
            new Flag("EliminateAllocations", "opto/c2_globals.hpp", "Use escape analysis to eliminate allocations"),
            new Flag("EliminateLocks", "opto/c2_globals.hpp", "Coarsen locks when possible"),
            new Flag("EliminateNestedLocks", "opto/c2_globals.hpp", "Eliminate nested locks of the same object when possible"),
            new Flag("EliminateAllocationArraySizeLimit", "opto/c2_globals.hpp",
                    "Array size (number of elements) limit for scalar replacement"),
            new Flag("EliminateAllocationFieldsLimit", "opto/c2_globals.hpp",
                    "Number of fields in instance limit for scalar replacement"),
            new Flag("ReduceAllocationMerges", "opto/c2_globals.hpp", "Try to simplify allocation merges before Scalar Replacement"),
            new Flag("MaxBCEAEstimateSize", "compiler/compiler_globals.hpp", "Maximum bytecode size of a method to be analyzed by BC EA"),
            new Flag("MaxBCEAEstimateLevel", "compiler/compiler_globals.hpp", "Maximum number of nested calls that are analyzed by BC EA"),
            new Flag("MaxInlineSize", "opto/c2_globals.hpp", "The maximum bytecode size of a method to be inlined by high tier compiler"),
            new Flag("FreqInlineSize", "opto/c2_globals.hpp", "The maximum bytecode size of a frequent method to be inlined"),
            new Flag("InlineSmallCode", "opto/c2_globals.hpp", "Only inline already compiled methods if their code size is less than this"),
            new Flag("MaxInlineLevel", "opto/c2_globals.hpp", "maximum number of nested calls that are inlined by high tier compiler"),
            new Flag("TypeProfileMajorReceiverPercent", "opto/c2_globals.hpp", "% of major receiver type to all profiled receivers"));
    private static final Pattern LINE = Pattern.compile("^\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)");

    private Limits() {
    }

    /** The values of the flags on each JDK; a flag a JDK does not have says so. */
    public static Table of(List<Jdk> jdks) {
        List<String> headers = new ArrayList<>(List.of("flag"));
        jdks.forEach(jdk -> headers.add("JDK " + jdk.feature()));
        List<Map<String, String>> values = IndependentRuns.map(jdks, Limits::values); // each JDK's -version run beside the others
        headers.addAll(List.of("description in HotSpot's source", "declared in src/hotspot/share/"));
        Table t = new Table(headers).caption("The limits of escape analysis and inlining, as each JDK runs them");
        for (Flag f : FLAGS) {
            List<String> row = new ArrayList<>(List.of(f.name()));
            values.forEach(v -> row.add(v.getOrDefault(f.name(), "(no such flag)")));
            row.add("\"" + f.description() + "\"");
            row.add(f.declaredIn());
            t.row(row);
        }
        return t;
    }

    static Map<String, String> values(Jdk jdk) {
        ChildProcess.Result r = ChildProcess.of(jdk.java().toString(), "-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintFlagsFinal",
                "-version").timeLimit(Duration.ofSeconds(30)).run();
        if (!r.ok()) {
            throw LabException.environment(jdk.label() + " did not print its flags: " + r.describe());
        }
        return parse(r.stdout());
    }

    static Map<String, String> parse(String printFlagsFinal) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : printFlagsFinal.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.find() && line.contains("{")) {
                values.put(m.group(1), m.group(2));
            }
        }
        return values;
    }
}
