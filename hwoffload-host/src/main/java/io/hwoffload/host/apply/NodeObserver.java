package io.hwoffload.host.apply;

import io.hwoffload.core.plan.ObservedNode;

/** Looks at the node afresh: discovery, and OVSDB when the plan touches OVS. */
@FunctionalInterface
public interface NodeObserver {
    ObservedNode observe();
}
