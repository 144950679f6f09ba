package io.hwoffload.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A cluster-scoped OffloadPolicy: what nodes, NICs, pools and CNI settings offload should have. */
@Group(OffloadPolicyResource.GROUP)
@Version(OffloadPolicyResource.VERSION)
@Kind("OffloadPolicy")
@Plural("offloadpolicies")
@Singular("offloadpolicy")
@ShortNames("opol")
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status")
@AdditionalPrinterColumn(name = "Matched", jsonPath = ".status.matchedNodes", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.readyNodes", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Rollout", jsonPath = ".status.rollout.summary")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class OffloadPolicyResource extends CustomResource<PolicySpec, PolicyStatus> {
    public static final String GROUP = "hwoffload.io";
    public static final String VERSION = "v1alpha1";
}
