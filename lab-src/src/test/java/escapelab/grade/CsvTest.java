package escapelab.grade;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTest {
    @Test
    void aFieldWithACommaAQuoteOrALineBreakIsQuoted() {
        StringBuilder out = new StringBuilder();
        Csv.row(out, List.of("plain", "a,b", "say \"hi\"", "two\nlines", ""));
        assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n", out.toString());
    }

    @Test
    void theGradebookHasAColumnPerTestAndTheTotal() {
        Grader.Result r = new Grader.Result(3, List.of(new Grader.TestResult("one, first", 1, 1, "", "visible"),
                new Grader.TestResult("two", 2, 2, "", "visible")), "");
        Grader.Result none = new Grader.Result(0, List.of(), "not graded: boom");
        assertEquals("student,\"one, first\",two,total\r\nada,1,2,3\r\nbob,,,0\r\n",
                ClassGrader.gradebook(List.of(new ClassGrader.Graded("ada", r), new ClassGrader.Graded("bob", none))));
    }
}
