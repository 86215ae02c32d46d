package escapelab.jvm;

import escapelab.LabException;

/** javac refused the sources: its own messages, one {@code File.java:line:column: error: ...} line per error. */
public final class CompileError extends LabException {
    CompileError(String message) {
        super(INPUT, message);
    }

    /**
     * The same error for source text the lab compiled with {@code prefix} put in front of its first line
     * (the package JMH needs): columns on line 1, the quoted line and its caret as the user's text has them.
     */
    public CompileError withoutPrefixOnLine1(String fileName, String prefix) {
        java.util.regex.Pattern position = java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(fileName) + ":(\\d+):(\\d+): ");
        StringBuilder b = new StringBuilder();
        boolean onLine1 = false;
        for (String line : getMessage().split("\n", -1)) {
            java.util.regex.Matcher m = position.matcher(line);
            if (m.find()) {
                onLine1 = m.group(1).equals("1");
                if (onLine1) {
                    int column = Math.max(1, Integer.parseInt(m.group(2)) - prefix.length());
                    line = fileName + ":1:" + column + ": " + line.substring(m.end());
                }
            } else if (onLine1 && line.startsWith("    " + prefix)) {
                line = "    " + line.substring(4 + prefix.length());
            } else if (onLine1 && line.strip().equals("^")) {
                // a caret inside the prefix (javac pointing at what the lab added) points at the line's start
                line = line.length() - 1 >= 4 + prefix.length() ? line.substring(prefix.length()) : "    ^";
            }
            b.append(line).append('\n');
        }
        return new CompileError(b.substring(0, b.length() - 1));
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
