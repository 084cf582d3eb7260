package org.diffusion4j.datasets;

/**
 * A problem with data on disk or on the network that the user can fix. The message is one line that names
 * the problem and the fix, so the CLI can print it as is instead of a stack trace.
 */
public final class DataException extends RuntimeException {

    public DataException(String message) {
        super(oneLine(message));
    }

    public DataException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    // Messages often embed text from the JDK (exception messages, paths); a stray line break would split the
    // one line the user sees.
    private static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
