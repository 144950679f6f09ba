package io.hwoffload.core.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kube-OVN install settings for offload: {@code IFACE} (the NIC with the node IP), {@code ENABLE_LB}
 * (off when the NIC cannot offload dp_hash), and, for Yunsilicon's OVS-DPDK fork, the values of
 * {@code /opt/ovs-config/ovs-dpdk-config} in the order given.
 */
public record KubeOvnOptions(String iface, boolean enableLb, Map<String, String> ovsDpdkConfig) {

    public KubeOvnOptions {
        ovsDpdkConfig = Collections.unmodifiableMap(new LinkedHashMap<>(ovsDpdkConfig));
    }
}
