package io.hwoffload.host.exec;

import java.util.List;

/** A command that ran to its end: what was run, its exit code and everything it printed. */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr) {

    public CommandResult {
        argv = List.copyOf(argv);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** This result when the command exited 0; otherwise a CommandException with the command, its exit and its complaint. */
    public CommandResult requireSuccess() {
        if (!succeeded()) {
            throw new CommandException(commandLine() + " failed (exit " + exitCode + "): " + complaint());
        }
        return this;
    }

    /** The command as one would type it, for messages. */
    public String commandLine() {
        return String.join(" ", argv);
    }

    /** What the command said about its failure: stderr, or stdout when stderr is empty, on one line. */
    public String complaint() {
        String text = stderr.isBlank() ? stdout : stderr;
        return text.strip().replaceAll("\\s*\\n\\s*", "; ");
    }
}
