package io.hwoffload.host.nicsim;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every emulated fact comes from somewhere: each layout entry of layouts.yaml opens with a comment that names its
 * sources (a seed, a kernel source file, a vendor document, pci.ids) and says what is nicsim's own choice.
 */
class NicsimLayoutSourcesTest {
    private static final Pattern SOURCE = Pattern.compile("Seed [0-9]{3}|[a-z0-9_/]+\\.c\\b|docs|guide|pci\\.ids");
    private static final Pattern CHOICE = Pattern.compile("nicsim's (own )?choice");

    @Test
    void everyLayoutEntrySaysWhereItsFactsComeFrom() throws IOException {
        Map<String, String> comments = entryComments();

        assertThat(comments.keySet()).as("layout entries").hasSizeGreaterThanOrEqualTo(6);
        assertThat(comments).allSatisfy((model, comment) -> {
            assertThat(SOURCE.matcher(comment).find()).as(model + " names a source in: " + comment).isTrue();
            assertThat(CHOICE.matcher(comment).find() || comment.contains("Seed"))
                    .as(model + " says what is nicsim's choice, or that the seed shows it all: " + comment).isTrue();
        });
    }

    /**
     * A field that emulates a driver's behaviour is explained in its entry's comment, in the words of its source: what
     * hw-tc-offload each netdev starts with, which firmware loads, which kernels give the PF a devlink port, and so on.
     */
    @Test
    void everyDriverBehaviourAnEntrySetsIsExplainedInItsComment() throws IOException {
        Map<String, Pattern> explained = Map.of(
                "hwTcOffload:", Pattern.compile("hw-tc-offload .*\\.c "),
                "firmware:", Pattern.compile("nfp_net_fw_find"),
                "legacyDevlinkPort:", Pattern.compile("devlink port.*\\.c|\\.c.*devlink port"),
                "unboundTotalVfs:", Pattern.compile("TotalVFs.*iov\\.c|iov\\.c.*TotalVFs"),
                "pfSubsystemDevice:", Pattern.compile("subsystem_device"),
                "vfSubsystemDevice:", Pattern.compile("[Ss]ubsystem"),
                "eswitchModeSet:", Pattern.compile("eswitch_mode_set"),
                "virtualRepresentors:", Pattern.compile("SET_NETDEV_DEV"),
                "pfRepresentor:", Pattern.compile("representor"));
        Map<String, String> comments = entryComments();
        Map<String, String> bodies = entryBodies();
        assertThat(bodies.keySet()).isEqualTo(comments.keySet());
        bodies.forEach((model, body) -> explained.forEach((field, words) -> {
            if (body.contains(field)) {
                assertThat(words.matcher(comments.get(model)).find())
                        .as(model + " sets " + field + " and its comment explains it (" + words + "): " + comments.get(model))
                        .isTrue();
            }
        }));
    }

    /** Each entry's own lines, from its {@code - model:} line to the next entry's comment or the end. */
    private static Map<String, String> entryBodies() throws IOException {
        List<String> lines = layoutLines();
        Map<String, String> bodies = new LinkedHashMap<>();
        String model = null;
        StringBuilder body = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("- model:")) {
                if (model != null) {
                    bodies.put(model, body.toString());
                }
                model = line.substring("- model:".length()).strip();
                body = new StringBuilder();
            } else if (model != null && !line.startsWith("#")) {
                body.append(line).append('\n');
            }
        }
        if (model != null) {
            bodies.put(model, body.toString());
        }
        return bodies;
    }

    private static List<String> layoutLines() throws IOException {
        try (InputStream in = NicsimLayoutSourcesTest.class.getResourceAsStream("/io/hwoffload/host/nicsim/layouts.yaml")) {
            assertThat(in).as("layouts.yaml").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** The comment lines straight above each {@code - model:} line, joined (a block may hold several entries' notes). */
    private static Map<String, String> entryComments() throws IOException {
        List<String> lines = layoutLines();
        Map<String, String> comments = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("- model:")) {
                continue;
            }
            List<String> block = new ArrayList<>();
            for (int j = i - 1; j >= 0 && lines.get(j).strip().startsWith("#"); j--) {
                block.add(0, lines.get(j).strip().substring(1).strip());
            }
            comments.put(line.substring("- model:".length()).strip(), String.join(" ", block));
        }
        return comments;
    }
}
