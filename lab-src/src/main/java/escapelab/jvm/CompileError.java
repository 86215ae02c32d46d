package escapelab.jvm;

import escapelab.LabException;

/** javac refused the sources: its own messages, one {@code File.java:line:column: error: ...} line per error. */
public final class CompileError extends LabException {
    CompileError(String message) {
        super(INPUT, message);
    }

    /**
     * The same error for source text a notebook cell passed in: javac counts lines from the text's
     * first line, and the kernel does not tell where the text starts in the cell, so the message says so.
     */
    public CompileError inCellText(String fileName) {
        return new CompileError(getMessage() + "\n(line numbers count from the first line of the text passed as " + fileName
                + ", the line after the opening \"\"\", not from the top of the cell)");
    }
}
