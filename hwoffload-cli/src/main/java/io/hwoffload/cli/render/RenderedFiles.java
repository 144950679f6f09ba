package io.hwoffload.cli.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.render.CniSettingsFile;
import io.hwoffload.core.render.NodeLabel;
import io.hwoffload.core.render.RenderedCluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The files of a rendered cluster: one manifest per Kubernetes object, named
 * {@code <kind>-<namespace>-<name>.yaml}, the CNI settings files, and {@code node-labels.txt}.
 */
final class RenderedFiles {
    static final String NODE_LABELS = "node-labels.txt";

    private RenderedFiles() {
    }

    static List<RenderedFile> of(RenderedCluster cluster, List<OffloadPolicy> policies) {
        List<RenderedFile> files = new ArrayList<>();
        if (cluster.devicePluginConfig() != null) {
            files.add(manifest(cluster.devicePluginConfig(), "the SR-IOV device plugin's resource pools"));
        }
        cluster.networkAttachments().forEach(nad -> files.add(manifest(nad, "the network pods select, with its VF pool")));
        cluster.examplePods().forEach(pod -> files.add(manifest(pod, "a pod on that network with one VF")));
        for (CniSettingsFile settings : cluster.cniSettings()) {
            files.add(new RenderedFile(settings.fileName(), settings.description(), settings.content()));
        }
        files.add(new RenderedFile(NODE_LABELS, "kubectl commands that label the nodes each policy selects",
                nodeLabelCommands(cluster.nodeLabels(), policies)));
        return files;
    }

    private static RenderedFile manifest(HasMetadata object, String what) {
        String namespaced = object.getMetadata().getNamespace() + "-" + object.getMetadata().getName();
        return new RenderedFile(object.getKind().toLowerCase(Locale.ROOT) + "-" + namespaced + ".yaml",
                object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName()
                        + ": " + what, KubernetesYaml.write(object));
    }

    /**
     * One {@code kubectl label nodes} per label, selecting the policy's nodes by its nodeSelector (every node
     * when it has none). The policy reader has limited keys and values to label characters, so no quoting.
     */
    private static String nodeLabelCommands(List<NodeLabel> labels, List<OffloadPolicy> policies) {
        // The renderer has refused policies of one name, so names are keys.
        Map<String, OffloadPolicy> byName = policies.stream().collect(Collectors.toMap(OffloadPolicy::name, Function.identity()));
        StringBuilder commands = new StringBuilder();
        for (NodeLabel label : labels) {
            Map<String, String> selector = byName.get(label.policyName()).nodeSelector();
            String nodes = selector.isEmpty() ? "--all" : "-l " + selector.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            commands.append("kubectl label nodes ").append(nodes).append(' ')
                    .append(label.key()).append('=').append(label.value()).append('\n');
        }
        return commands.toString();
    }
}
