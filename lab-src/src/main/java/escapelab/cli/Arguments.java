package escapelab.cli;

import java.util.List;

/** What the commands share in reading their arguments. */
final class Arguments {
    private Arguments() {
    }

    /** {@code --jvm-args "-Xmx1g -XX:+UseSerialGC"}, each given once or more, as the JVM's arguments. */
    static List<String> jvmArgs(List<String> given) {
        return given.stream().filter(s -> !s.isBlank()).flatMap(s -> List.of(s.strip().split("\\s+")).stream()).toList();
    }
}
