package escapelab.cli;

import escapelab.Lab;
import escapelab.LabException;
import escapelab.grade.Grader;
import escapelab.grade.Release;
import escapelab.notebook.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ./lab grade EXERCISE SUBMISSION_DIR [--out results.json]} and {@code ./lab release}. */
final class GradeCommand {
    static final String USAGE = "usage: ./lab grade EXERCISE SUBMISSION_DIR [--out results.json]";

    private GradeCommand() {
    }

    static int grade(List<String> args, PrintStream out) {
        List<String> positional = new ArrayList<>();
        Path resultsFile = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--out") && i + 1 < args.size()) {
                resultsFile = Path.of(args.get(++i));
            } else if (args.get(i).startsWith("-")) {
                throw LabException.input("grade: unexpected argument '" + args.get(i) + "'; " + USAGE);
            } else {
                positional.add(args.get(i));
            }
        }
        if (positional.size() != 2) {
            throw LabException.input("grade: name the exercise and the submission folder; " + USAGE);
        }
        Path exercise = Path.of(positional.get(0));
        if (!Files.isDirectory(exercise)) {
            exercise = Lab.home().resolve("solutions").resolve(positional.get(0));
        }
        Grader.Result r = Grader.grade(exercise, Path.of(positional.get(1)), Duration.ofSeconds(60));
        String json = json(r);
        if (resultsFile != null) {
            try {
                Files.writeString(resultsFile, json);
            } catch (IOException e) {
                throw LabException.environment("cannot write " + resultsFile + ": " + e.getMessage());
            }
        }
        out.print(json);
        return 0; // it could grade: whatever the score
    }

    /** Gradescope's results.json. */
    static String json(Grader.Result r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("score", r.score());
        if (!r.output().isEmpty()) {
            o.put("output", r.output());
        }
        List<Object> tests = new ArrayList<>();
        for (Grader.TestResult t : r.tests()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("score", t.score());
            m.put("max_score", t.maxScore());
            m.put("output", t.output());
            m.put("visibility", t.visibility());
            tests.add(m);
        }
        o.put("tests", tests);
        return Json.write(o) + "\n";
    }

    static int release(List<String> args, PrintStream out) {
        Path solutions = Lab.home().resolve("solutions");
        Path exercises = Lab.home().resolve("exercises");
        try {
            if (Files.isDirectory(exercises)) {
                try (var walk = Files.walk(exercises)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(exercises)).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> written = Release.release(solutions, exercises);
        written.forEach(p -> out.println("wrote " + Lab.home().relativize(p)));
        if (args.contains("--gradescope")) {
            Path jar = Lab.home().resolve("lab-src/target/escape-lab.jar");
            try (var dirs = Files.list(solutions)) {
                for (Path ex : dirs.filter(Files::isDirectory).sorted().toList()) {
                    out.println("wrote " + Lab.home().relativize(escapelab.grade.Gradescope.write(ex, jar, Lab.home().resolve("build/gradescope"))));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return 0;
    }
}
