package io.hwoffload.host.ovs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hwoffload.flows.syntax.DatapathFlow;
import io.hwoffload.flows.syntax.DatapathFlowParser;
import io.hwoffload.flows.syntax.DumpLine;
import io.hwoffload.flows.syntax.FlowTerm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The flow parser and the unixctl client against a real {@code ovs-vswitchd} (userspace datapath
 * in a private network namespace, see {@link OvsSandbox}). OpenFlow pipelines make the datapath
 * use conntrack with NAT and recirculation, a meter, check_pkt_len, a dp_hash select group,
 * push_vlan, set, a controller (userspace) action and drop; real ICMP, TCP and UDP traffic between
 * pod namespaces installs the datapath flows.
 *
 * <p>With {@code -Dhwoffload.saveDumps=<dir>} the {@code -m} and plain dumps are written there
 * (the golden files in examples/dumps came from such a run).
 */
@Timeout(30)
class OvsDatapathDumpTest {
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern COUNTERS = Pattern.compile("(?:^|[ ,])packets:(\\d+), bytes:(\\d+),");
    private static final List<List<String>> DUMP_PARAMS =
            List.of(List.of("-m"), List.of(), List.of("--names"), List.of("-m", "--names"));

    private static final String PYTHON = "/usr/bin/python3";

    /** ICMP echo over a raw socket (no ping binary needed): ping.py DST COUNT SIZE. */
    private static final String PING = String.join("\n",
            "import os, socket, struct, sys, time",
            "dst, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])",
            "def csum(b):",
            "    b = b + b'\\0' * (len(b) % 2)",
            "    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))",
            "    s = (s >> 16) + (s & 0xffff); s += s >> 16",
            "    return ~s & 0xffff",
            "s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)",
            "s.settimeout(1.0)",
            "ident, ok = os.getpid() & 0xffff, 0",
            "for seq in range(count):",
            "    payload = bytes(size)",
            "    c = csum(struct.pack('!BBHHH', 8, 0, 0, ident, seq) + payload)",
            "    s.sendto(struct.pack('!BBHHH', 8, 0, c, ident, seq) + payload, (dst, 0))",
            "    deadline = time.time() + 1.0",
            "    while time.time() < deadline:",
            "        try:",
            "            d = s.recv(65535)",
            "        except socket.timeout:",
            "            break",
            "        h = (d[0] & 15) * 4",
            "        t, _, _, i, q = struct.unpack('!BBHHH', d[h:h + 8])",
            "        if t == 0 and i == ident and q == seq:",
            "            ok += 1",
            "            break",
            "print(ok)",
            "sys.exit(0 if ok == count else 1)");

    /** One TCP echo exchange: tcp_server.py ADDR PORT. */
    private static final String TCP_SERVER = String.join("\n",
            "import socket, sys",
            "s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.settimeout(5); s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(1)",
            "print('listening', flush=True)",
            "c, _ = s.accept(); c.settimeout(5)",
            "d = c.recv(1000); c.sendall(d.upper()); c.close(); s.close()");

    private static final String TCP_CLIENT = String.join("\n",
            "import socket, sys, time",
            "for attempt in range(50):",
            "    try:",
            "        c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=3); break",
            "    except ConnectionRefusedError:",
            "        time.sleep(0.05)",
            "c.sendall(b'hello offload'); print(c.recv(1000).decode()); c.close()");

    /** UDP datagrams, one per port: udp.py DST PORT... (nobody needs to listen). */
    private static final String UDP = String.join("\n",
            "import socket, sys",
            "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "for p in sys.argv[2:]:",
            "    for i in range(3):",
            "        u.sendto(b'x' * 64, (sys.argv[1], int(p)))");

    private static OvsSandbox sandbox;
    private static HostFootprint before;
    private static final Map<List<String>, String> dumps = new LinkedHashMap<>();

