package io.hwoffload.host.demo;

import io.hwoffload.host.HostException;
import io.hwoffload.host.exec.CommandResult;
import io.hwoffload.host.exec.CommandRunner;
import io.hwoffload.host.exec.NetworkNamespace;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real traffic between two pods' network namespaces: ICMP with {@code ping}, TCP with {@link TcpEcho} started in a
 * JVM inside each namespace. Every process gets a deadline and is killed past it.
 */
final class PodTraffic {
    private static final Pattern PING_SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");
    private static final Pattern PING_RTT = Pattern.compile("= [0-9.]+/([0-9.]+)/[0-9.]+/[0-9.]+ ms");
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    static final int PINGS = 5;
    static final int TCP_PORT = 5001;
    static final int TCP_BYTES = 64 * 1024;

    private PodTraffic() {
    }

    static TrafficResult ping(DemoPod from, DemoPod to) {
        CommandResult result = CommandRunner.withTimeout(DEADLINE).inNamespace(new NetworkNamespace(from.netns()))
                .run("ping", "-c", String.valueOf(PINGS), "-i", "0.2", "-W", "2", "-q", to.address());
        Matcher summary = PING_SUMMARY.matcher(result.stdout());
        if (!summary.find()) {
            return new TrafficResult("ICMP", from.name(), to.name(), false, "ping failed: " + result.complaint());
        }
        int sent = Integer.parseInt(summary.group(1));
        int received = Integer.parseInt(summary.group(2));
        Matcher rtt = PING_RTT.matcher(result.stdout());
        String detail = "echo requests " + sent + ", replies " + received + (rtt.find() ? ", rtt avg " + rtt.group(1) + " ms" : "");
        return new TrafficResult("ICMP", from.name(), to.name(), sent > 0 && received == sent, detail);
    }

    static TrafficResult tcp(DemoPod from, DemoPod to) {
        Process server = null;
        try {
            server = echo(to, "serve", to.address(), String.valueOf(TCP_PORT));
            Process client = echo(from, "send", to.address(), String.valueOf(TCP_PORT), String.valueOf(TCP_BYTES));
            boolean finished = client.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                client.destroyForcibly();
                return new TrafficResult("TCP", from.name(), to.name() + ":" + TCP_PORT, false,
                        "no echo within " + DEADLINE.toSeconds() + " s");
            }
            String said = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()
                    + new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            boolean passed = client.exitValue() == 0;
            return new TrafficResult("TCP", from.name(), to.name() + ":" + TCP_PORT, passed,
                    passed ? "sent " + TCP_BYTES + " bytes, " + said : "echo failed: " + said);
        } catch (IOException e) {
            throw new HostException("cannot run the TCP echo: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("interrupted while sending TCP traffic");
        } finally {
            if (server != null) {
                server.destroyForcibly();
            }
        }
    }

    /** {@code ip netns exec <pod> java -cp <ours> TcpEcho ARGS}, output kept in memory (it is a line or two). */
    private static Process echo(DemoPod pod, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(ip(), "netns", "exec", pod.netns(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx32m", "-cp", ownClassPath(), TcpEcho.class.getName()));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).start();
        process.getOutputStream().close();
        return process;
    }

    private static String ip() {
        return CommandRunner.locate("ip").map(Path::toString).orElseThrow(() -> new HostException("ip is not installed: apt-get install -y iproute2"));
    }

    /** Where TcpEcho was loaded from: the hwoffload jar, or a classes directory in a build. */
    private static String ownClassPath() {
        try {
            return Path.of(TcpEcho.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new HostException("cannot tell where hwoffload's classes are: " + e.getMessage());
        }
    }
}
