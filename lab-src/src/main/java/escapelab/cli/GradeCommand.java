package escapelab.cli;

import com.google.gson.annotations.SerializedName;
import escapelab.Lab;
import escapelab.LabException;
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

/** {@code ./lab grade EXERCISE SUBMISSION_DIR}: Gradescope's results.json; exit 0 whenever it could grade. */
@Command(name = "grade", description = "grade a submission: each test in its own JVM with time and memory limits; Gradescope's results.json")
final class GradeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "EXERCISE", description = "an exercise folder, or the name of one in solutions/")
    String exercise;

    @Parameters(index = "1", paramLabel = "SUBMISSION_DIR", description = "the folder with the submitted sources")
    Path submission;

    @Option(names = "--out", paramLabel = "results.json", description = "also write the results to this file")
    Path resultsFile;

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