    @BeforeAll
    @Timeout(60)
    static void startOvsAndSendTraffic() throws Exception {
        before = HostFootprint.take();
        long started = System.nanoTime();
        sandbox = OvsSandbox.start(3);
        installPipeline();
        sendTraffic();
        // The first packet of each megaflow is executed by the upcall handler; give the
        // revalidator a moment so every flow is in the dump.
        Thread.sleep(300);
        try (UnixctlClient client = UnixctlClient.connect(
                SocketAddressSpec.parse("unix:" + sandbox.controlSocket()), RPC_TIMEOUT)) {
            for (List<String> params : DUMP_PARAMS) {
                dumps.put(params, client.run("dpctl/dump-flows", params.toArray(String[]::new)));
            }
        }
        System.out.printf("OVS sandbox up, pipeline installed, traffic sent in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        dumps.forEach((params, text) -> System.out.println("=== dpctl/dump-flows " + params + "\n" + text));
        String saveTo = System.getProperty("hwoffload.saveDumps");
        if (saveTo != null && !saveTo.isBlank()) {
            Path dir = Files.createDirectories(Path.of(saveTo));
            Files.writeString(dir.resolve("ovs31-userspace-m.txt"), dumps.get(List.of("-m")));
            Files.writeString(dir.resolve("ovs31-userspace-plain.txt"), dumps.get(List.of()));
        }
    }

    @AfterAll
    static void stopOvsAndCheckNothingLeaked() throws Exception {
        if (sandbox != null) {
            Path runDir = sandbox.runDir();
            sandbox.close();
            assertThat(runDir).doesNotExist();
        }
        HostFootprint.take().assertNothingLeftSince(before);
    }

    private static void installPipeline() throws Exception {
        sandbox.ofctl("OpenFlow15", "add-meter", "meter=1,pktps,band=type=drop,rate=1000");
        sandbox.ofctl("OpenFlow15", "add-group",
                "group_id=1,type=select,selection_method=dp_hash,"
                        + "bucket=bucket_id=1,weight=1,actions=output:3,bucket=bucket_id=2,weight=1,actions=output:3");
        List<String> flows = List.of(
                "table=0,priority=100,arp,actions=NORMAL",
                "table=0,priority=90,ip,ct_state=-trk,actions=ct(zone=1,nat,table=1)",
                "table=0,priority=0,actions=drop",
                // ICMP new, pod1 -> pod2: meter, SNAT commit, set TOS.
                "table=1,priority=100,ct_state=+new+trk,icmp,nw_src=10.99.0.1,nw_dst=10.99.0.2,"
                        + "actions=meter:1,ct(commit,zone=1,nat(src=10.99.0.1)),mod_nw_tos:32,output:2",
                // ICMP established, both ways: check_pkt_len decides whether the source MAC is rewritten.
                "table=1,priority=100,ct_state=+est+trk,icmp,actions=check_pkt_larger(200)->reg0[0],resubmit(,3)",
                // TCP to pod3:5001 through a dp_hash select group.
                "table=1,priority=90,ct_state=+new+trk,tcp,nw_dst=10.99.0.3,tp_dst=5001,actions=ct(commit,zone=1),group:1",
                "table=1,priority=90,ct_state=+est+trk,tcp,nw_dst=10.99.0.3,actions=group:1",
                "table=1,priority=90,ct_state=+est+trk,tcp,nw_dst=10.99.0.1,actions=output:1",
                "table=1,priority=80,udp,tp_dst=7777,actions=controller(userdata=01.02.03.04)",
                "table=1,priority=80,udp,tp_dst=8888,actions=mod_vlan_vid:100,output:3",
                "table=1,priority=80,udp,tp_dst=9999,actions=drop",
                "table=1,priority=0,actions=drop",
                "table=3,priority=10,reg0=0x1/0x1,actions=resubmit(,4)",
                "table=3,priority=0,actions=mod_dl_src:02:00:00:00:00:fe,resubmit(,4)",
                "table=4,priority=10,ip,nw_dst=10.99.0.1,actions=output:1",
                "table=4,priority=10,ip,nw_dst=10.99.0.2,actions=output:2",
                "table=4,priority=10,ip,nw_dst=10.99.0.3,actions=output:3",
                "table=4,priority=0,actions=drop");
        Path file = sandbox.runDir().resolve("flows.txt");
        Files.write(file, flows);
        sandbox.ofctl("OpenFlow15", "add-flows", file.toString());
    }

    private static void sendTraffic() throws Exception {
        Process server = sandbox.startInPod(3, PYTHON, "-c", TCP_SERVER, OvsSandbox.podAddress(3), "5001");
        sandbox.inPod(1, PYTHON, "-c", PING, OvsSandbox.podAddress(2), "3", "56");
        sandbox.inPod(1, PYTHON, "-c", PING, OvsSandbox.podAddress(2), "2", "400");
        OvsSandbox.Result reply = sandbox.inPod(1, PYTHON, "-c", TCP_CLIENT, OvsSandbox.podAddress(3), "5001");
        assertThat(reply.stdout().strip()).isEqualTo("HELLO OFFLOAD");
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("TCP server finished").isTrue();
        assertThat(server.exitValue()).as("TCP server exit status").isZero();
        // TCP to a port without a rule: the table's default drop.
        sandbox.tryInPod(2, Duration.ofSeconds(5), PYTHON, "-c",
                "import socket\ntry:\n    socket.create_connection(('10.99.0.3', 5002), timeout=0.3)\nexcept OSError:\n    pass");
        sandbox.inPod(1, PYTHON, "-c", UDP, OvsSandbox.podAddress(3), "7777", "8888", "9999");
    }

    @Test
    void everyLineOfEveryDumpParses() {
        DatapathFlowParser parser = new DatapathFlowParser();
        dumps.forEach((params, text) -> {
            List<DumpLine> lines = parse(parser, text);
            assertThat(lines).as("dump %s", params).filteredOn(DumpLine.Error.class::isInstance).isEmpty();
            assertThat(lines).as("flows in dump %s", params).filteredOn(DumpLine.Flow.class::isInstance).hasSizeGreaterThan(8);
            assertThat(lines).filteredOn(DumpLine.ThreadHeader.class::isInstance)
                    .extracting(l -> ((DumpLine.ThreadHeader) l).thread()).contains("the main thread");
        });
    }

    @Test
    void countersEqualThePrintedOnes() {
        DatapathFlowParser parser = new DatapathFlowParser();
        dumps.forEach((params, text) -> {
            String[] raw = text.split("\n", -1);
            long total = 0;
            for (int i = 0; i < raw.length; i++) {
                if (parser.parse(i + 1, raw[i]) instanceof DumpLine.Flow flow) {
                    Matcher m = COUNTERS.matcher(raw[i]);
                    assertThat(m.find()).as("counters on line %d of %s: %s", i + 1, params, raw[i]).isTrue();
                    assertThat(flow.flow().packets()).as("packets, line %d of %s", i + 1, params).isEqualTo(Long.parseLong(m.group(1)));
                    assertThat(flow.flow().bytes()).as("bytes, line %d of %s", i + 1, params).isEqualTo(Long.parseLong(m.group(2)));
                    total += flow.flow().packets();
                }
            }
            assertThat(total).as("packets counted by the datapath in %s", params).isPositive();
        });
    }

    @Test
    void verboseDumpsCarryUfidAndDatapathLayer() {
        DatapathFlowParser parser = new DatapathFlowParser();
        for (List<String> params : List.of(List.of("-m"), List.of("-m", "--names"))) {
            for (DatapathFlow flow : flows(parser, dumps.get(params))) {
                assertThat(flow.ufid()).as("ufid of line %d", flow.line()).matches("[0-9a-f-]{36}");
                assertThat(flow.dp()).isEqualTo("ovs");
                assertThat(flow.key("ct_state")).isNotNull();
            }
        }
        for (DatapathFlow flow : flows(parser, dumps.get(List.of()))) {
            assertThat(flow.ufid()).isNull();
            assertThat(flow.dp()).isNull();
        }
    }

    @Test
    void portsArePrintedByNameOnlyWhenAsked() {
        DatapathFlowParser parser = new DatapathFlowParser();
        Set<String> ports = Set.of(sandbox.ovsPort(1), sandbox.ovsPort(2), sandbox.ovsPort(3));
        assertThat(flows(parser, dumps.get(List.of("--names")))).extracting(f -> f.keyValue("in_port")).isSubsetOf(ports);
        assertThat(flows(parser, dumps.get(List.of()))).extracting(f -> f.keyValue("in_port")).allMatch(p -> p.matches("[0-9]+"));
    }

    @Test
    void theDatapathUsesEveryFeatureOfThePipeline() {
        DatapathFlowParser parser = new DatapathFlowParser();
        Map<String, String> examples = new TreeMap<>();
        for (String text : dumps.values()) {
            for (DatapathFlow flow : flows(parser, text)) {
                for (FlowTerm action : flow.actions()) {
                    collectActionNames(action, true, flow, examples);
                }
            }
        }
        examples.forEach((name, line) -> System.out.println("action " + name + ": " + line));
        assertThat(examples.keySet()).contains("ct", "nat", "recirc", "meter", "check_pkt_len", "hash",
                "push_vlan", "set", "userspace", "drop");
        List<DatapathFlow> verbose = flows(parser, dumps.get(List.of("-m")));
        assertThat(verbose).as("a flow after the dp_hash recirculation matches on dp_hash")
                .anyMatch(f -> f.keyValue("dp_hash") != null && !f.keyValue("dp_hash").endsWith("/0"));
        assertThat(verbose).as("SNAT commit").anyMatch(f -> f.actionsText().contains("ct(commit,zone=1,nat(src=10.99.0.1))"));
        assertThat(verbose).as("conntrack established match").anyMatch(f -> "0x22/0x23".equals(f.keyValue("ct_state")));
        assertThat(verbose).as("userspace controller action")
                .anyMatch(f -> f.actionsText().startsWith("userspace(pid=") && f.actionsText().contains("controller("));
    }

    private static void collectActionNames(FlowTerm term, boolean topLevel, DatapathFlow flow, Map<String, String> examples) {
        if (term instanceof FlowTerm.Call call) {
            examples.putIfAbsent(call.name(), flow.actionsText());
            if (!call.name().equals("set") && !call.name().equals("push_vlan")) {
                for (FlowTerm arg : call.args()) {
                    collectActionNames(arg, call.name().equals("gt") || call.name().equals("le"), flow, examples);
                }
            }
        } else if (term instanceof FlowTerm.Atom atom && (topLevel || atom.value().equals("nat"))) {
            if (atom.value().equals("drop") || atom.value().equals("nat")) {
                examples.putIfAbsent(atom.value(), flow.actionsText());
            }
        }
    }

    @Test
    void liveDumpHasAsManyFlowsAsOvsAppctlPrints() throws Exception {
        OvsSandbox.Result binary = sandbox.appctl("dpctl/dump-flows", "-m");
        DatapathFlowParser parser = new DatapathFlowParser();
        assertThat(flows(parser, dumps.get(List.of("-m")))).hasSize(flows(parser, binary.stdout()).size());
        try (UnixctlClient client = UnixctlClient.connect(
                SocketAddressSpec.parse("unix:" + sandbox.controlSocket()), RPC_TIMEOUT)) {
            String again = client.run("dpctl/dump-flows", "-m");
            assertThat(flows(parser, again)).hasSize(flows(parser, binary.stdout()).size());
        }
    }

    @Test
    void unknownCommandIsAJsonRpcErrorNamingIt() throws Exception {
        try (UnixctlClient client = UnixctlClient.connect(
                SocketAddressSpec.parse("unix:" + sandbox.controlSocket()), RPC_TIMEOUT)) {
            assertThatThrownBy(() -> client.run("hwoffload/no-such-command", "x"))
                    .isInstanceOf(JsonRpcException.class)
                    .hasMessageContaining("hwoffload/no-such-command")
                    .hasMessageContaining("is not a valid command");
            // The session survives an error reply.
            assertThat(client.run("version")).contains("ovs-vswitchd");
        }
    }

    @Test
    void controlSocketIsFoundFromThePidFile() throws Exception {
        Path socket = UnixctlClient.controlSocket(sandbox.runDir(), "ovs-vswitchd");
        assertThat(socket).isEqualTo(sandbox.runDir().resolve("ovs-vswitchd." + sandbox.vswitchdPid() + ".ctl"));
        try (UnixctlClient client = UnixctlClient.connect(SocketAddressSpec.parse("unix:" + socket), RPC_TIMEOUT)) {
            assertThat(client.run("dpif/show")).contains(OvsSandbox.BRIDGE);
        }
    }

    private static List<DumpLine> parse(DatapathFlowParser parser, String text) {
        String[] raw = text.split("\n", -1);
        List<DumpLine> lines = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            lines.add(parser.parse(i + 1, raw[i]));
        }
        lines.stream().filter(DumpLine.Error.class::isInstance)
                .forEach(e -> System.out.println("PARSE ERROR " + e + "\n  " + raw[e.line() - 1]));
        return lines;
    }

    private static List<DatapathFlow> flows(DatapathFlowParser parser, String text) {
        return parse(parser, text).stream().filter(DumpLine.Flow.class::isInstance)
                .map(l -> ((DumpLine.Flow) l).flow()).toList();
    }
}
