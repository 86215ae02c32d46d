package escapelab.golang;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Every diagnostic in the output, in the compiler's order. An -m=2 explanation (a header line
     * ending in ':' and the indented lines after it) is folded into the summary line the compiler
     * prints later at the same position; one that never gets a summary stays a finding of its own.
     */
    public static List<GoFinding> parse(String output) {
        List<GoFinding> findings = new ArrayList<>();
        Map<String, List<String>> waiting = new LinkedHashMap<>(); // position -> explanation without its summary yet
        Map<String, GoFinding> headers = new LinkedHashMap<>();
        List<String> current = null; // the explanation whose indented lines are being read
        String currentAt = null;
        for (String line : output.split("\n")) {
            Matcher m = DIAGNOSTIC.matcher(line);
            if (!m.matches() || m.group(2).length() > 9 || m.group(3).length() > 9) {
                continue; // "# package" headers; a position too long for an int is not the compiler's
            }
            GoFinding here = new GoFinding(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4), kind(m.group(4)), List.of());
            String at = here.position();
            if (here.message().startsWith(" ") && current != null && at.equals(currentAt)) {
                current.add(here.message());
                continue;
            }
            // Go 1.26 heads an explanation "x escapes to heap in f:", Go 1.24 "x escapes to heap:".
            if (here.message().endsWith(":") && (here.message().contains(" escapes to heap") || here.message().contains(" leaks to "))) {
                if (waiting.containsKey(at)) { // a second explanation at one place: the first stands alone
                    GoFinding alone = headers.remove(at);
                    findings.add(withExplanation(alone, waiting.remove(at), alone.message()));
                }
                current = new ArrayList<>(List.of(here.message()));
                currentAt = at;
                waiting.put(at, current);
                headers.put(at, here);
                continue;
            }
            current = null;
            List<String> explanation = waiting.remove(at);
            headers.remove(at);
            findings.add(explanation == null ? here : withExplanation(here, explanation, here.message()));
        }
        waiting.forEach((at, explanation) -> {
            GoFinding h = headers.get(at);
            findings.add(withExplanation(h, explanation, h.message()));
        });
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
