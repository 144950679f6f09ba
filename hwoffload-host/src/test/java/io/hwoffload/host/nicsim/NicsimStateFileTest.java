package io.hwoffload.host.nicsim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hwoffload.host.HostException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Names in state.json reach ip's argv and /run/netns: a damaged or hand-edited file is refused, not obeyed. */
class NicsimStateFileTest {
    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"-all", "../etc", "a b", ""})
    void namespaceNamesThatCouldSteerIpAreRefused(String namespace) throws Exception {
        Path root = temp.resolve("node");
        NicsimTreeBuilder.bundled().create(root, "mellanox-connectx5", NicsimBoot.DEFAULTS, false);
        ObjectMapper json = new ObjectMapper();
        ObjectNode state = (ObjectNode) json.readTree(NicsimStateFile.path(root).toFile());
        ObjectNode real = state.putObject("realNetdevs");
        real.put("nodeNamespace", "nicsim-0000abcd");
        real.putArray("namespaces").add(namespace);
        real.putArray("pairs");
        json.writeValue(NicsimStateFile.path(root).toFile(), state);

        assertThatThrownBy(() -> NicsimTrees.destroy(root)).isInstanceOf(HostException.class)
                .hasMessageContaining("is damaged").hasMessageContaining("network namespace name");
    }
}
