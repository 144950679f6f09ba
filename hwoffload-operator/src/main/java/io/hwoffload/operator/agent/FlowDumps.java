package io.hwoffload.operator.agent;

import io.hwoffload.host.ovs.JsonRpcException;

import java.io.IOException;

/** Where the agent's datapath flows come from: the local ovs-vswitchd ({@link VswitchdFlowDumps}) in a node. */
public interface FlowDumps {

    /** The text of {@code dpctl/dump-flows -m}; fails when ovs-vswitchd cannot be asked. */
    String dump() throws IOException, JsonRpcException;

    /** Which ovs-vswitchd, for log lines. */
    String description();
}
