package io.hwoffload.operator.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.flows.offload.OffloadStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/grafana/hwoffload-agent-dashboard.json against a real scrape of {@link AgentMetrics}: every metric and label
 * a panel queries exists, every metric the agent exposes is on a panel, and the dashboard is one Grafana imports
 * (panels on the datasource variable, unique ids, no overlapping panels). A renamed metric or label fails here, not
 * as an empty panel in somebody's Grafana.
 */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("../deploy/grafana/hwoffload-agent-dashboard.json");
    private static final String DATASOURCE = "${datasource}";
    private static final int GRID_COLUMNS = 24;
    private static final Pattern METRIC = Pattern.compile("hwoffload_[a-z_]+");
    /** A metric's selector: {@code hwoffload_flows{node=~"$node"}}. */
    private static final Pattern SELECTOR = Pattern.compile("(hwoffload_[a-z_]+)\\{([^}]*)}");
    /** The label of one matcher in a selector: {@code node=~"..."}. */
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern BY_CLAUSE = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    /** One sample line of the text exposition: name, then its labels if any. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((hwoffload_[a-z_]+),\\s*([a-z_]+)\\)");

    private static JsonNode dashboard;
    private static Scrape scrape;

    @BeforeAll
    static void load() throws IOException {
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        scrape = Scrape.parse(scrapeWithEveryValue());
    }

    /** A converged and a failed reconcile and a coverage sample, so that no series is NaN for want of a value. */
    private static String scrapeWithEveryValue() {
        AgentMetrics metrics = new AgentMetrics("n1");
        Instant now = Instant.parse("2024-05-01T10:00:00Z");
        metrics.recordReconcile(new ReconcileOutcome(ReadyReason.CONVERGED, "converged", List.of("ip link set"),
                List.of(), null, List.of(), 8), now);
        metrics.recordReconcile(new ReconcileOutcome(ReadyReason.APPLY_FAILED, "failed", List.of(), List.of(),
                "failed", List.of(), 8), now.plusSeconds(60));
        Map<OffloadStatus, Long> flows = new EnumMap<>(OffloadStatus.class);
        Map<OffloadStatus, Long> packets = new EnumMap<>(OffloadStatus.class);
        for (OffloadStatus status : OffloadStatus.values()) {
            flows.put(status, 2L);
            packets.put(status, 100L);
        }
        metrics.recordCoverage(Optional.of(new CoverageSample(10, 2, 500, 100, flows, packets, List.of(), now)));
        return metrics.scrape();
    }

    @Test
    void theScrapeHasAValueForEverySeries() {
        assertThat(scrape.nanSeries).isEmpty();
        assertThat(scrape.labelsByMetric).isNotEmpty();
    }

    @Test
    void everyMetricAPanelQueriesIsOneTheAgentExposes() {
        assertThat(metricsIn(exprs())).isNotEmpty().allSatisfy(metric ->
                assertThat(scrape.labelsByMetric).as("series the agent exposes").containsKey(metric));
    }

    @Test
    void everyMetricTheAgentExposesIsOnAPanel() {
        Set<String> exposed = new TreeSet<>(scrape.labelsByMetric.keySet());
        exposed.removeIf(metric -> !metric.startsWith("hwoffload_"));
        assertThat(metricsIn(exprs())).containsAll(exposed);
    }

    @Test
    void everyLabelAQuerySelectsOrGroupsByIsOnItsMetric() {
        for (String expr : exprs()) {
            Matcher selector = SELECTOR.matcher(expr);
            while (selector.find()) {
                Set<String> labels = new HashSet<>();
                MATCHER_LABEL.matcher(selector.group(2)).results().forEach(match -> labels.add(match.group(1)));
                assertThat(scrape.labelsByMetric.get(selector.group(1))).as(expr).containsAll(labels);
            }
            // A by-clause groups whatever it aggregates: each query aggregates its metrics, so all must have the label.
            Matcher by = BY_CLAUSE.matcher(expr);
            while (by.find()) {
                Set<String> labels = Set.of(by.group(1).trim().split("\\s*,\\s*"));
                for (String metric : metricsIn(List.of(expr))) {
                    assertThat(scrape.labelsByMetric.get(metric)).as(expr).containsAll(labels);
                }
            }
        }
    }

    @Test
    void theNodeVariableListsTheNodeLabelOfAnExposedMetric() {
        JsonNode node = variable("node");
        Matcher labelValues = LABEL_VALUES.matcher(node.path("query").path("query").asText());
        assertThat(labelValues.matches()).as("node variable query").isTrue();
        assertThat(scrape.labelsByMetric.get(labelValues.group(1))).contains(labelValues.group(2));
        assertThat(node.path("definition").asText()).isEqualTo(labelValues.group());
        assertThat(node.path("multi").asBoolean()).isTrue();
        assertThat(node.path("includeAll").asBoolean()).isTrue();
        assertThat(node.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
        assertThat(variable("datasource").path("type").asText()).isEqualTo("datasource");
        assertThat(variable("datasource").path("query").asText()).isEqualTo("prometheus");
    }

    @Test
    void statusColoursNameTheStatusesTheAgentExposes() {
        Set<String> statuses = scrape.labelValues.get("status");
        List<String> overridden = new ArrayList<>();
        // The only per-series overrides are the colours of the flows and packets panels, named by their status legend.
        for (JsonNode panel : panels()) {
            for (JsonNode rule : panel.path("fieldConfig").path("overrides")) {
                if (rule.path("matcher").path("id").asText().equals("byName")) {
                    overridden.add(rule.path("matcher").path("options").asText());
                }
            }
        }
        assertThat(overridden).isNotEmpty();
        assertThat(statuses).containsAll(overridden);
    }

    @Test
    void everyPanelAndQueryUsesTheDatasourceVariable() {
        for (JsonNode panel : panels()) {
            assertThat(panel.path("datasource").path("uid").asText()).as("panel %s", panel.path("title"))
                    .isEqualTo(DATASOURCE);
            assertThat(panel.path("targets")).as("panel %s", panel.path("title")).isNotEmpty().allSatisfy(target ->
                    assertThat(target.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE));
            assertThat(panel.path("description").asText()).as("panel %s", panel.path("title")).isNotBlank();
        }
    }

    @Test
    void panelIdsAreUnique() {
        List<Integer> ids = new ArrayList<>();
        panels().forEach(panel -> ids.add(panel.path("id").asInt()));
        assertThat(ids).doesNotHaveDuplicates().doesNotContain(0);
    }

    @Test
    void panelsFitTheGridAndDoNotOverlap() {
        List<JsonNode> panels = panels();
        for (JsonNode panel : panels) {
            GridPos pos = GridPos.of(panel);
            assertThat(pos.x() >= 0 && pos.y() >= 0 && pos.w() > 0 && pos.h() > 0 && pos.x() + pos.w() <= GRID_COLUMNS)
                    .as("gridPos of %s: %s", panel.path("title"), pos).isTrue();
        }
        for (int i = 0; i < panels.size(); i++) {
            for (int j = i + 1; j < panels.size(); j++) {
                assertThat(GridPos.of(panels.get(i)).overlaps(GridPos.of(panels.get(j))))
                        .as("%s overlaps %s", panels.get(i).path("title"), panels.get(j).path("title")).isFalse();
            }
        }
    }

    private static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        assertThat(panels).as("panels").isNotEmpty();
        return panels;
    }

    private static List<String> exprs() {
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.path("targets").forEach(target -> exprs.add(target.path("expr").asText()));
        }
        assertThat(exprs).as("PromQL of the panels").isNotEmpty().doesNotContain("");
        return exprs;
    }

    private static Set<String> metricsIn(List<String> exprs) {
        Set<String> metrics = new TreeSet<>();
        for (String expr : exprs) {
            METRIC.matcher(expr).results().forEach(match -> metrics.add(match.group()));
        }
        return metrics;
    }

    private static JsonNode variable(String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no template variable " + name);
    }

    private record GridPos(int x, int y, int w, int h) {
        static GridPos of(JsonNode panel) {
            JsonNode pos = panel.path("gridPos");
            return new GridPos(pos.path("x").asInt(-1), pos.path("y").asInt(-1), pos.path("w").asInt(), pos.path("h").asInt());
        }

        boolean overlaps(GridPos other) {
            return x < other.x + other.w && other.x < x + w && y < other.y + other.h && other.y < y + h;
        }
    }

    /**
     * The series of a text exposition: each series name (counters with {@code _total}, as PromQL queries them) with
     * its label names, every label's values, and the series whose value is NaN.
     */
    private record Scrape(Map<String, Set<String>> labelsByMetric, Map<String, Set<String>> labelValues,
                          List<String> nanSeries) {
        static Scrape parse(String text) {
            Scrape scrape = new Scrape(new TreeMap<>(), new TreeMap<>(), new ArrayList<>());
            for (String line : text.split("\n")) {
                Matcher sample = SAMPLE.matcher(line);
                if (line.startsWith("#") || !sample.matches()) {
                    continue;
                }
                Set<String> labels = scrape.labelsByMetric.computeIfAbsent(sample.group(1), name -> new TreeSet<>());
                Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
                while (label.find()) {
                    labels.add(label.group(1));
                    scrape.labelValues.computeIfAbsent(label.group(1), name -> new TreeSet<>()).add(label.group(2));
                }
                if (sample.group(3).equals("NaN")) {
                    scrape.nanSeries.add(line);
                }
            }
            return scrape;
        }
    }
}
