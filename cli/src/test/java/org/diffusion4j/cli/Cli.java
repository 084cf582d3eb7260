package org.diffusion4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process as a user would, keeping the exit code and what went to stderr. */
final class Cli {

    record Outcome(int exitCode, String err) {
    }

    private Cli() {
    }

    static Outcome run(String... args) {
        CommandLine commandLine = Diffusion4j.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        int code = commandLine.execute(args);
        return new Outcome(code, err.toString());
    }
}
