package io.hwoffload.cli.nicsim;

import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.host.HostException;
import io.hwoffload.host.nicsim.NicsimTrees;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "destroy",
        mixinStandardHelpOptions = true,
        description = {
                "Remove a nicsim tree: first its namespaces and veth pairs (if it was created with --netdevs), then"
                        + " the tree, then DIR itself if nothing else is in it.",
                "",
                "Refuses a directory that is not a nicsim tree (no DIR/.nicsim/state.json): it never deletes"
                        + " anything else. A DIR that does not exist is nothing to do.",
                ""},
        footer = {"",
                "Examples:",
                "  hwoffload nicsim destroy --root /tmp/node1",
                "  hwoffload nicsim destroy --root /tmp/dpu   # --netdevs tree: as root"})
public final class NicsimDestroyCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "DIR", description = "The tree to remove.")
    Path root;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.exists(root)) {
            out.println("nothing to destroy: " + root + " does not exist");
            return 0;
        }
        if (!NicsimTrees.isNicsimTree(root)) {
            throw new UserInputException(root + " is not a nicsim tree (it has no .nicsim/state.json); refusing to delete it");
        }
        try {
            List<String> namespaces = NicsimTrees.destroy(root);
            out.println("destroyed the nicsim tree in " + root
                    + (namespaces.isEmpty() ? "" : " and its namespaces " + String.join(" ", namespaces)));
            return 0;
        } catch (HostException e) {
            throw new CommandFailedException("nicsim destroy: " + e.getMessage(), e);
        }
    }
}
