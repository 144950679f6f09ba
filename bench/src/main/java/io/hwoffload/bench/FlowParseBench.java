package io.hwoffload.bench;

import io.hwoffload.flows.syntax.DatapathFlowParser;
import io.hwoffload.flows.syntax.DumpLine;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Datapath-flow parse + classify throughput, as a ratio against OVS's Python parser
 * ({@code ovs.flow.odp.ODPFlow}) measured in the same run on the same lines.
 *
 * <ol>
 *   <li>generates the corpus (seed dumps + synthetic variants) and checks that Java parses all of it;</li>
 *   <li>runs {@code odpflow_peer.py}: it keeps the lines ODPFlow parses (the comparison corpus) and times ODPFlow on them;</li>
 *   <li>runs {@link ParseClassifyBenchmark} under JMH, one thread, on the full and the comparison corpus;</li>
 *   <li>prints lines/s, the ratio and PASS/FAIL against the targets.</li>
 * </ol>
 *
 * Usage: {@code FlowParseBench [--lines N] [--seed N] [--python PATH] [--peer PATH]
 * [--python-seconds S] [--workdir DIR] [--quick] [--strict]}. With {@code --strict} a missed
 * target gives exit status 1.
 */
public final class FlowParseBench {
    static final double TARGET_JAVA_LINES_PER_SEC = 1_000_000;
    static final double TARGET_RATIO = 100;

    private int lines = 10_000;
    private long seed = 42;
    private String python = "/usr/bin/python3";
    private String peer = "bench/odpflow_peer.py";
    private double pythonSeconds = 5;
    private Path workdir = Path.of("bench/target/flowparse");
    private boolean quick;
    private boolean strict;

    public static void main(String[] args) throws Exception {
        FlowParseBench bench = new FlowParseBench();
        bench.parseArgs(args);
        System.exit(bench.run());
    }

