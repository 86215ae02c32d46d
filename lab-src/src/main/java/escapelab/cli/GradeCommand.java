package escapelab.cli;

import com.google.gson.annotations.SerializedName;
import escapelab.Lab;
import escapelab.LabException;
import escapelab.grade.ClassGrader;
import escapelab.grade.Grader;
import escapelab.notebook.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./lab grade EXERCISE SUBMISSION_DIR}: Gradescope's results.json; exit 0 whenever it could grade.
 * With {@code --all}, SUBMISSION_DIR holds one folder per student: each gets its results.json, and the
 * class a gradebook.csv.
 */
@Command(name = "grade", description = "grade a submission: each test in its own JVM with time and memory limits; Gradescope's results.json")
final class GradeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXERCISE", description = "an exercise folder, or the name of one in solutions/")
    String exercise;

    @Parameters(index = "1", paramLabel = "SUBMISSION_DIR", description = "the folder with the submitted sources (with --all: one folder per student)")
    Path submission;

    @Option(names = "--out", paramLabel = "PATH", description = "also write the results to this file (with --all: the folder for STUDENT/results.json and gradebook.csv,"
            + " instead of each student's folder and SUBMISSION_DIR)")
    Path resultsFile;

    @Option(names = "--all", description = "grade every student folder in SUBMISSION_DIR, in parallel up to the cores, with a progress bar on stderr")
    boolean all;

    @Option(names = "--unsandboxed", description = "run the tests without the bubblewrap sandbox (where it cannot start); the results say so")
    boolean unsandboxed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path folder = Path.of(exercise);
        if (!Files.isDirectory(folder)) {
            folder = Lab.home().resolve("solutions").resolve(exercise);
        }
        if (!Files.isDirectory(folder.resolve("tests"))) {
            throw LabException.input(exercise + " is not an exercise (no tests/ folder); the exercises: "
                    + String.join(", ", exercises()) + " (or a folder such as exercises/01-allocation-free)");
        }
        if (all) {
            return gradeClass(folder);
        }
        String json = json(Grader.grade(folder, submission, Duration.ofSeconds(60), !unsandboxed));
        if (resultsFile != null) {
            try {
                Files.writeString(resultsFile, json);
            } catch (IOException e) {
                throw LabException.environment("cannot write " + resultsFile + ": " + e.getMessage());
            }
        }
        spec.commandLine().getOut().print(json);
        return 0; // it could grade: whatever the score
    }

    /** The names in solutions/ that hold tests. */
    private static List<String> exercises() {
        try (var dirs = Files.list(Lab.home().resolve("solutions"))) {
            return dirs.filter(d -> Files.isDirectory(d.resolve("tests"))).map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private int gradeClass(Path exercise) {
        if (!Files.isDirectory(submission)) {
            throw LabException.input("no submissions folder " + submission);
        }
        List<Path> students = ClassGrader.students(submission);
        if (students.isEmpty()) {
            throw LabException.input(submission + " has no student folders");
        }
        // A terminal gets one redrawn line; a log or a pipe gets a line per student.
        boolean terminal = System.console() != null && System.console().isTerminal();
        ClassGrader.Progress progress = new ClassGrader.Progress(students.size(), spec.commandLine().getErr(), terminal);
        List<ClassGrader.Graded> graded = ClassGrader.gradeAll(exercise, students, Duration.ofSeconds(60), !unsandboxed,
                Runtime.getRuntime().availableProcessors(), progress::done);
        for (ClassGrader.Graded g : graded) {
            Path dir = resultsFile == null ? submission.resolve(g.student()) : resultsFile.resolve(g.student());
            write(dir.resolve("results.json"), json(g.result()));
        }
        Path gradebook = (resultsFile == null ? submission : resultsFile).resolve("gradebook.csv");
        write(gradebook, ClassGrader.gradebook(graded));
        spec.commandLine().getOut().println("graded " + graded.size() + " submissions: " + gradebook);
        return 0;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw LabException.environment("cannot write " + file + ": " + e.getMessage());
        }
    }

    static String json(Grader.Result r) {
        return Json.write(Results.of(r)) + "\n";
    }

    /** Gradescope's results.json; {@code output} only when the grader has something to say about the whole submission. */
    record Results(double score, String output, List<Test> tests) {
        static Results of(Grader.Result r) {
            return new Results(r.score(), r.output().isEmpty() ? null : r.output(),
                    r.tests().stream().map(t -> new Test(t.name(), t.score(), t.maxScore(), t.output(), t.visibility())).toList());
        }
    }

    record Test(String name, double score, @SerializedName("max_score") double maxScore, String output, String visibility) {
    }
}
