package escapelab.grade;

import java.nio.file.Files;
import java.nio.file.Path;

/** What a grading test reads of the submission it grades: the grader names the folder in -Dlab.submission. */
public final class Submission {
    private Submission() {
    }

    /** A submitted file by name, in the folder itself or in its src/ (a notebook's exercise folder). */
    public static Path file(String name) {
        return file(Path.of(System.getProperty("lab.submission", ".")), name);
    }

    /**
     * A submitted file in a submission folder: the student's whole exercise folder or its src/, or a
     * flat folder. The one lookup both the grader (what it compiles) and the tests (what they read) use.
     */
    public static Path file(Path folder, String name) {
        Path inSrc = folder.resolve("src").resolve(name);
        return Files.exists(inSrc) ? inSrc : folder.resolve(name);
    }
}
