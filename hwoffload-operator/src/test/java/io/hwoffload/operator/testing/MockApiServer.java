package io.hwoffload.operator.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TEST CODE ONLY, for {@code dev/image-test}: a {@link MockCluster} (fabric8's mock API server in CRUD mode, with
 * hwoffload's CRDs) on loopback, its kubeconfig written to the file given, running until stdin closes. Lets the image
 * run its agent against an API server on a machine that has none. Nothing of it ships.
 */
public final class MockApiServer {
    private MockApiServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: MockApiServer KUBECONFIG_FILE");
            System.exit(2);
        }
        try (MockCluster cluster = MockCluster.start()) {
            URI server = URI.create(cluster.client().getMasterUrl().toString());
            String url = "http://127.0.0.1:" + server.getPort();
            Files.writeString(Path.of(args[0]), String.join("\n",
                    "apiVersion: v1",
                    "kind: Config",
                    "clusters: [{name: mock, cluster: {server: \"" + url + "\"}}]",
                    "users: [{name: mock, user: {token: mock}}]",
                    "contexts: [{name: mock, context: {cluster: mock, user: mock}}]",
                    "current-context: mock", ""), StandardCharsets.UTF_8);
            System.out.println("mock API server at " + url);
            System.out.flush();
            while (System.in.read() >= 0) {
                // until whoever started it closes our stdin
            }
        }
    }
}
