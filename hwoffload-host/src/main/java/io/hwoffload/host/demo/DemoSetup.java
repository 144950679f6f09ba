package io.hwoffload.host.demo;

/**
 * One reference setup the demo can emulate: the nicsim model of the node where OVS runs, the example policy
 * file ({@code examples/policies/<policyFile>.yaml}) and the document in it that selects this node.
 */
public record DemoSetup(String model, String policyFile, String policyName) {
}
