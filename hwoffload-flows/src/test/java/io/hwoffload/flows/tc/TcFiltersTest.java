package io.hwoffload.flows.tc;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code tc -s -j filter show} as iproute2 6.x prints it (tc/tc_filter.c: protocol, pref, kind, chain, options;
 * tc/f_flower.c: in_hw, in_hw_count, not_in_hw; tc/m_action.c: stats and cookie; tc/tc_util.c: sw_/hw_ counters),
 * written here from those sources.
 */
class TcFiltersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** ufid words print as UUID_FMT; the cookie is their bytes in memory, each 32-bit word little-endian. */
    @Test
    void aUfidsCookieIsItsWordsInMemoryOrder() {
        assertThat(TcFilters.cookieOf("0452c0df-7203-4812-aa56-38dbf69f59e5")).contains("dfc0520412480372db3856aae5599ff6");
        assertThat(TcFilters.cookieOf("not-a-ufid")).isEmpty();
        assertThat(TcFilters.cookieOf(null)).isEmpty();
    }

    @Test
    void filtersAreReadWithTheirHardwareStateAndCounters() throws Exception {
        TcFilters filters = new TcFilters();
        filters.add(JSON.readTree("""
                [{"protocol":"ip","pref":2,"kind":"flower","chain":0},
                 {"protocol":"ip","pref":2,"kind":"flower","chain":0,"options":{"handle":1,
                   "keys":{"eth_type":"ipv4","ip_proto":"tcp"},"in_hw":true,"in_hw_count":1,
                   "actions":[{"order":1,"kind":"ct","action":"pipe","index":3,"ref":1,"bind":1,
                     "stats":{"bytes":9100,"packets":100,"sw_bytes":2730,"sw_packets":30,"hw_bytes":6370,"hw_packets":70,
                              "drops":0,"overlimits":0,"requeues":0,"backlog":0,"qlen":0},
                     "cookie":"dfc0520412480372db3856aae5599ff6"},
                    {"order":2,"kind":"gact","control_action":{"type":"goto","chain":2}}]}},
                 {"protocol":"ip","pref":2,"kind":"flower","chain":0,"options":{"handle":2,"not_in_hw":true,
                   "actions":[{"order":1,"kind":"mirred","stats":{"bytes":60,"packets":1},"cookie":"00112233445566778899aabbccddeeff"}]}}]
                """));

        var joined = filters.claim("0452c0df-7203-4812-aa56-38dbf69f59e5").orElseThrow();
        assertThat(joined.inHw()).isTrue();
        assertThat(joined.inHwCount()).isEqualTo(1);
        assertThat(joined.softwareShare()).contains(0.3);
        assertThat(filters.size()).isEqualTo(2);
        assertThat(filters.unclaimed()).as("a filter whose cookie matches no flow").containsExactly("00112233445566778899aabbccddeeff");
        assertThat(filters.claim("11111111-0000-0000-0000-000000000001")).as("a flow with no filter").isEmpty();
        assertThat(filters.flowsWithFilter()).isEqualTo(1);
        assertThat(filters.flowsWithoutFilter()).isEqualTo(1);
        assertThatThrownBy(() -> filters.add(JSON.readTree("{\"not\":\"an array\"}"))).hasMessageContaining("no JSON array");
    }
}
