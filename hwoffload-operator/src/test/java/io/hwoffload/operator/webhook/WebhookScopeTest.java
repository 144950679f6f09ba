package io.hwoffload.operator.webhook;

import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The matchCondition evaluated by cel-java, against pods as the API server hands them to it ({@code object}). */
class WebhookScopeTest {
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS).addVar("object", SimpleType.DYN).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final String OURS = WebhookScope.matchExpression(List.of("cx5-offload", "default"));

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "k8s.v1.cni.cncf.io/networks      | cx5-offload                                        | true",
            "k8s.v1.cni.cncf.io/networks      | kube-system/cx5-offload@eth1                       | true",
            "k8s.v1.cni.cncf.io/networks      | macvlan-conf,cx5-offload                           | true",
            "k8s.v1.cni.cncf.io/networks      | '[{\"name\":\"cx5-offload\",\"namespace\":\"a\"}]' | true",
            "v1.multus-cni.io/default-network | kube-system/default                                | true",
            "k8s.v1.cni.cncf.io/networks      | macvlan-conf                                       | false",
            "k8s.v1.cni.cncf.io/networks      | cx5-offload-2                                      | false",
            "k8s.v1.cni.cncf.io/networks      | my-cx5-offload                                     | false",
            "k8s.v1.cni.cncf.io/networks      | '[{\"name\":\"macvlan\"}]'                         | false",
            "example.com/unrelated            | cx5-offload                                        | false"})
    void onlyPodsThatNameARenderedNetworkReachTheWebhook(String annotation, String value, boolean reaches) throws Exception {
        assertThat(evaluate(OURS, Map.of("metadata", Map.of("annotations", Map.of(annotation, value))))).isEqualTo(reaches);
    }

    @Test
    void aPodWithoutAnnotationsAndAClusterWithoutNetworksPassNothing() throws Exception {
        assertThat(evaluate(OURS, Map.of("metadata", Map.of("name", "plain")))).isEqualTo(false);
        assertThat(evaluate(WebhookScope.matchExpression(List.of()),
                Map.of("metadata", Map.of("annotations", Map.of("k8s.v1.cni.cncf.io/networks", "cx5-offload"))))).isEqualTo(false);
    }

    @Test
    void onlyDnsLabelsGoIntoTheExpression() {
        assertThatThrownBy(() -> WebhookScope.matchExpression(List.of("a')||true||('")))
                .hasMessageContaining("is not a DNS-1123 label");
    }

    private static Object evaluate(String expression, Map<String, Object> pod) throws Exception {
        CelRuntime.Program program = RUNTIME.createProgram(COMPILER.compile(expression).getAst());
        return program.eval(Map.of("object", pod));
    }
}
