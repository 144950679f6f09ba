package io.hwoffload.operator.policy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateStatus;
import io.hwoffload.operator.crd.NodeStateStatus.RolloutStatus;
import io.hwoffload.operator.crd.OffloadNodeStateResource;
import io.hwoffload.operator.crd.OffloadPolicyResource;
import io.hwoffload.operator.crd.PolicyStatus;
import io.hwoffload.operator.crd.PolicyStatus.RolloutProgress;
import io.hwoffload.operator.deviceplugin.DevicePluginMode;
import io.hwoffload.operator.webhook.WebhookScope;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles all OffloadPolicies together: the device plugin ConfigMap is one object merged from every
 * policy, and two policies must not claim the same VFs, so each reconcile resolves the whole cluster from
 * the informer caches and writes only the differences. Node label changes and agents' status reports
 * wake it; node heartbeats do not.
 */
@ControllerConfiguration(name = OffloadPolicyReconciler.NAME)
public final class OffloadPolicyReconciler implements Reconciler<OffloadPolicyResource>, Cleaner<OffloadPolicyResource> {
    public static final String NAME = "offloadpolicy";
    static final String ACCEPTED = "Accepted";
    static final String READY = "Ready";
    static final String ROLLOUT_PAUSED = "RolloutPaused";
    /** The agent's Ready reason for a node without the policy's NIC (ReadyReason in the agent). */
    static final String NOT_APPLICABLE = "NotApplicable";
    private static final int NODES_NAMED_IN_MESSAGES = 5;

    private final ClusterResolver resolver;
    private final DevicePluginMode devicePlugin;
    private final Clock clock;
    /** The writer's warnings of the last reconcile: a warning event goes out when they change, not on every pass. */
    private List<String> lastWarnings = List.of();
    private String lastWebhookWarning;
    private InformerEventSource<Node, OffloadPolicyResource> nodes;
    private InformerEventSource<OffloadNodeStateResource, OffloadPolicyResource> nodeStates;

    /** {@code devicePlugin}: whether the pools go into sriov-network-device-plugin's ConfigMap (external) or not. */
    public OffloadPolicyReconciler(NicCatalog catalog, DevicePluginMode devicePlugin, Clock clock) {
        this.resolver = new ClusterResolver(catalog);
        this.devicePlugin = devicePlugin;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, OffloadPolicyResource>> prepareEventSources(EventSourceContext<OffloadPolicyResource> context) {
        nodes = new InformerEventSource<>(InformerEventSourceConfiguration.from(Node.class, OffloadPolicyResource.class)
                .withName("nodes")
                .withSecondaryToPrimaryMapper(node -> allPolicies(context))
                .withOnUpdateFilter((updated, old) -> !Objects.equals(updated.getMetadata().getLabels(),
                        old.getMetadata().getLabels()) || !Objects.equals(unschedulable(updated), unschedulable(old)))
                .build(), context);
        nodeStates = new InformerEventSource<>(InformerEventSourceConfiguration
                .from(OffloadNodeStateResource.class, OffloadPolicyResource.class)
                .withName("nodestates")
                .withSecondaryToPrimaryMapper(state -> allPolicies(context))
                .withOnUpdateFilter((updated, old) -> !Objects.equals(readiness(updated), readiness(old))
                        || !Objects.equals(updated.getSpec(), old.getSpec()))
                .build(), context);
        // A re-applied install bundle resets the webhook's matchCondition: put the rendered networks back.
        InformerEventSource<MutatingWebhookConfiguration, OffloadPolicyResource> webhook = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(MutatingWebhookConfiguration.class, OffloadPolicyResource.class)
                        .withName("webhook")
                        .withSecondaryToPrimaryMapper(configuration -> allPolicies(context))
                        .withGenericFilter(configuration -> WebhookScope.CONFIGURATION.equals(configuration.getMetadata().getName()))
                        .build(), context);
        return List.of(nodes, nodeStates, webhook);
    }

    @Override
    public UpdateControl<OffloadPolicyResource> reconcile(OffloadPolicyResource policy, Context<OffloadPolicyResource> context) {
        ClusterResolution resolution = converge(policy, context, false);
        PolicyVerdict verdict = resolution.verdicts().get(policy.getMetadata().getName());
        PolicyStatus previous = policy.getStatus();
        PolicyStatus status = status(policy, verdict, resolution);
        if (!verdict.problems().isEmpty() && !sameAcceptance(previous, status)) {
            new ClusterScopedEvents(context.getClient(), clock).warning(policy, "InvalidSpec", String.join("; ", verdict.problems()));
        }
        if (Objects.equals(previous, status)) {
            return UpdateControl.noUpdate();
        }
        policy.setStatus(status);
        return UpdateControl.patchStatus(policy);
    }

