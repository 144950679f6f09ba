package io.hwoffload.flows.report;

import io.hwoffload.flows.offload.OffloadExplainer;
import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.RuleCatalog;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OffloadAnalyzerTest {

    @Test
    void reportsTheChainsOfTheBusiestRootsFirstAndNoMoreThanFifty() {
        OffloadAnalyzer analyzer = new OffloadAnalyzer(new OffloadExplainer(RuleCatalog.builtIn(), Optional.empty()),
                OffloadStatus.UNKNOWN, 0);
        int line = 0;
        // 60 roots with one flow after each; roots 10 and 11 are equally busy
        for (int root = 0; root < 60; root++) {
            long packets = root == 11 ? 10 : root;
            String id = "0x" + Integer.toHexString(root + 1);
            analyzer.accept(++line, "recirc_id(0),in_port(1), packets:" + packets + ", bytes:1, actions:ct(zone=1),recirc(" + id + ")");
            analyzer.accept(++line, "recirc_id(" + id + "),in_port(1), packets:" + packets + ", bytes:1, actions:2");
        }
        List<OffloadReport.RecircChain> chains = analyzer.report().recircChains();
        assertThat(chains).hasSize(50);
        assertThat(chains.get(0).rootLine()).isEqualTo(119);
        assertThat(chains.get(0).lines()).containsExactly(119, 120);
        assertThat(chains.get(0).recircIds()).containsExactly("0x3c");
        assertThat(chains).map(OffloadReport.RecircChain::rootPackets).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        // of equal roots, the earlier line first; the least busy ones left out
        assertThat(chains.subList(48, 50)).map(OffloadReport.RecircChain::rootLine).containsExactly(21, 23);
    }
}
