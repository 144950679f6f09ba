package io.hwoffload.core.catalog;

import java.util.List;

/**
 * A step a vendor's guide requires that no generic tool does (Corigine's flower firmware selection, YUSUR's
 * hados stack), with the commands the guide gives. Reported by doctor and the planner, never run blindly.
 */
public record VendorStep(String id, String description, List<String> commands) {

    public VendorStep {
        commands = commands == null ? List.of() : List.copyOf(commands);
    }
}
