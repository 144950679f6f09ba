package io.hwoffload.cli.node;

import io.hwoffload.cli.UserInputException;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyException;
import io.hwoffload.core.policy.PolicyReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a policy file given with {@code -f}; a bad file is a usage error listing every problem. */
final class PolicyFiles {

    private PolicyFiles() {
    }

    static List<OffloadPolicy> read(Path file) {
        try {
            return PolicyReader.read(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UserInputException("-f " + file + ": cannot read it (" + e.getMessage() + ")");
        } catch (PolicyException e) {
            throw new UserInputException(e.getMessage());
        }
    }
}
