package io.hwoffload.operator.agent;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hwoffload.operator.crd.NodeStateSpec;
import io.hwoffload.operator.crd.NodeStateStatus;
import io.hwoffload.operator.crd.OffloadNodeStateResource;

import java.net.HttpURLConnection;

/** OffloadNodeStates in the mock API server, written as the operator would and read as the tests check them. */
final class NodeStates {
    private NodeStates() {
    }

    static OffloadNodeStateResource createNodeState(KubernetesClient client, String nodeName, NodeStateSpec spec) {
        OffloadNodeStateResource state = new OffloadNodeStateResource();
        state.setMetadata(new ObjectMetaBuilder().withName(nodeName).build());
        state.setSpec(spec);
        return client.resources(OffloadNodeStateResource.class).resource(state).create();
    }

    /** As the operator would: on the latest version, again when the agent's status write came first (409). */
    static OffloadNodeStateResource replaceSpec(KubernetesClient client, String nodeName, NodeStateSpec spec) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resources(OffloadNodeStateResource.class).withName(nodeName).edit(s -> {
                    s.setSpec(spec);
                    return s;
                });
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    static OffloadNodeStateResource get(KubernetesClient client, String nodeName) {
        return client.resources(OffloadNodeStateResource.class).withName(nodeName).get();
    }

    static NodeStateStatus status(KubernetesClient client, String nodeName) {
        OffloadNodeStateResource state = get(client, nodeName);
        return state == null ? null : state.getStatus();
    }
}
