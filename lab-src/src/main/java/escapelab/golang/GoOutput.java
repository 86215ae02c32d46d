package escapelab.golang;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses what {@code go build -gcflags=-m} prints. Each diagnostic is {@code file:line:col: message};
 * the kind is read from the message's form, not matched against whole lines, because the wording
 * of the details changes between Go releases ({@code 1<<20} vs {@code 1048576}, {@code ~R0} vs {@code ~r0}).
 */
public final class GoOutput {
    private static final Pattern DIAGNOSTIC = Pattern.compile("^(?:\\./)?(.+?\\.go):(\\d+):(\\d+): (.*)$");

    private GoOutput() {
    }

    /** Every diagnostic in the output, in the compiler's order; -m=2 explanations folded under their finding. */
    public static List<GoFinding> parse(String output) {
        List<GoFinding> findings = new ArrayList<>();
        GoFinding pending = null; // an -m=2 explanation header, waiting for the finding it explains
        List<String> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = DIAGNOSTIC.matcher(line);
            if (!m.matches()) {
                continue; // "# package" headers
            }
            GoFinding here = new GoFinding(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4), kind(m.group(4)), List.of());
            boolean samePlace = pending != null && pending.position().equals(here.position());
            if (here.message().startsWith(" ") && samePlace) {
                lines.add(here.message());
                continue;
            }
            boolean header = here.message().endsWith(":")
                    && (here.message().contains(" escapes to heap in ") || here.message().contains(" leaks to "));
            if (pending != null && (!samePlace || header)) { // an explanation with no summary line of its own
                findings.add(withExplanation(pending, lines, pending.message()));
                pending = null;
            }
            if (header) {
                pending = here;
                lines = new ArrayList<>(List.of(here.message()));
                continue;
            }
            if (pending != null) { // the summary line of the explanation just read
                findings.add(withExplanation(here, lines, here.message()));
                pending = null;
                continue;
            }
            findings.add(here);
        }
        if (pending != null) {
            findings.add(withExplanation(pending, lines, pending.message()));
        }
        return findings;
    }

    private static GoFinding withExplanation(GoFinding f, List<String> explanation, String message) {
        return new GoFinding(f.file(), f.line(), f.column(), message, kind(message), List.copyOf(explanation));
    }

    /** The kind of a message, from its form. */
    public static String kind(String message) {
        if (message.startsWith("moved to heap: ")) {
            return GoFinding.MOVED_TO_HEAP;
        }
        if (message.startsWith("leaking param")) {
            return GoFinding.LEAKING_PARAM;
        }
        if (message.startsWith("can inline ")) {
            return GoFinding.INLINE_CAN;
        }
        if (message.startsWith("inlining call to ")) {
            return GoFinding.INLINE_CALL;
        }
        if (message.startsWith("cannot inline ")) {
            return GoFinding.INLINE_CANNOT;
        }
        if (message.endsWith(" does not escape")) {
            return GoFinding.DOES_NOT_ESCAPE;
        }
        if (message.contains(" escapes to heap")) {
            return GoFinding.ESCAPES_TO_HEAP;
        }
        return GoFinding.OTHER;
    }
}
