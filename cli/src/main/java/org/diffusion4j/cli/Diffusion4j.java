package org.diffusion4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The diffusion4j command: one runnable jar, one subcommand per job. */
@Command(name = "diffusion4j", mixinStandardHelpOptions = true, version = "diffusion4j 0.1.0 (TensorFlow Java 1.1.0)",
        description = "Denoising diffusion models in pure Java on TensorFlow Java.",
        subcommands = {TrainCommand.class, DistillCommand.class, SampleCommand.class, ClassifierCommand.class, EvaluateCommand.class,
                BenchCommand.class, ExportCommand.class, EditCommand.class, InspectCommand.class, ImportedSampleCommand.class, ClassifyCommand.class,
                CommandLine.HelpCommand.class})
public final class Diffusion4j {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Diffusion4j());
        commandLine.setExecutionExceptionHandler(Diffusion4j::reportError);
        return commandLine;
    }

    /**
     * Bad input ends in one line that names the problem and the fix; a stack trace only with
     * DIFFUSION4J_DEBUG set, because users cannot act on TensorFlow's internals.
     */
    private static int reportError(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        err.println("error: " + message);
        if (System.getenv("DIFFUSION4J_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}
