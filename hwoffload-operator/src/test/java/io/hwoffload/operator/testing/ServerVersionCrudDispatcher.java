package io.hwoffload.operator.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;

import java.util.List;

/**
 * TEST CODE ONLY: the fabric8 mock API server in CRUD mode has no {@code /version}; this answers it as an API server
 * of Kubernetes {@code major.minor} does ({@code {"major": "1", "minor": "29", "gitVersion": "v1.29.0"}}). Nothing of
 * it ships.
 */
public final class ServerVersionCrudDispatcher extends KubernetesCrudDispatcher {
    private final String major;
    private final String minor;

    public ServerVersionCrudDispatcher(String major, String minor) {
        super(List.of());
        this.major = major;
        this.minor = minor;
    }

    @Override
    public MockResponse handleGet(String path) {
        if (!path.equals("/version") && !path.startsWith("/version?")) {
            return super.handleGet(path);
        }
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody("{\"major\":\"" + major + "\",\"minor\":\"" + minor + "\",\"gitVersion\":\"v" + major + "."
                        + minor.replace("+", "") + ".0\"}");
    }
}