    @Override
    public DeleteControl cleanup(OffloadPolicyResource policy, Context<OffloadPolicyResource> context) {
        converge(policy, context, true);
        return DeleteControl.defaultDelete();
    }

    /** Resolves the cluster with {@code policy} as given (or without it, when deleted) and writes the result. */
    private ClusterResolution converge(OffloadPolicyResource policy, Context<OffloadPolicyResource> context, boolean deleted) {
        String name = policy.getMetadata().getName();
        List<OffloadPolicyResource> policies = new ArrayList<>();
        context.getPrimaryCache().list()
                .filter(p -> !p.getMetadata().getName().equals(name) && p.getMetadata().getDeletionTimestamp() == null)
                .forEach(policies::add);
        if (!deleted) {
            policies.add(policy);
        }
        List<Node> nodeList = nodes.list().toList();
        List<OffloadNodeStateResource> states = nodeStates.list().toList();
        ClusterResolution resolved = resolver.resolve(policies, nodeList);
        RolloutPlanner.Plan rollout = RolloutPlanner.plan(resolved.verdicts(), resolved.nodeStates(),
                nodeViews(nodeList, states), clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        ClusterResolution resolution = resolved.withRollout(rollout.nodeStates(), rollout.progress());
        ClusterWriter writer = new ClusterWriter(context.getClient(), devicePlugin);
        writer.write(resolution, nodeList, states);
        ClusterScopedEvents events = new ClusterScopedEvents(context.getClient(), clock);
        if (!writer.changes().isEmpty()) {
            events.normal(policy, deleted ? "CleanedUp" : "Applied", String.join("; ", writer.changes()));
        }
        if (!writer.warnings().isEmpty() && !writer.warnings().equals(lastWarnings)) {
            events.warning(policy, "DevicePluginConfig", String.join("; ", writer.warnings()));
        }
        lastWarnings = writer.warnings();
        writer.webhookWarning().filter(w -> !w.equals(lastWebhookWarning))
                .ifPresent(w -> events.warning(policy, "WebhookScope", w));
        lastWebhookWarning = writer.webhookWarning().orElse(null);
        return resolution;
    }

    /** The paused node and why, from its agent's report. */
    private String pauseReason(String node) {
        return node + ": " + nodeStates.get(new ResourceID(node)).map(OffloadNodeStateResource::getStatus)
                .map(NodeStateStatus::rollout).map(RolloutStatus::message).orElse("paused");
    }

    private String pausedBecause(String node) {
        return nodeStates.get(new ResourceID(node)).map(OffloadNodeStateResource::getStatus)
                .map(NodeStateStatus::rollout).map(RolloutStatus::pausedBecause).orElse(null);
    }

    /** Each node with a node state, as the rollout planner needs it. */
    private static Map<String, RolloutPlanner.NodeView> nodeViews(List<Node> nodeList, List<OffloadNodeStateResource> states) {
        Map<String, Boolean> unschedulable = new HashMap<>();
        nodeList.forEach(n -> unschedulable.put(n.getMetadata().getName(),
                n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())));
        Map<String, RolloutPlanner.NodeView> views = new HashMap<>();
        for (OffloadNodeStateResource state : states) {
            String name = state.getMetadata().getName();
            views.put(name, new RolloutPlanner.NodeView(name, state.getSpec() == null ? null : state.getSpec().disruption(),
                    state.getStatus() == null ? null : state.getStatus().rollout(), unschedulable.getOrDefault(name, false)));
        }
        return views;
    }

