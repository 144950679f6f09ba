package io.hwoffload.cli.render;

import io.hwoffload.cli.CatalogOption;
import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.PolicyFiles;
import io.hwoffload.cli.TextTable;
import io.hwoffload.cli.UserInputException;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.render.ClusterRenderer;
import io.hwoffload.core.render.RenderException;
import io.hwoffload.core.render.RenderedCluster;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "render",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Write every Kubernetes object and CNI setting the policies imply, checked against each other,"
                        + " into a directory:",
                "",
                "  configmap-kube-system-sriovdp-config.yaml",
                "      the SR-IOV device plugin's pools, all policies' pools merged",
                "  networkattachmentdefinition-<namespace>-<name>.yaml",
                "      per spec.cni.networkAttachment: CNI config and the pool Multus asks for",
                "  pod-default-<policy>-example.yaml",
                "      a pod on that network with one VF",
                "  kube-ovn-install.env",
                "      Kube-OVN install.sh variables: HW_OFFLOAD, ENABLE_LB, IFACE",
                "  kube-ovn-values.yaml, kube-ovn-v2-values.yaml",
                "      the same as Helm values of Kube-OVN's charts kube-ovn and kube-ovn-v2",
                "  ovs-dpdk-config",
                "      Yunsilicon's /opt/ovs-config/ovs-dpdk-config",
                "  antrea-values.yaml",
                "      Antrea Helm values: ovs.hwOffload runs start_ovs --hw-offload",
                "  ovnkube-node-<policy>.env",
                "      OVNKUBE_NODE_MODE and the management port (netdev, resource) for ovnkube-node",
                "  ovn-kubernetes-dpu-host-values.yaml, ovn-kubernetes-dpu-values.yaml",
                "      OVN-Kubernetes Helm values of a DPU setup's two clusters",
                "  node-labels.txt",
                "      kubectl label commands for the nodes each policy selects",
                "",
                "A CNI settings file that several policies would write gets a -<policy> suffix.",
                "",
                "Everything is rendered and checked in memory first. A bad policy, or policies that do not fit the"
                        + " catalog or each other (an unknown NIC, a NAD resource the device plugin does not advertise,"
                        + " a Kube-OVN provider that does not name its NAD, ENABLE_LB on a NIC that cannot offload"
                        + " dp_hash, OVN-K's management VF in a pool, two policies claiming the same VFs of a PF), is"
                        + " exit 2 with every problem and its fix, and nothing is written. Files of the same name in"
                        + " DIR are replaced; other files are left alone.",
                ""},
        footer = {"",
                "Examples:",
                "  hwoffload render -f examples/policies/mellanox-antrea.yaml -o out/",
                "  hwoffload render -f rack-a.yaml -f rack-b.yaml --catalog my-nics.yaml -o out/",
                "  kubectl apply -f out/configmap-kube-system-sriovdp-config.yaml",
                "  helm install antrea antrea/antrea -n kube-system -f out/antrea-values.yaml"})
public final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--policy"}, paramLabel = "POLICY", required = true,
            description = "OffloadPolicy YAML file (examples/policies/*.yaml); repeat for several. All are rendered"
                    + " together: the cluster has one device plugin ConfigMap.")
    List<Path> policyFiles;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR", required = true,
            description = "Directory to write into; created if missing.")
    Path outputDirectory;

    @Mixin
    CatalogOption catalogOption;

    @Override
    public Integer call() {
        if (Files.exists(outputDirectory) && !Files.isDirectory(outputDirectory)) {
            throw new UserInputException("-o " + outputDirectory + ": exists and is not a directory; give a directory"
                    + " (it is created if missing)");
        }
        NicCatalog catalog = catalogOption.catalog();
        List<OffloadPolicy> policies = PolicyFiles.readAll(policyFiles);
        RenderedCluster cluster;
        try {
            cluster = new ClusterRenderer(catalog).render(policies);
        } catch (RenderException e) {
            throw new UserInputException(e.getMessage());
        }
        List<RenderedFile> files = RenderedFiles.of(cluster, policies);
        write(files);
        print(files);
        return 0;
    }

    private void write(List<RenderedFile> files) {
        try {
            Files.createDirectories(outputDirectory);
            for (RenderedFile file : files) {
                Files.writeString(outputDirectory.resolve(file.name()), file.content());
            }
        } catch (IOException e) {
            throw new CommandFailedException("-o " + outputDirectory + ": cannot write (" + e + ")", e);
        }
    }

    private void print(List<RenderedFile> files) {
        TextTable table = new TextTable("FILE", "WHAT");
        files.forEach(file -> table.row(outputDirectory.resolve(file.name()), file.description()));
        PrintWriter out = spec.commandLine().getOut();
        table.print(out, "");
        out.flush();
    }
}
