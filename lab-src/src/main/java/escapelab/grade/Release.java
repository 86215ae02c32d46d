package escapelab.grade;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import escapelab.LabException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes exercises/ from solutions/, as nbgrader would: every region between BEGIN SOLUTION and
 * END SOLUTION becomes a stub that compiles and fails the tests (or the {@code // STUB:} lines
 * written right after the region), hidden tests stay behind, notebooks lose their outputs.
 */
public final class Release {
    private static final String DEFAULT_STUB = "throw new UnsupportedOperationException(\"your code here\");";

    private Release() {
    }

    /** The record of what a release wrote, in sha256sum's format, so the next release knows which files were edited since. */
    public static final String MANIFEST = ".released.sha256";

    /** {@link #release(Path, Path, boolean)} that refuses to overwrite or delete a file edited since the last release. */
    public static List<Path> release(Path solutions, Path exercises) {
        return release(solutions, exercises, false);
    }

    /**
     * Writes exercises/ afresh: files no longer released are deleted. Unless {@code force}, a file there
     * that is neither what the previous release wrote (its manifest) nor what this one writes is
     * someone's work, and the release stops naming it before it changes anything.
     */
    public static List<Path> release(Path solutions, Path exercises, boolean force) {
        try {
            Map<Path, String> planned = planned(solutions);
            List<Path> existing = existing(exercises);
            if (!force) {
                Map<Path, String> previous = manifest(exercises);
                List<Path> edited = new ArrayList<>();
                for (Path f : existing) {
                    Path rel = exercises.relativize(f);
                    String now = Files.readString(f);
                    if (!now.equals(planned.get(rel)) && !sha256(now).equals(previous.get(rel))) {
                        edited.add(f);
                    }
                }
                if (!edited.isEmpty()) {
                    throw LabException.input("release would overwrite or delete " + edited.size()
                            + " file(s) changed since the last release:\n  "
                            + String.join("\n  ", edited.stream().map(Path::toString).toList())
                            + "\nsave that work elsewhere, then run ./lab release --force; or release into another folder with --out DIR");
                }
            }
            for (Path f : existing) {
                Files.delete(f);
            }
            List<Path> written = new ArrayList<>();
            StringBuilder manifest = new StringBuilder();
            for (Map.Entry<Path, String> e : planned.entrySet()) {
                Path out = exercises.resolve(e.getKey());
                Files.createDirectories(out.getParent());
                Files.writeString(out, e.getValue());
                written.add(out);
                manifest.append(sha256(e.getValue())).append("  ").append(e.getKey().toString().replace('\\', '/')).append('\n');
            }
            Files.writeString(exercises.resolve(MANIFEST), manifest);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a release writes, by path relative to exercises/, in path order. */
    static Map<Path, String> planned(Path solutions) throws IOException {
        Map<Path, String> planned = new TreeMap<>();
        try (Stream<Path> all = Files.walk(solutions)) {
            for (Path p : all.sorted().toList()) {
                Path rel = solutions.relativize(p);
                if (Files.isDirectory(p) || instructorOnly(rel) || rel.toString().equals("README.md")) {
                    continue;
                }
                String text = Files.readString(p);
                String name = p.getFileName().toString();
                try {
                    planned.put(rel, name.endsWith(".ipynb") ? notebook(text) : name.endsWith(".java") || name.endsWith(".go")
                            ? stub(text, name.endsWith(".go") ? "panic(\"your code here\")" : DEFAULT_STUB) : text);
                } catch (LabException e) {
                    throw LabException.input(p + ": " + e.getMessage());
                }
            }
        }
        planned.put(Path.of("README.md"), readme(solutions));
        return planned;
    }

    /** The files now in exercises/, the manifest aside. */
    private static List<Path> existing(Path exercises) throws IOException {
        if (!Files.isDirectory(exercises)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(exercises)) {
            return all.filter(Files::isRegularFile).filter(f -> !f.equals(exercises.resolve(MANIFEST))).sorted().toList();
        }
    }

    /** The previous release's manifest: path to SHA-256 of the text it wrote; empty if there is none. */
    static Map<Path, String> manifest(Path exercises) throws IOException {
        Map<Path, String> hashes = new HashMap<>();
        Path file = exercises.resolve(MANIFEST);
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                int gap = line.indexOf("  ");
                if (gap > 0) {
                    hashes.put(Path.of(line.substring(gap + 2)), line.substring(0, gap));
                }
            }
        }
        return hashes;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An exercise's tests/hidden folder, which only the grader sees; any other path, "hidden" in its name or not, is released. */
    static boolean instructorOnly(Path rel) {
        for (int i = 0; i + 1 < rel.getNameCount(); i++) {
            if (rel.getName(i).toString().equals("tests") && rel.getName(i + 1).toString().equals("hidden")) {
                return true;
            }
        }
        return false;
    }

    /** exercises/README.md: what the folder is and which exercises it holds, each with its notebook's title. */
    static String readme(Path solutions) throws IOException {
        StringBuilder out = new StringBuilder("""
                # exercises/

                The student side of the graded exercises, written by `./lab release` from `solutions/`: the answers
                are cut out and the hidden tests left behind. Do not edit it by hand; change `solutions/` and release again.

                """);
        try (Stream<Path> dirs = Files.list(solutions)) {
            for (Path ex : dirs.filter(Files::isDirectory).sorted().toList()) {
                String name = ex.getFileName().toString();
                out.append("- `").append(name).append("/`: ").append(title(ex.resolve(name + ".ipynb"))).append('\n');
            }
        }
        return out.append("""

                Open an exercise's notebook, change the files in its `src/`, and run the notebook's grading cells; or,
                from the project folder, `./lab grade exercises/NN-name exercises/NN-name/src`.
                """).toString();
    }

    private static String title(Path notebook) throws IOException {
        if (!Files.exists(notebook)) {
            return "(no notebook)";
        }
        // The first text cell: the first cell of all holds the imports.
        for (JsonElement cell : JsonParser.parseString(Files.readString(notebook)).getAsJsonObject().getAsJsonArray("cells")) {
            if (cell.getAsJsonObject().get("cell_type").getAsString().equals("markdown")) {
                StringBuilder src = new StringBuilder();
                cell.getAsJsonObject().getAsJsonArray("source").forEach(s -> src.append(s.getAsString()));
                return src.toString().lines().findFirst().orElse("").replaceFirst("^#+\\s*", "");
            }
        }
        return "(no title)";
    }

    /**
     * A source with its solution regions replaced. As in nbgrader, a region inside another and a
     * BEGIN or END without its partner are errors, naming the line.
     */
    static String stub(String source, String defaultStub) {
        String[] lines = source.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.strip().equals("// END SOLUTION")) {
                throw LabException.input("END SOLUTION without BEGIN SOLUTION at line " + (i + 1));
            }
            if (!l.strip().equals("// BEGIN SOLUTION")) {
                out.append(l).append('\n');
                continue;
            }
            String indent = l.substring(0, l.indexOf("//"));
            int end = i + 1;
            while (end < lines.length && !lines[end].strip().equals("// END SOLUTION")) {
                if (lines[end].strip().equals("// BEGIN SOLUTION")) {
                    throw LabException.input("BEGIN SOLUTION at line " + (end + 1) + " inside the solution region begun at line "
                            + (i + 1) + "; regions cannot be nested");
                }
                end++;
            }
            if (end == lines.length) {
                throw LabException.input("BEGIN SOLUTION without END SOLUTION at line " + (i + 1));
            }
            List<String> stub = new ArrayList<>();
            int after = end + 1;
            while (after < lines.length && (lines[after].strip().startsWith("// STUB: ") || lines[after].strip().equals("// STUB:"))) {
                String code = lines[after].strip().equals("// STUB:") ? "" : lines[after].strip().substring("// STUB: ".length());
                stub.add(code.isEmpty() ? "" : indent + code);
                after++;
            }
            if (stub.isEmpty()) {
                stub.add(indent + defaultStub);
            }
            stub.forEach(s -> out.append(s).append('\n'));
            i = after - 1;
        }
        return out.substring(0, out.length() - 1);
    }

    /** The notebook without outputs, its solution regions stubbed. */
    static String notebook(String json) {
        JsonObject nb = JsonParser.parseString(json).getAsJsonObject();
        int number = 0;
        for (JsonElement e : nb.getAsJsonArray("cells")) {
            number++;
            JsonObject cell = e.getAsJsonObject();
            if (cell.has("outputs")) {
                cell.add("outputs", new JsonArray());
                cell.add("execution_count", com.google.gson.JsonNull.INSTANCE);
            }
            StringBuilder src = new StringBuilder();
            cell.getAsJsonArray("source").forEach(s -> src.append(s.getAsString()));
            String stubbed;
            try {
                stubbed = stub(src.toString(), DEFAULT_STUB);
            } catch (LabException x) {
                throw LabException.input("cell " + number + ", " + x.getMessage());
            }
            JsonArray lines = new JsonArray();
            String[] parts = stubbed.split("(?<=\n)");
            for (String part : parts) {
                if (!part.isEmpty()) {
                    lines.add(new JsonPrimitive(part));
                }
            }
            cell.add("source", lines);
        }
        return new com.google.gson.GsonBuilder().serializeNulls().setPrettyPrinting().disableHtmlEscaping().create().toJson(nb) + "\n";
    }
}
