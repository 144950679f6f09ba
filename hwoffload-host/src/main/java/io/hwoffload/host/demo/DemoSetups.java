package io.hwoffload.host.demo;

import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The five reference setups (../shared/seeds), each as the node where its OVS runs. For the BlueField-2 that is
 * the DPU's Arm side: the x86 host runs no OVS, and its VFs are the host ends of the DPU's representor pairs.
 */
public final class DemoSetups {
    public static final String DEFAULT_MODEL = "yusur-conflux-2200e";

    private static final List<DemoSetup> SETUPS = List.of(
            new DemoSetup("yusur-conflux-2200e", "yusur-kube-ovn", "yusur-kube-ovn"),
            new DemoSetup("corigine-agilio-cx", "corigine-kube-ovn", "corigine-kube-ovn"),
            new DemoSetup("yunsilicon-metascale", "yunsilicon-kube-ovn", "yunsilicon-kube-ovn"),
            new DemoSetup("mellanox-connectx5", "mellanox-antrea", "mellanox-antrea"),
            new DemoSetup("nvidia-bluefield2-dpu", "bluefield2-ovn-kubernetes", "bluefield2-dpu"));

    private DemoSetups() {
    }

    public static List<DemoSetup> all() {
        return SETUPS;
    }

    public static List<String> models() {
        return SETUPS.stream().map(DemoSetup::model).toList();
    }

    /** The setup of {@code model}; an unknown model is an error that lists the ones there are. */
    public static DemoSetup of(String model) {
        if ("nvidia-bluefield2-host".equals(model)) {
            throw new IllegalArgumentException("--model nvidia-bluefield2-host: the BlueField-2's x86 host runs no OVS"
                    + " (OVN-Kubernetes dpu-host mode); the demo emulates the DPU, whose representors carry the host's"
                    + " VFs: use --model nvidia-bluefield2-dpu");
        }
        return SETUPS.stream().filter(s -> s.model().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--model " + model + ": the demo knows the reference"
                        + " setups' models: " + String.join(", ", models())));
    }

    /** Every document of the setup's example policy file, as bundled with hwoffload. */
    public static List<OffloadPolicy> policies(DemoSetup setup) {
        String resource = "policies/" + setup.policyFile() + ".yaml";
        try (InputStream in = DemoSetups.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the example policy " + resource + " is missing from the jar");
            }
            return PolicyReader.read(in.readAllBytes(), "examples/policies/" + setup.policyFile() + ".yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document that selects the setup's node. */
    public static OffloadPolicy nodePolicy(DemoSetup setup) {
        List<OffloadPolicy> policies = policies(setup);
        return policies.stream().filter(p -> p.name().equals(setup.policyName())).findFirst()
                .orElseThrow(() -> new IllegalStateException(setup.policyFile() + " has no policy " + setup.policyName()
                        + ", only " + policies.stream().map(OffloadPolicy::name).collect(Collectors.joining(", "))));
    }
}
