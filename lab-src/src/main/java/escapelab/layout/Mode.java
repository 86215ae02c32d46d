package escapelab.layout;

import escapelab.jvm.Jdk;

import java.util.List;

/**
 * A way to start the JVM that changes object layout: its name as the JSON says it, the flags,
 * and the first JDK release that has it.
 */
public record Mode(String name, List<String> flags, int since, String meaning) {
    public static final Mode DEFAULT = new Mode("default", List.of(), 17, "the JVM's defaults for this machine");
    public static final Mode COMPACT_HEADERS = new Mode("compact-headers", List.of("-XX:+UseCompactObjectHeaders"), 24,
            "8-byte object headers (JEP 450/519)");
    public static final Mode NO_COMPRESSED_OOPS = new Mode("no-compressed-oops", List.of("-XX:-UseCompressedOops"), 17,
            "8-byte references, as with a heap over 32 GB");
    public static final Mode NO_COMPRESSED_CLASS_POINTERS = new Mode("no-compressed-class-pointers",
            List.of("-XX:-UseCompressedClassPointers"), 17, "an 8-byte class word in every header; the flag is deprecated in JDK 25");

    public static List<Mode> all() {
        return List.of(DEFAULT, COMPACT_HEADERS, NO_COMPRESSED_OOPS, NO_COMPRESSED_CLASS_POINTERS);
    }

    /** Why this JDK cannot run the mode, or null when it can. */
    String unavailableOn(Jdk jdk) {
        return jdk.feature() < since ? name + " needs JDK " + since + " or later; JDK " + jdk.version() + " does not have "
                + String.join(" ", flags) : null;
    }
}