    private void parseArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--lines" -> lines = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--python" -> python = args[++i];
                case "--peer" -> peer = args[++i];
                case "--python-seconds" -> pythonSeconds = Double.parseDouble(args[++i]);
                case "--workdir" -> workdir = Path.of(args[++i]);
                case "--quick" -> quick = true;
                case "--strict" -> strict = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; expected --lines N --seed N --python PATH --peer PATH --python-seconds S --workdir DIR --quick --strict");
            }
        }
    }

    private int run() throws IOException, InterruptedException, RunnerException {
        Files.createDirectories(workdir);
        Path full = workdir.resolve("corpus-full.txt").toAbsolutePath();
        Path common = workdir.resolve("corpus-common.txt").toAbsolutePath();

        List<String> corpus = FlowCorpus.generate(lines, seed);
        int seedLines = FlowCorpus.seedLines().size();
        checkJavaParsesAll(corpus);
        Files.write(full, corpus, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "corpus: %d distinct flow lines (%d from the seed dumps, %d synthetic), %s%n",
                corpus.size(), seedLines, corpus.size() - seedLines, full);

        System.out.println("\n== Python peer: ovs.flow.odp.ODPFlow (" + python + ")");
        PeerResult py = runPeer(full, common);
        List<String> commonLines = Files.readAllLines(common, StandardCharsets.UTF_8);
        if (commonLines.size() != py.accepted) {
            throw new IllegalStateException("peer wrote " + commonLines.size() + " lines, reported " + py.accepted);
        }

        System.out.println("\n== Java: JMH, 1 thread, 1 fork");
        Options options = new OptionsBuilder()
                .include(ParseClassifyBenchmark.class.getName() + "\\.")
                .param("corpus", full.toString(), common.toString())
                .threads(1)
                .forks(1)
                .warmupIterations(quick ? 3 : 5)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xms1g", "-Xmx1g")
                .build();
        Collection<RunResult> results = new Runner(options).run();

        System.out.println("\n== Java lines/s (JMH mean; the CI shows how noisy this machine was)");
        double javaFull = linesPerSec(results, "parseClassify", full, corpus.size());
        double javaCommon = linesPerSec(results, "parseClassify", common, commonLines.size());
        double javaParseCommon = linesPerSec(results, "parseOnly", common, commonLines.size());
        double javaAnalyzeFull = linesPerSec(results, "analyze", full, corpus.size());
        double ratio = javaCommon / py.linesPerSec;
        double parseRatio = javaParseCommon / py.linesPerSec;
        boolean javaPass = javaFull >= TARGET_JAVA_LINES_PER_SEC;
        boolean ratioPass = ratio >= TARGET_RATIO;

        System.out.println("\n== Result (same run; one thread each; "
                + Runtime.getRuntime().availableProcessors() + " CPU(s) visible to this JVM)");
        System.out.printf(Locale.ROOT, "corpus: %d lines; comparison corpus: %d lines both parse (%d excluded: ODPFlow rejects them)%n",
                corpus.size(), commonLines.size(), corpus.size() - commonLines.size());
        System.out.printf(Locale.ROOT, "java   parse+classify, full corpus        : %,14.0f lines/s  target >= %,.0f  %s%n",
                javaFull, TARGET_JAVA_LINES_PER_SEC, verdict(javaPass));
        System.out.printf(Locale.ROOT, "java   parse+classify, comparison corpus  : %,14.0f lines/s%n", javaCommon);
        System.out.printf(Locale.ROOT, "java   parse only,     comparison corpus  : %,14.0f lines/s%n", javaParseCommon);
        System.out.printf(Locale.ROOT, "java   analyzer (parse+classify+aggregate), full corpus: %,14.0f lines/s%n", javaAnalyzeFull);
        System.out.printf(Locale.ROOT, "python ODPFlow parse,  comparison corpus  : %,14.0f lines/s%n", py.linesPerSec);
        System.out.printf(Locale.ROOT, "ratio  java parse+classify / python parse : %,14.1f x        target >= %.0fx  %s%n",
                ratio, TARGET_RATIO, verdict(ratioPass));
        System.out.printf(Locale.ROOT, "ratio  java parse only / python parse     : %,14.1f x%n", parseRatio);
        System.out.println("overall: " + verdict(javaPass && ratioPass));
        return strict && !(javaPass && ratioPass) ? 1 : 0;
    }

    /** Every corpus line must be a flow to the Java parser, or the throughput would count errors. */
    private static void checkJavaParsesAll(List<String> corpus) {
        DatapathFlowParser parser = new DatapathFlowParser();
        for (int i = 0; i < corpus.size(); i++) {
            DumpLine line = parser.parse(i + 1, corpus.get(i));
            if (!(line instanceof DumpLine.Flow)) {
                throw new IllegalStateException("corpus line " + (i + 1) + " is not a flow to the Java parser: "
                        + line + "\n" + corpus.get(i));
            }
        }
    }

    private record PeerResult(int accepted, double linesPerSec) {
    }

    private PeerResult runPeer(Path full, Path common) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(python, peer, "--corpus", full.toString(), "--accepted", common.toString(),
                "--seconds", Double.toString(pythonSeconds))
                .redirectErrorStream(true)
                .start();
        Integer accepted = null;
        Double linesPerSec = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println("  " + line);
                for (String field : line.split(" ")) {
                    if (field.startsWith("accepted=")) {
                        accepted = Integer.parseInt(field.substring("accepted=".length()));
                    } else if (field.startsWith("python_lines_per_sec=")) {
                        linesPerSec = Double.parseDouble(field.substring("python_lines_per_sec=".length()));
                    }
                }
            }
        }
        int status = process.waitFor();
        if (status != 0 || accepted == null || linesPerSec == null || linesPerSec <= 0) {
            throw new IllegalStateException(python + " " + peer + " failed (exit status " + status + ")");
        }
        return new PeerResult(accepted, linesPerSec);
    }

    private static double linesPerSec(Collection<RunResult> results, String benchmark, Path corpus, int corpusLines) {
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            if (label.endsWith("." + benchmark) && corpus.toString().equals(result.getParams().getParam("corpus"))) {
                double perSec = result.getPrimaryResult().getScore() * corpusLines;
                double error = result.getPrimaryResult().getScoreError() * corpusLines;
                System.out.printf(Locale.ROOT, "  %-13s %-22s %,12.0f lines/s  +- %,.0f (99.9%% CI over %d iterations)%n",
                        benchmark, corpus.getFileName(), perSec, Double.isNaN(error) ? 0 : error,
                        result.getPrimaryResult().getSampleCount());
                return perSec;
            }
        }
        throw new IllegalStateException("no JMH result for " + benchmark + " on " + corpus);
    }

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "FAIL";
    }
}
