package io.hwoffload.cli;

import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyException;
import io.hwoffload.core.policy.PolicyReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads policy files given with {@code -f}; a bad file is a usage error listing every problem. */
public final class PolicyFiles {

    private PolicyFiles() {
    }

    public static List<OffloadPolicy> read(Path file) {
        try {
            return PolicyReader.read(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UserInputException("-f " + file + ": cannot read it (" + e.getMessage() + ")");
        } catch (PolicyException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    /** The policies of every file, in order; the problems of all bad files are reported together. */
    public static List<OffloadPolicy> readAll(List<Path> files) {
        List<OffloadPolicy> policies = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                policies.addAll(read(file));
            } catch (UserInputException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new UserInputException(String.join("\n", problems));
        }
        return policies;
    }
}
