package io.hwoffload.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * One per node, named after it. The operator writes the spec (the accepted policies that select the node);
 * the node's agent writes the status (inventory, resolved desired config, applied steps, offload coverage).
 */
@Group(OffloadPolicyResource.GROUP)
@Version(OffloadPolicyResource.VERSION)
@Kind("OffloadNodeState")
@Plural("offloadnodestates")
@Singular("offloadnodestate")
@ShortNames("onst")
@AdditionalPrinterColumn(name = "Policies", jsonPath = ".spec.policies[*].name")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "VFs", jsonPath = ".status.vfsConfigured", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Offloaded", jsonPath = ".status.coverage.offloadedPacketRatio")
@AdditionalPrinterColumn(name = "Rollout", jsonPath = ".status.rollout.phase")
@AdditionalPrinterColumn(name = "Error", jsonPath = ".status.lastError", priority = 1)
public class OffloadNodeStateResource extends CustomResource<NodeStateSpec, NodeStateStatus> {
}
