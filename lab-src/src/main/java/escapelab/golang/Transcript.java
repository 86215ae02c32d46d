package escapelab.golang;

import escapelab.LabException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Go compiler's output for one source and one set of flags, as recorded, so the lab can show it
 * where Go is missing. A test replays every transcript against the live compiler and fails on drift.
 * Stored as text: a few {@code key: value} header lines, a {@code --- output} line, then the output verbatim.
 */
public record Transcript(String source, String sha256, String goVersion, String flags, String recorded, String output) {
    private static final String OUTPUT = "--- output";

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file name a transcript of this source and these flags is stored under. */
    public static String fileName(String source, String flags) {
        String key = flags.replace("-gcflags=", "").replaceAll("[^A-Za-z0-9]+", "");
        return source.replaceFirst("\\.go$", "") + "." + key + ".txt";
    }

    /** The file name a transcript of this source on another Go release is stored under, in {@code releases/}. */
    public static String fileName(String source, String flags, String release) {
        return fileName(source, flags).replaceFirst("\\.txt$", "." + release + ".txt");
    }

    public String toText() {
        return "# The Go compiler's output for " + source + ", recorded by ./lab go-escape --record; do not edit.\n"
                + "source: " + source + "\nsha256: " + sha256 + "\ngo: " + goVersion + "\nflags: " + flags
                + "\nrecorded: " + recorded + "\n" + OUTPUT + "\n" + output;
    }

    public static Transcript read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int cut = text.indexOf("\n" + OUTPUT + "\n");
        if (cut < 0) {
            throw LabException.input(file + ": not a transcript (no '" + OUTPUT + "' line); re-record with ./lab go-escape --record");
        }
        Map<String, String> h = new LinkedHashMap<>();
        for (String line : text.substring(0, cut).split("\n")) {
            int colon = line.indexOf(": ");
            if (!line.startsWith("#") && colon > 0) {
                h.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return new Transcript(h.get("source"), h.get("sha256"), h.get("go"), h.get("flags"), h.get("recorded"),
                text.substring(cut + OUTPUT.length() + 2));
    }

    public void write(Path dir) {
        write(dir, fileName(source, flags));
    }

    public void write(Path dir, String fileName) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(fileName), toText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
