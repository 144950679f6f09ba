package io.hwoffload.cli;

/** The exit status contract of every hwoffload command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A failure was found (a gate not met) or the work could not be done. */
    public static final int FAILURE = 1;
    /** The command line or an input file is wrong. */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
