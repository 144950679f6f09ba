package io.hwoffload.host.ovs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A sandbox whose setup fails halfway leaves nothing behind: no namespace, link, process or file. */
@Timeout(60)
class OvsSandboxCleanupTest {

    @ParameterizedTest
    @ValueSource(strings = {"namespaces", "ovsdb-server", "ovs-vswitchd", "bridge", "pod 1", "pod 2"})
    void setupFailingAfterAStepLeavesNothingBehind(String failAfter) throws Exception {
        HostFootprint before = HostFootprint.take();

        assertThatThrownBy(() -> OvsSandbox.start(2, step -> {
            if (step.equals(failAfter)) {
                throw new IllegalStateException("injected failure after " + step);
            }
        })).hasMessage("injected failure after " + failAfter);

        HostFootprint.take().assertNothingLeftSince(before);
    }
}
