package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.Node;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyException;
import io.hwoffload.core.render.ClusterRenderer;
import io.hwoffload.core.render.NodeLabel;
import io.hwoffload.core.render.RenderException;
import io.hwoffload.core.render.RenderProblem;
import io.hwoffload.core.render.RenderedCluster;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateSpec.AssignedPolicy;
import io.hwoffload.operator.crd.OffloadPolicyResource;
import io.hwoffload.operator.crd.PolicySpec;
import io.hwoffload.operator.crd.PolicySpecs;
import io.hwoffload.operator.crd.PolicyStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides, from all policies and all nodes, what the cluster should hold. Pure: the same input gives the
 * same result, and nothing here reads or writes the cluster.
 *
 * <p>A policy whose current spec fails validation, or conflicts with the others when rendered, falls back to
 * the spec it was last accepted with, so a bad edit never tears down a working setup; a policy never accepted
 * contributes nothing.
 */
public final class ClusterResolver {
    /** Marks every node a policy selects; the agent and kubectl users can select on it. */
    public static final String POLICY_LABEL_PREFIX = "policy.hwoffload.io/";
    private static final Pattern POLICY_IN_PROBLEM = Pattern.compile("policies\\[([^\\]]+)\\]");

    private final ClusterRenderer renderer;

    public ClusterResolver(NicCatalog catalog) {
        this.renderer = new ClusterRenderer(catalog);
    }

    public ClusterResolution resolve(List<OffloadPolicyResource> policies, List<Node> nodes) {
        List<OffloadPolicyResource> sorted = policies.stream()
                .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (OffloadPolicyResource policy : sorted) {
            candidates.put(policy.getMetadata().getName(), Candidate.of(policy));
        }
        RenderedCluster rendered = renderWithFallbacks(candidates);

        Map<String, PolicyVerdict> verdicts = new LinkedHashMap<>();
        Map<String, List<AssignedPolicy>> assigned = new TreeMap<>();
        Map<String, Map<String, String>> labels = new TreeMap<>();
        for (Candidate candidate : candidates.values()) {
            List<String> matched = new ArrayList<>();
            if (candidate.spec != null) {
                for (Node node : nodes) {
                    if (selects(candidate.spec.nodeSelector(), node)) {
                        String nodeName = node.getMetadata().getName();
                        matched.add(nodeName);
                        assigned.computeIfAbsent(nodeName, n -> new ArrayList<>())
                                .add(new AssignedPolicy(candidate.name, candidate.generation, candidate.spec));
                        Map<String, String> nodeLabels = labels.computeIfAbsent(nodeName, n -> new TreeMap<>());
                        nodeLabels.put(POLICY_LABEL_PREFIX + candidate.name, "");
                        for (NodeLabel label : rendered.nodeLabels()) {
                            if (label.policyName().equals(candidate.name)) {
                                nodeLabels.put(label.key(), label.value());
                            }
                        }
                    }
                }
            }
            matched.sort(null);
            verdicts.put(candidate.name, new PolicyVerdict(candidate.name, candidate.spec, candidate.generation,
                    candidate.problems, matched));
        }
        Map<String, NodeStateSpec> nodeStates = new TreeMap<>();
        assigned.forEach((node, list) -> nodeStates.put(node, new NodeStateSpec(node, list)));
        return new ClusterResolution(verdicts, rendered.devicePluginConfig(), rendered.networkAttachments(),
                nodeStates, labels, Map.of());
    }

    /**
     * Renders the accepted specs; a policy named by a render problem falls back to its last accepted spec,
     * then drops out. Each round removes or downgrades at least one policy, so this ends.
     */
    private RenderedCluster renderWithFallbacks(Map<String, Candidate> candidates) {
        while (true) {
            List<OffloadPolicy> accepted = candidates.values().stream()
                    .filter(c -> c.policy != null).map(c -> c.policy).toList();
            try {
                return renderer.render(accepted);
            } catch (RenderException e) {
                List<String> problems = e.problems().stream().map(RenderProblem::toString).toList();
                Map<Candidate, List<String>> blamed = new LinkedHashMap<>();
                for (String problem : problems) {
                    Matcher m = POLICY_IN_PROBLEM.matcher(problem);
                    while (m.find()) {
                        Candidate candidate = candidates.get(m.group(1));
                        if (candidate != null && candidate.policy != null) {
                            blamed.computeIfAbsent(candidate, c -> new ArrayList<>()).add(problem);
                        }
                    }
                }
                if (blamed.isEmpty()) {
                    // A problem that names no policy cannot be pinned on one: nothing is accepted this round.
                    candidates.values().forEach(c -> c.rejectAll(problems));
                    continue;
                }
                // In a conflict the policy that changed gives way, so a new policy cannot evict a working one.
                List<Candidate> changed = blamed.keySet().stream().filter(Candidate::isChange).toList();
                (changed.isEmpty() ? blamed.keySet() : changed).forEach(c -> c.reject(blamed.get(c)));
            }
        }
    }

    static boolean selects(Map<String, String> nodeSelector, Node node) {
        Map<String, String> labels = Optional.ofNullable(node.getMetadata().getLabels()).orElse(Map.of());
        return nodeSelector == null || nodeSelector.entrySet().stream()
                .allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    /** One policy's candidate spec for this round and why earlier ones were turned down. */
    private static final class Candidate {
        final String name;
        final long currentGeneration;
        final PolicyStatus status;
        final List<String> problems = new ArrayList<>();
        PolicySpec spec;
        Long generation;
        OffloadPolicy policy;
        boolean onCurrentSpec;

        private Candidate(String name, long currentGeneration, PolicyStatus status) {
            this.name = name;
            this.currentGeneration = currentGeneration;
            this.status = status;
        }

        static Candidate of(OffloadPolicyResource resource) {
            Long generation = resource.getMetadata().getGeneration();
            Candidate candidate = new Candidate(resource.getMetadata().getName(), generation == null ? 0 : generation,
                    resource.getStatus());
            try {
                candidate.use(resource.getSpec(), candidate.currentGeneration);
                candidate.onCurrentSpec = true;
            } catch (PolicyException e) {
                candidate.problems.addAll(e.problems());
                candidate.fallBack();
            }
            return candidate;
        }

        /** On a spec it was not yet accepted with: a new policy, or an edit. */
        boolean isChange() {
            return onCurrentSpec && (status == null || !spec.equals(status.acceptedSpec()));
        }

        void reject(List<String> renderProblems) {
            problems.addAll(renderProblems);
            if (onCurrentSpec) {
                onCurrentSpec = false;
                fallBack();
            } else {
                drop();
            }
        }

        void rejectAll(List<String> renderProblems) {
            if (policy != null) {
                problems.addAll(renderProblems);
                drop();
            }
        }

        private void use(PolicySpec candidateSpec, long candidateGeneration) {
            if (candidateSpec == null) {
                throw new PolicyException(name, List.of("spec: missing; an OffloadPolicy needs at least spec.nicSelector"));
            }
            policy = PolicySpecs.toPolicy(name, candidateSpec);
            spec = candidateSpec;
            generation = candidateGeneration;
        }

        private void fallBack() {
            if (status != null && status.acceptedSpec() != null && !status.acceptedSpec().equals(spec)) {
                try {
                    use(status.acceptedSpec(), Optional.ofNullable(status.acceptedGeneration()).orElse(0L));
                    return;
                } catch (PolicyException e) {
                    // The stored spec no longer passes (a newer catalog or validator): it cannot be kept either.
                }
            }
            drop();
        }

        private void drop() {
            policy = null;
            spec = null;
            generation = null;
        }
    }
}
