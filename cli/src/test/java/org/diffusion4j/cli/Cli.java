package org.diffusion4j.cli;

import java.util.List;
import java.util.ArrayList;
import java.nio.file.Path;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the command line in-process as a user would, keeping the exit code and what went to stderr. */
final class Cli {

    /** The exit code and what the command wrote to stderr and to stdout. */
    record Outcome(int exitCode, String err, String out) {
    }

    private Cli() {
    }

    static Outcome run(String... args) {
        CommandLine commandLine = Diffusion4j.commandLine();
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Commands print results with System.out, not picocli's writer.
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = commandLine.execute(args);
        } finally {
            System.setOut(original);
        }
        return new Outcome(code, err.toString(), out.toString(StandardCharsets.UTF_8));
    }

    /**
     * The command line in a JVM of its own, output to {@code log}: for tests that kill or wait on a training process.
     * {@code jvmOptions} go before the class path (e.g. {@code -Dname=value}).
     */
    static Process launch(List<String> args, Path log, String... jvmOptions) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Surefire may start this JVM from a manifest-only jar; its real class path is in this property.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        // The work is in TensorFlow's kernels: C1 and the serial collector only shorten each life's start.
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classPath, Diffusion4j.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        return builder.start();
    }
}
