package io.hwoffload.cli.flows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hwoffload.cli.CommandRun;
import io.hwoffload.host.FileTrees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The report as a browser shows it: headless Chromium (Debian package {@code chromium}) opens the
 * page from its file, and the DOM it built and a screenshot are checked. Chromium runs without its
 * sandbox (which would create namespaces) and without network use, with a fresh profile that is
 * removed afterwards; a Chromium that hangs is killed with its children.
 */
class ReportCommandInChromiumTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_SECONDS = 90;
    /**
     * Nearly a node's width, and wider than any bar in a status colour on this page (the packet
     * ratio bar is 360px and 65% full): only a graph node has a run of pixels this long.
     */
    private static final int NODE_RUN = RecircGraphLayout.NODE_WIDTH - 10;

    /** Every status but two, a recirculation, several reasons and a line that is not a flow. */
    private static final String MIXED_DUMP = String.join("\n",
            "flow-dump from the main thread:",
            "ufid:11111111-0000-0000-0000-000000000001, recirc_id(0),dp_hash(0/0),in_port(2),eth_type(0x0800),ipv4(frag=no),"
                    + " packets:10, bytes:1000, used:1.0s, dp:ovs, actions:userspace(pid=0,controller(reason=1,dont_send=0,"
                    + "continuation=0,recirc_id=1,rule_cookie=0,controller_id=0,max_len=65535))",
            "ufid:11111111-0000-0000-0000-000000000002, recirc_id(0x5),dp_hash(0x3/0xf),in_port(2),eth_type(0x0800),"
                    + "ipv4(frag=no), packets:90, bytes:9000, used:1.0s, dp:tc, actions:3",
            "ufid:11111111-0000-0000-0000-000000000003, recirc_id(0),in_port(3),eth_type(0x0800),ipv4(frag=no), packets:100,"
                    + " bytes:10000, used:1.0s, offloaded:yes, dp:tc, actions:2",
            "ufid:11111111-0000-0000-0000-000000000004, recirc_id(0),in_port(3),eth_type(0x0800),ipv4(frag=no), packets:5,"
                    + " bytes:500, used:1.0s, dp:ovs, actions:2",
            "ufid:11111111-0000-0000-0000-000000000005, recirc_id(0),in_port(4),eth_type(0x0800),ipv4(frag=no), packets:95,"
                    + " bytes:9500, used:1.0s, offloaded:yes, dp:tc, actions:ct(zone=1),recirc(0x5)",
            "this is not a flow",
            "");

    @Test
    void chromiumShowsTheReport(@TempDir Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("this test renders the report in headless Chromium, and " + CHROMIUM + " is missing:"
                    + " apt-get install -y chromium");
        }
        Path dump = dir.resolve("mixed.txt");
        Files.writeString(dump, MIXED_DUMP);
        Path page = dir.resolve("report.html");
        CommandRun report = CommandRun.of("flows", "report", dump.toString(), "--nic", "corigine-agilio-cx", "-o", page.toString());
        assertThat(report.exitCode()).as(report.err()).isZero();
        CommandRun analyze = CommandRun.of("flows", "analyze", dump.toString(), "--nic", "corigine-agilio-cx", "-o", "json");
        JsonNode analysis = new ObjectMapper().readTree(analyze.out());

        String dom = chromium(dir, "--dump-dom", page.toUri().toString());
        assertThat(dom).contains("<title>Datapath flow offload: " + dump + "</title>")
                .contains(">65.00%<")
                .contains("195 of 300 packets offloaded")
                .contains("2 of 5 flows offloaded");
        assertThat(count(dom, "<g class=\"node status-")).isEqualTo(5);
        assertThat(count(dom, "<g class=\"node status-offloaded\"")).isEqualTo(2);
        assertThat(count(dom, "<g class=\"node status-datapath\"")).isEqualTo(2);
        assertThat(count(dom, "<g class=\"node status-tc-software\"")).isEqualTo(1);
        assertThat(count(dom, "<path class=\"edge\"")).isEqualTo(1);
        assertThat(count(dom, "<tr data-code=")).isEqualTo(analysis.get("byReason").size()).isEqualTo(5);
        assertThat(dom).contains("nic.corigine-agilio-cx.dp_hash").contains("Lines that could not be read");

        Path screenshot = dir.resolve("report.png");
        chromium(dir, "--screenshot=" + screenshot, "--window-size=1400,1800", page.toUri().toString());
        assertThat(Files.size(screenshot)).isGreaterThan(20_000);
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(1800);
        // the graph's boxes were drawn in their status colours
        assertThat(longestRun(image, 0x2e7d32)).as("offloaded node").isGreaterThanOrEqualTo(NODE_RUN);
        assertThat(longestRun(image, 0xc62828)).as("datapath node").isGreaterThanOrEqualTo(NODE_RUN);
        assertThat(longestRun(image, 0xef6c00)).as("tc-software node").isGreaterThanOrEqualTo(NODE_RUN);
    }

    /** Runs Chromium on a fresh profile; returns what it printed. Kills it and removes the profile whatever happens. */
    private static String chromium(Path dir, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("hwoffload-chromium-");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions", "--no-first-run",
                "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("chromium did not finish in " + TIMEOUT_SECONDS + "s: " + command + "\n" + Files.readString(err));
            }
            assertThat(process.exitValue()).as("chromium %s exit status; its stderr:%n%s", command, Files.readString(err)).isZero();
            return Files.readString(out);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            FileTrees.delete(profile);
        }
    }

    private static int count(String text, String literal) {
        Matcher matcher = Pattern.compile(Pattern.quote(literal)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    /** The longest horizontal run of pixels of this colour (give or take rounding) in the image. */
    private static int longestRun(BufferedImage image, int rgb) {
        int longest = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            int run = 0;
            for (int x = 0; x < image.getWidth(); x++) {
                run = close(image.getRGB(x, y), rgb) ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
        }
        return longest;
    }

    private static boolean close(int argb, int rgb) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((argb >> shift) & 0xff) - ((rgb >> shift) & 0xff)) > 3) {
                return false;
            }
        }
        return true;
    }
}
