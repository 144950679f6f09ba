package io.hwoffload.bench;

import io.hwoffload.flows.offload.OffloadExplainer;
import io.hwoffload.flows.offload.OffloadStatus;
import io.hwoffload.flows.offload.RuleCatalog;
import io.hwoffload.flows.report.OffloadAnalyzer;
import io.hwoffload.flows.syntax.DatapathFlowParser;
import io.hwoffload.flows.syntax.DumpLine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One operation is one pass over a whole corpus file, on one thread; {@link FlowParseBench} turns
 * passes per second into lines per second. The corpus files are written by the driver.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ParseClassifyBenchmark {

    /** Path of a corpus file, one flow line per line. */
    @Param("")
    public String corpus;

    private String[] lines;
    private DatapathFlowParser parser;
    private OffloadExplainer explainer;

    @Setup(Level.Trial)
    public void load() throws IOException {
        List<String> read = Files.readAllLines(Path.of(corpus), StandardCharsets.UTF_8);
        lines = read.toArray(String[]::new);
        parser = new DatapathFlowParser();
        explainer = new OffloadExplainer(RuleCatalog.builtIn(), Optional.empty());
    }

    /** Parse, then classify: offload status and the catalog's reasons. The figure the targets apply to. */
    @Benchmark
    public void parseClassify(Blackhole bh) {
        String[] corpusLines = lines;
        for (int i = 0; i < corpusLines.length; i++) {
            DumpLine line = parser.parse(i + 1, corpusLines[i]);
            if (line instanceof DumpLine.Flow flowLine) {
                OffloadStatus status = OffloadStatus.of(flowLine.flow(), OffloadStatus.UNKNOWN);
                bh.consume(explainer.explain(flowLine.flow(), status));
            } else {
                bh.consume(line);
            }
        }
    }

    /** Parse only: the work ODPFlow does (it decodes, it does not classify). */
    @Benchmark
    public void parseOnly(Blackhole bh) {
        String[] corpusLines = lines;
        for (int i = 0; i < corpusLines.length; i++) {
            bh.consume(parser.parse(i + 1, corpusLines[i]));
        }
    }

    /** What the CLI does per line: parse, classify and aggregate (a fresh analyzer per pass). */
    @Benchmark
    public OffloadAnalyzer analyze() {
        OffloadAnalyzer analyzer = new OffloadAnalyzer(explainer, OffloadStatus.UNKNOWN, 20);
        String[] corpusLines = lines;
        for (int i = 0; i < corpusLines.length; i++) {
            analyzer.accept(i + 1, corpusLines[i]);
        }
        return analyzer;
    }
}
