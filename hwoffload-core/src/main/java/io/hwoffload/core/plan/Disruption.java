package io.hwoffload.core.plan;

/** What a step does to a running node beyond its own change; hwoffload reports these and never does them itself. */
public enum Disruption {
    NONE(""),
    /** The step removes VFs that exist now: pods using them lose their interface. */
    NODE_DRAIN("drain the node first: this removes VFs that pods may be using (kubectl drain NODE --ignore-daemonsets)"),
    /** OVS reads the setting at start: it takes effect when ovs-vswitchd restarts. */
    VSWITCHD_RESTART("takes effect when ovs-vswitchd restarts (systemctl restart openvswitch-switch); hwoffload does not restart it");

    private final String advice;

    Disruption(String advice) {
        this.advice = advice;
    }

    public String advice() {
        return advice;
    }
}
