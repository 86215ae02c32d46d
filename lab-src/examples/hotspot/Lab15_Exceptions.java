// An exception is an object, and C2 keeps it even when the catch is in the same method.
//
// C2 inlines the exception's own constructor, which sits in the compiled method, but not the
// constructor that one calls: inside an inlined method, C2 does not inline a method of a Throwable
// subclass unless the method being compiled belongs to an exception class (the log says "exception
// method"; InlineTree::should_not_inline). C2's bytecode escape analysis follows that real call down
// to Throwable's constructor, which stores the object into its own field (cause = this), so the
// exception is GlobalEscape. The bytes per call show the real cost: a new exception also fills in
// its stack trace, which allocates far more than the exception itself. An exception made with
// writableStackTrace false (the four-argument Throwable constructor) is still kept, but costs a
// fraction.
public class Lab15_Exceptions {
    static final class Quiet extends RuntimeException {
        Quiet(String message) { super(message, null, false, false); }
    }

    static int seed = 4;

    static int withStackTrace() {
        try {
            if (seed > 0) {
                throw new IllegalStateException("seed");   // EXPECT "escapes: passed to RuntimeException\.<init>, not inlined: exception method; RuntimeException\.<init> passes it to Exception\.<init>: Exception\.<init> passes it to Throwable\.<init>: Throwable\.<init> stores it to field Throwable\.cause"
            }
            return 0;
        } catch (IllegalStateException e) {
            return 1;
        }
    }

    static int withoutStackTrace() {
        try {
            if (seed > 0) {
                throw new Quiet("seed");   // EXPECT "escapes: passed to RuntimeException\.<init>, not inlined: exception method; RuntimeException\.<init> passes it to Exception\.<init>: Exception\.<init> passes it to Throwable\.<init>: Throwable\.<init> stores it to field Throwable\.cause"
            }
            return 0;
        } catch (Quiet e) {
            return 1;
        }
    }
}
