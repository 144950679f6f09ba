package io.hwoffload.operator.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST CODE ONLY: the fabric8 mock API server in CRUD mode has no Eviction API, so this adds
 * {@code POST /api/v1/namespaces/<ns>/pods/<name>/eviction} as the API server serves it: the pod is deleted unless a
 * PodDisruptionBudget (policy/v1, {@code minAvailable} as a number, {@code matchLabels}) selecting it would have
 * fewer pods than it wants afterwards, which is answered 429 Too Many Requests. And the mock matches field selectors
 * only on metadata.name and metadata.namespace, so a pod list with {@code fieldSelector=spec.nodeName=<node>} (what a
 * drain asks, and what the API server serves) is filtered here. Nothing of it ships.
 */
public final class EvictingCrudDispatcher extends KubernetesCrudDispatcher {
    private static final Pattern NODE_NAME_SELECTOR = Pattern.compile("fieldSelector=spec\\.nodeName(%3D|=)([^&]*)");
    private static final Pattern EVICTION = Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/?]+)/eviction(\\?.*)?$");

    private final KubernetesSerialization json = new KubernetesSerialization();
    private final AtomicInteger evicted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    public EvictingCrudDispatcher() {
        super(List.of());
    }

    /** Evictions done so far. */
    public int evicted() {
        return evicted.get();
    }

    /** Evictions a budget refused (429) so far. */
    public int refused() {
        return refused.get();
    }

    @Override
    public MockResponse handleGet(String path) {
        Matcher selector = NODE_NAME_SELECTOR.matcher(path);
        if (!path.contains("/pods?") || !selector.find()) {
            return super.handleGet(path);
        }
        String node = URLDecoder.decode(selector.group(2), StandardCharsets.UTF_8);
        String rest = selector.replaceFirst("").replace("?&", "?").replaceAll("[?&]$", "");
        MockResponse all = super.handleGet(rest);
        if (all.code() != 200) {
            return all;
        }
        PodList pods = json.unmarshal(all.getBody().readUtf8(), PodList.class);
        pods.setItems(pods.getItems().stream().filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName()))
                .toList());
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(json.asJson(pods));
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        Matcher eviction = EVICTION.matcher(request.getPath());
        if (!eviction.matches()) {
            return super.handleCreate(request);
        }
        return evict(eviction.group(1), eviction.group(2));
    }

    /** One at a time, as the API server serializes evictions against a budget. */
    private synchronized MockResponse evict(String namespace, String name) {
        String podPath = "/api/v1/namespaces/" + namespace + "/pods/" + name;
        MockResponse found = handleGet(podPath);
        if (found.code() != 200) {
            return status(404, "NotFound", "pods \"" + name + "\" not found");
        }
        Pod pod = json.unmarshal(found.getBody().readUtf8(), Pod.class);
        List<Pod> pods = json.unmarshal(handleGet("/api/v1/namespaces/" + namespace + "/pods").getBody().readUtf8(),
                PodList.class).getItems();
        MockResponse budgets = handleGet("/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets");
        List<PodDisruptionBudget> pdbs = budgets.code() == 200 ? json.unmarshal(budgets.getBody().readUtf8(),
                PodDisruptionBudgetList.class).getItems() : List.of();
        for (PodDisruptionBudget pdb : pdbs) {
            Map<String, String> selector = pdb.getSpec().getSelector().getMatchLabels();
            if (!selects(selector, pod)) {
                continue;
            }
            long healthy = pods.stream().filter(p -> selects(selector, p)).count();
            if (healthy - 1 < pdb.getSpec().getMinAvailable().getIntVal()) {
                refused.incrementAndGet();
                return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
            }
        }
        handleDelete(podPath);
        evicted.incrementAndGet();
        return status(201, "Success", "evicted");
    }

    private static boolean selects(Map<String, String> selector, Pod pod) {
        Map<String, String> labels = Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private MockResponse status(int code, String reason, String message) {
        String status = code < 300 ? "Success" : "Failure";
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody("{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"" + status + "\",\"reason\":\"" + reason
                        + "\",\"message\":\"" + message + "\",\"code\":" + code + "}");
    }
}
