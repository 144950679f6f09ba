package io.hwoffload.core.render;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.core.policy.OffloadPolicy;
import io.hwoffload.core.policy.PolicyReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Policies written as YAML in the tests, rendered with the bundled catalog. */
final class TestPolicies {
    static final ClusterRenderer RENDERER = new ClusterRenderer(NicCatalog.bundled());

    private TestPolicies() {
    }

    /** One policy: {@code spec} is the body under {@code spec:}, indented by two spaces. */
    static String policy(String name, String spec) {
        return "apiVersion: hwoffload.io/v1alpha1\nkind: OffloadPolicy\nmetadata: {name: " + name + "}\nspec:\n" + spec;
    }

    /** The policies of several documents, each read as its own file (as {@code render -f A -f B} does). */
    static List<OffloadPolicy> read(String... documents) {
        List<OffloadPolicy> policies = new ArrayList<>();
        for (String document : documents) {
            policies.addAll(PolicyReader.read(document.getBytes(StandardCharsets.UTF_8), "test.yaml"));
        }
        return policies;
    }

    static RenderedCluster render(String... documents) {
        return RENDERER.render(read(documents));
    }

    static List<RenderProblem> problems(String... documents) {
        Throwable thrown = catchThrowable(() -> render(documents));
        assertThat(thrown).as("rendering these policies should fail").isInstanceOf(RenderException.class);
        return ((RenderException) thrown).problems();
    }

    /** A ConnectX-5 with a pool of VFs {@code vfRange} of 4, on PF {@code pf}, attached through Antrea. */
    static String connectX5(String name, String pf, String pool, String vfRange) {
        return policy(name, """
                  nicSelector: {vendor: "15b3", deviceID: "1017", pfNames: [%s]}
                  numVfs: 4
                  resourcePools:
                    - {resourcePrefix: mellanox.com, resourceName: %s, vfRange: %s}
                  cni: {type: antrea}
                """.formatted(pf, pool, vfRange));
    }
}