    private PolicyStatus status(OffloadPolicyResource policy, PolicyVerdict verdict, ClusterResolution resolution) {
        Long generation = policy.getMetadata().getGeneration();
        PolicyStatus previous = Optional.ofNullable(policy.getStatus())
                .orElse(new PolicyStatus(null, null, null, null, null, null));
        Condition accepted = verdict.currentSpecAccepted()
                ? Conditions.of(ACCEPTED, true, "Valid", "the spec is valid and renders with the other policies", generation)
                : Conditions.of(ACCEPTED, false, "InvalidSpec", String.join("; ", verdict.problems())
                + (verdict.acceptedSpec() == null ? "; nothing of this policy is applied"
                : "; the cluster keeps generation " + verdict.acceptedGeneration()), generation);
        List<String> notReady = verdict.matchedNodes().stream()
                .filter(node -> !isReady(node, verdict, resolution.nodeStates().get(node))).toList();
        int matched = verdict.matchedNodes().size();
        Condition ready;
        if (verdict.acceptedSpec() == null) {
            ready = Conditions.of(READY, false, "NotAccepted", "no accepted spec; see the Accepted condition", generation);
        } else if (matched == 0) {
            ready = Conditions.of(READY, false, "NoMatchingNodes", "no node has the labels "
                    + Optional.ofNullable(verdict.acceptedSpec().nodeSelector()).orElse(Map.of()), generation);
        } else if (notReady.isEmpty()) {
            long notApplicable = verdict.matchedNodes().stream().filter(this::isNotApplicable).count();
            ready = Conditions.of(READY, true, "AllNodesReady", matched + " of " + matched + " nodes ready"
                    + (notApplicable == 0 ? "" : " (" + notApplicable + " without a PF the policy selects: NotApplicable)"),
                    generation);
        } else {
            ready = Conditions.of(READY, false, "NodesNotReady", (matched - notReady.size()) + " of " + matched
                    + " nodes ready; waiting for " + String.join(", ", notReady.subList(0,
                    Math.min(NODES_NAMED_IN_MESSAGES, notReady.size())))
                    + (notReady.size() > NODES_NAMED_IN_MESSAGES ? " and " + (notReady.size() - NODES_NAMED_IN_MESSAGES) + " more" : ""),
                    generation);
        }
        List<Condition> conditions = Conditions.merge(Conditions.merge(previous.conditions(), accepted, clock), ready, clock);
        RolloutProgress rollout = resolution.rollouts().get(verdict.name());
        if (rollout != null && rollout.paused() != null) {
            String because = rollout.paused().stream().map(this::pausedBecause).filter(Objects::nonNull).findFirst()
                    .orElse("DrainTimedOut");
            conditions = Conditions.merge(conditions, Conditions.of(ROLLOUT_PAUSED, true, because,
                    rollout.paused().stream().map(this::pauseReason).collect(Collectors.joining("; ")), generation), clock);
        } else if (conditions.stream().anyMatch(c -> ROLLOUT_PAUSED.equals(c.getType()))) {
            conditions = Conditions.merge(conditions, Conditions.of(ROLLOUT_PAUSED, false, "Running",
                    "no node's drain is paused", generation), clock);
        }
        return new PolicyStatus(generation, conditions, matched, matched - notReady.size(), verdict.acceptedSpec(),
                verdict.acceptedGeneration(), rollout);
    }

    /** Ready on a node: its agent reports Ready for the spec that now holds this policy's accepted generation. */
    private boolean isReady(String node, PolicyVerdict verdict, NodeStateSpec desired) {
        Optional<OffloadNodeStateResource> state = nodeStates.get(new ResourceID(node));
        if (state.isEmpty() || state.get().getStatus() == null || !Objects.equals(state.get().getSpec(), desired)) {
            return false;
        }
        NodeStateStatus status = state.get().getStatus();
        return Conditions.isTrue(status.conditions(), READY)
                && Objects.equals(status.observedGeneration(), state.get().getMetadata().getGeneration())
                && desired.policies().stream().anyMatch(p -> p.name().equals(verdict.name())
                && Objects.equals(p.generation(), verdict.acceptedGeneration()));
    }

    /** The node's agent found no PF of its policies there: ready with nothing to do, reason NotApplicable. */
    private boolean isNotApplicable(String node) {
        return nodeStates.get(new ResourceID(node)).map(OffloadNodeStateResource::getStatus)
                .flatMap(status -> Optional.ofNullable(status.conditions()))
                .flatMap(conditions -> conditions.stream().filter(c -> READY.equals(c.getType())).findFirst())
                .map(c -> NOT_APPLICABLE.equals(c.getReason())).orElse(false);
    }

    private static boolean sameAcceptance(PolicyStatus previous, PolicyStatus current) {
        return previous != null && Objects.equals(accepted(previous), accepted(current));
    }

    private static Optional<String> accepted(PolicyStatus status) {
        return Optional.ofNullable(status.conditions()).flatMap(cs -> cs.stream()
                .filter(c -> ACCEPTED.equals(c.getType())).findFirst().map(c -> c.getStatus() + c.getMessage()));
    }

    private static Boolean unschedulable(Node node) {
        return node.getSpec() == null ? null : node.getSpec().getUnschedulable();
    }

    private static Object readiness(OffloadNodeStateResource state) {
        NodeStateStatus status = state.getStatus();
        return status == null ? null : List.of(Optional.ofNullable(status.observedGeneration()).orElse(-1L),
                Conditions.isTrue(status.conditions(), READY), Optional.ofNullable(status.conditions()).orElse(List.of())
                        .stream().filter(c -> READY.equals(c.getType())).map(c -> String.valueOf(c.getReason())).toList(),
                // The rollout's slots move when an agent asks for one, pauses or is done.
                Optional.ofNullable(status.rollout()).map(r -> r.phase() + r.requestedAt()).orElse(""));
    }

    private static Set<ResourceID> allPolicies(EventSourceContext<OffloadPolicyResource> context) {
        return context.getPrimaryCache().keys().collect(Collectors.toSet());
    }
}
