package escapelab;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import escapelab.notebook.Json;

import java.io.PrintStream;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LAB_TIMINGS=1: where the time of one ./lab command goes, for ./lab speed. Each mark gives its
 * phase the time since the previous mark; at the end the phases are printed to standard error as
 * one line, {@code @@lab timings {"script": 0.004, ...}} (seconds). Without LAB_TIMINGS nothing is
 * printed and the command's output is the same.
 */
public final class Timings {
    /** The variable that switches the timings on. */
    public static final String ENV = "LAB_TIMINGS";
    /** The start of the line that carries the timings on standard error. */
    public static final String LINE = "@@lab timings ";

    /** The phases of ./lab escape, in their order; other commands mark only the first two. */
    public enum Phase {
        /** ./lab, the bash script: its first line to starting java (the JDK looked up, the jar checked). */
        SCRIPT,
        /** java started to the lab's main. */
        LAB_JVM_START,
        /** picocli's parse, the file read, the temporary folder. */
        ARGUMENTS,
        /** javac in process, the class files written. */
        COMPILE,
        /** the forked driver JVM: started to the driver's first line. */
        DRIVER_START,
        /** the driver's warm-up and allocation measurement: its first line to its last. */
        DRIVER_RUN,
        /** the driver's last line to the end of its process. */
        DRIVER_EXIT,
        /** the compilation log parsed, the verdict rules, the temporary folder removed. */
        VERDICTS,
        /** the report's text, printed. */
        RENDER
    }

    private static final boolean ON = on(System.getenv(ENV));
    private static final Map<Phase, Double> SECONDS = new EnumMap<>(Phase.class);
    private static long last = System.nanoTime();

    private Timings() {
    }

    static boolean on(String value) {
        return value != null && !value.isBlank() && !value.equals("0") && !value.equalsIgnoreCase("false");
    }

    /**
     * At the lab's main: the script's time and the JVM's start-up, from the wall-clock times the
     * ./lab script passes (bash's $EPOCHREALTIME when it started, and just before it started java).
     */
    public static synchronized void started() {
        if (!ON) {
            return;
        }
        last = System.nanoTime();
        Instant now = Instant.now();
        double main = now.getEpochSecond() + now.getNano() / 1e9;
        Double script = epochSeconds(System.getenv("LAB_SCRIPT_START"));
        Double launch = epochSeconds(System.getenv("LAB_JAVA_LAUNCH"));
        if (script != null && launch != null) {
            SECONDS.merge(Phase.SCRIPT, launch - script, Double::sum);
        }
        if (launch != null) {
            SECONDS.merge(Phase.LAB_JVM_START, main - launch, Double::sum);
        }
    }

    /** $EPOCHREALTIME's seconds ("1764436800.123456"; a comma in some locales), or null. */
    static Double epochSeconds(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(text.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The time since the previous mark goes to this phase. */
    public static void mark(Phase phase) {
        split(phase, System.nanoTime());
    }

    /** The time from the previous mark to {@code nanoTime} (a System.nanoTime() taken then) goes to this phase. */
    public static synchronized void split(Phase phase, long nanoTime) {
        if (!ON || nanoTime == 0 || nanoTime < last) {
            return;
        }
        SECONDS.merge(phase, (nanoTime - last) / 1e9, Double::sum);
        last = nanoTime;
    }

    /** At the end of main: the line, on standard error, when LAB_TIMINGS is on. */
    public static synchronized void print(PrintStream err) {
        if (ON) {
            err.println(line(SECONDS));
            err.flush();
        }
    }

    static String line(Map<Phase, Double> seconds) {
        Map<String, Double> named = new LinkedHashMap<>();
        seconds.forEach((phase, s) -> named.put(Json.word(phase), Math.round(s * 1e6) / 1e6));
        return LINE + Json.write(named);
    }

    /** The phases of the timings line in a command's standard error; empty when it has none. */
    public static Map<Phase, Double> read(String stderr) {
        Map<Phase, Double> seconds = new EnumMap<>(Phase.class);
        for (String line : stderr.split("\n")) {
            if (!line.startsWith(LINE)) {
                continue;
            }
            JsonObject o;
            try {
                o = JsonParser.parseString(line.substring(LINE.length())).getAsJsonObject();
            } catch (RuntimeException e) { // not the lab's line: a program may print anything
                continue;
            }
            for (Phase p : Phase.values()) {
                JsonElement v = o.get(Json.word(p));
                if (v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
                    seconds.put(p, v.getAsDouble());
                }
            }
        }
        return seconds;
    }
}
