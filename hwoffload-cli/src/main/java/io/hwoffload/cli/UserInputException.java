package io.hwoffload.cli;

/** The user's input is wrong; the message names the option or file and the fix. Exit 2. */
public final class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }
}
