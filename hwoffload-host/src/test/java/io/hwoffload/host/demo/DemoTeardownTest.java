package io.hwoffload.host.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hwoffload.core.catalog.NicCatalog;
import io.hwoffload.host.ovs.HostFootprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A demo that fails after any stage, or is stopped from another thread (Ctrl-C), leaves nothing behind. */
@Timeout(120)
class DemoTeardownTest {
    private static final DemoSetup MELLANOX = DemoSetups.of("mellanox-connectx5");

    @ParameterizedTest
    @ValueSource(strings = {"emulated NIC", "Open vSwitch", "apply policy mellanox-antrea", "OVS settings", "CNI",
            "pods", "traffic", "datapath flows"})
    void failingAfterAStageLeavesNothingBehind(String failAfter) throws Exception {
        HostFootprint before = HostFootprint.take();
        Demo demo = Demo.prepare(MELLANOX, NicCatalog.bundled());
        try {
            assertThatThrownBy(() -> demo.run(new Listener() {
                @Override
                public void finished(String stage, String outcome) {
                    if (stage.equals(failAfter)) {
                        throw new IllegalStateException("injected failure after " + stage);
                    }
                }
            })).hasMessage("injected failure after " + failAfter);
        } finally {
            demo.close();
        }
        assertThat(demo.workDirectory()).doesNotExist();
        HostFootprint.take().assertNothingLeftSince(before);
    }

    @Test
    void stoppingFromAnotherThreadUndoesEverythingAndStopsTheRun() throws Exception {
        HostFootprint before = HostFootprint.take();
        Demo demo = Demo.prepare(MELLANOX, NicCatalog.bundled());
        CompletableFuture<Void> stopped = new CompletableFuture<>();

        try {
            assertThatThrownBy(() -> demo.run(new Listener() {
                @Override
                public void started(String stage) {
                    if (stage.equals("pods")) {
                        // A shutdown hook runs on its own thread while the demo's thread carries on.
                        CompletableFuture.runAsync(demo::close).whenComplete((done, failure) -> stopped.complete(null));
                        stopped.join();
                    }
                }
            })).isInstanceOf(RuntimeException.class);
            stopped.get(30, TimeUnit.SECONDS);
        } finally {
            // Also when the run failed before the pods stage: the test leaves nothing behind either way.
            demo.close();
        }
        assertThat(Files.exists(demo.workDirectory())).isFalse();
        HostFootprint.take().assertNothingLeftSince(before);
    }

    private abstract static class Listener implements DemoListener {
        @Override
        public void started(String stage) {
        }

        @Override
        public void detail(String line) {
        }

        @Override
        public void finished(String stage, String outcome) {
        }
    }
}
