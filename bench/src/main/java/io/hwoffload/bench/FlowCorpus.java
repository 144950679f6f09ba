package io.hwoffload.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A realistic, reproducible corpus of datapath flow lines: the seed dumps of hwoffload-flows plus
 * synthetic variants of the shapes Kube-OVN, OVN-Kubernetes and Antrea produce (conntrack and
 * NAT with recirculation, Geneve tunnels with options, {@code -m} lines with masks, check_pkt_len,
 * sFlow sampling, userspace, select-group hashing, VLANs, IPv6, ARP). Values (MACs, IPs, ports,
 * recirc ids, ufids, counters) vary, so every line is distinct.
 */
public final class FlowCorpus {
    /** The seed dumps, copied into this module's resources at build time. */
    static final List<String> SEED_DUMPS = List.of(
            "000-yusur-kube-ovn.txt", "001-corigine-kube-ovn.txt",
            "002-yunsilicon-kube-ovn.txt", "003-mellanox-antrea.txt");

    private final Random random;

    private FlowCorpus(long seed) {
        this.random = new Random(seed);
    }

    /** The flow lines of the seed dumps (headers and blank lines dropped) then synthetic ones, {@code size} in all. */
    public static List<String> generate(int size, long seed) throws IOException {
        Set<String> lines = new LinkedHashSet<>(seedLines());
        FlowCorpus corpus = new FlowCorpus(seed);
        List<Supplier<String>> shapes = corpus.shapes();
        int attempts = 0;
        while (lines.size() < size) {
            lines.add(shapes.get(attempts++ % shapes.size()).get());
        }
        return new ArrayList<>(lines).subList(0, size);
    }

    static List<String> seedLines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String name : SEED_DUMPS) {
            try (InputStream in = FlowCorpus.class.getResourceAsStream("/dumps/" + name)) {
                if (in == null) {
                    throw new IOException("seed dump " + name + " is missing from the classpath");
                }
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String text = line.strip();
                    if (!text.isEmpty() && !text.startsWith("flow-dump from ")) {
                        lines.add(text);
                    }
                }
            }
        }
        return lines;
    }

    private List<Supplier<String>> shapes() {
        return List.of(
                this::ctZoneRecirc, this::ctEstablished, this::maskedKernel, this::maskedTcOffloaded,
                this::geneveDecap, this::geneveEncap, this::checkPktLen, this::sflowSample,
                this::slowPath, this::selectGroupHash, this::dpHashMatch, this::vlan, this::ipv6,
                this::arp, this::ctCommitNat, this::dpdkPmd);
    }

    // --- Shapes ---------------------------------------------------------------------------------

    /** Antrea / Kube-OVN first pass: send to conntrack, recirculate. */
    private String ctZoneRecirc() {
        return "recirc_id(0),in_port(" + port() + "),eth(src=" + mac() + ",dst=" + mac() + "),eth_type(0x0800),"
                + "ipv4(src=" + ip() + ",dst=" + ip() + ",proto=6,frag=no),tcp(src=" + l4() + ",dst=" + l4() + ")"
                + counters() + ", flags:" + tcpFlags() + ", actions:ct(zone=" + zone() + ",nat),recirc(" + recirc() + ")";
    }

    /** After conntrack: established traffic forwarded to a port. */
    private String ctEstablished() {
        return "ct_state(" + pick("-new+est-rel-rpl+trk", "-new+est-rel+rpl+trk", "+est+trk", "+new-est+trk")
                + "),ct_zone(" + zone() + "),ct_mark(0/0x" + random.nextInt(4) + "),recirc_id(" + recirc()
                + "),in_port(" + port() + "),eth(src=" + mac() + ",dst=" + mac() + "),eth_type(0x0800),"
                + "ipv4(dst=" + ip() + "/255.255.255.255,frag=no)" + counters() + ", actions:" + port();
    }

    /** {@code dpctl/dump-flows -m} on the kernel datapath: every field with its mask, the ufid first. */
    private String maskedKernel() {
        return "ufid:" + ufid() + ", skb_priority(0/0),skb_mark(0/0),ct_state(0/0x23),ct_zone(0/0),ct_mark(0/0),"
                + "ct_label(0/0),recirc_id(" + recirc() + "),dp_hash(0/0),in_port(" + portName() + "),"
                + "packet_type(ns=0/0,id=0/0),eth(src=" + mac() + "/ff:ff:ff:ff:ff:ff,dst=" + mac() + "),eth_type(0x0800),"
                + "ipv4(src=" + ip() + "/255.255.255.255,dst=" + ip() + "/255.255.255.255,proto=17/0xff,tos=0/0x3,ttl=0/0,frag=no),"
                + "udp(src=" + l4() + "/0xffff,dst=53)" + counters() + ", dp:ovs, actions:"
                + "set(eth(src=" + mac() + ",dst=" + mac() + ")),set(ipv4(src=" + ip() + ",dst=" + ip() + ",ttl=63)),"
                + portName();
    }

    /** {@code -m} on a TC-offloading NIC: {@code offloaded:yes, dp:tc} (OVS's Python parser rejects 'offloaded'). */
    private String maskedTcOffloaded() {
        return "ufid:" + ufid() + ", skb_priority(0/0),skb_mark(0/0),ct_state(0/0x23),ct_zone(0/0),ct_mark(0/0),"
                + "ct_label(0/0x1),recirc_id(0),dp_hash(0/0),in_port(" + portName() + "),packet_type(ns=0/0,id=0/0),"
                + "eth(src=" + mac() + ",dst=" + mac() + "),eth_type(0x0800),"
                + "ipv4(src=0.0.0.0/0.0.0.0,dst=0.0.0.0/0.0.0.0,proto=0/0,tos=0/0,ttl=0/0,frag=no)" + counters()
                + ", offloaded:yes, dp:tc, actions:" + portName();
    }

    /** Kube-OVN / OVN: Geneve traffic from the tunnel port, with the OVN metadata option. */
    private String geneveDecap() {
        return "ufid:" + ufid() + ", skb_priority(0/0),tunnel(tun_id=0x" + hex(0xffffff) + ",src=" + nodeIp() + ",dst="
                + nodeIp() + ",ttl=0/0,tp_dst=6081,geneve({class=0x102,type=0x80,len=4,0x" + hex(0xffffff)
                + "/0x7fffffff}),flags(-df+csum+key)),skb_mark(0/0),ct_state(0/0),ct_zone(0/0),ct_mark(0/0),"
                + "ct_label(0/0),recirc_id(0),dp_hash(0/0),in_port(genev_sys_6081),packet_type(ns=0/0,id=0/0),"
                + "eth(src=" + mac() + ",dst=" + mac() + "),eth_type(0x0800),ipv4(src=" + ip() + ",dst=" + ip()
                + ",proto=6,tos=0/0,ttl=0/0,frag=no),tcp(src=" + l4() + ",dst=" + l4() + ")" + counters()
                + ", dp:ovs, actions:" + portName();
    }

    /** Pod to remote pod: encapsulate into Geneve. */
    private String geneveEncap() {
        return "recirc_id(0),in_port(" + port() + "),eth(src=" + mac() + ",dst=" + mac() + "),eth_type(0x0800),"
                + "ipv4(src=" + ip() + ",dst=" + ip() + ",proto=6,tos=0/0x3,frag=no),tcp(src=" + l4() + ",dst=" + l4() + ")"
                + counters() + ", actions:set(tunnel(tun_id=0x" + hex(0xffffff) + ",dst=" + nodeIp()
                + ",ttl=64,tp_dst=6081,geneve({class=0x102,type=0x80,len=4,0x" + hex(0xffffff) + "}),flags(df|csum|key))),"
                + "genev_sys_6081";
    }

    /** OVN gateway MTU check: check_pkt_len with an ICMP-needs-frag controller action. */
    private String checkPktLen() {
        int recirc = random.nextInt(0x10000);
        return "recirc_id(" + recirc() + "),in_port(" + port() + "),packet_type(ns=0,id=0),eth(src=" + mac() + ",dst="
                + mac() + "),eth_type(0x0800),ipv4(src=" + ip() + ",dst=" + ip() + "/255.255.0.0,ttl=64,frag=no)"
                + counters() + ", actions:check_pkt_len(size=1514,gt(set(ipv4(ttl=63)),userspace(pid=3,"
                + "controller(reason=1,dont_send=0,continuation=0,recirc_id=" + recirc + ",rule_cookie=0x" + hex(0xfffffff)
                + ",controller_id=0,max_len=65535))),le(set(eth(src=" + mac() + ",dst=" + mac() + ")),set(ipv4(ttl=63)),"
                + port() + "))";
    }

    /** sFlow enabled on the bridge: sample + userspace inside the actions. */
    private String sflowSample() {
        return "recirc_id(0),in_port(" + port() + "),eth(src=" + mac() + ",dst=" + mac() + "),eth_type(0x0800),"
                + "ipv4(src=" + ip() + ",dst=" + ip() + ",proto=17,frag=no),udp(src=" + l4() + ",dst=" + l4() + ")"
                + counters() + ", actions:sample(sample=" + pick("0.1%", "1.0%", "10.0%") + ",actions(userspace(pid="
                + random.nextInt(5000) + ",sFlow(vid=0,pcp=0,output=" + port() + "),actions))),"
                + port();
    }

    /** Flows handled by ovs-vswitchd: slow path userspace actions. */
    private String slowPath() {
        return "recirc_id(0),in_port(" + port() + "),eth(src=" + mac() + ",dst=ff:ff:ff:ff:ff:ff),eth_type(0x0800),"
                + "ipv4(src=" + ip() + ",dst=255.255.255.255,proto=17,frag=no),udp(src=68,dst=67)" + counters()
                + ", actions:userspace(pid=" + random.nextInt(0x7fffffff) + ",slow_path(" + pick("controller", "action", "match") + "))";
    }

    /** OVN load balancer select group: hash then recirculate. */
    private String selectGroupHash() {
        return "ct_state(+new-est-rel-rpl+trk),recirc_id(" + recirc() + "),in_port(" + port() + "),eth(src=" + mac()
                + ",dst=" + mac() + "),eth_type(0x0800),ipv4(src=" + ip() + ",dst=" + ip() + ",proto=6,frag=no),"
                + "tcp(dst=" + l4() + ")" + counters() + ", actions:hash(l4(0)),recirc(" + recirc() + ")";
    }

    /** The recirculated select-group flow matching on dp_hash. */
    private String dpHashMatch() {
        return "recirc_id(" + recirc() + "),dp_hash(0x" + Integer.toHexString(random.nextInt(16)) + "/0xf),in_port("
                + port() + "),eth(src=" + mac() + "),eth_type(0x0800),ipv4(dst=" + ip() + ",proto=6,frag=no),"
                + "tcp(dst=" + l4() + ")" + counters() + ", actions:ct(commit,zone=" + zone() + ",mark=0x2/0x2,nat(dst="
                + ip() + ":" + l4() + ")),recirc(" + recirc() + ")";
    }

    /** Provider network: VLAN tagged traffic to a pod. */
    private String vlan() {
        int vid = 1 + random.nextInt(4094);
        return "recirc_id(0),in_port(" + port() + "),eth(src=" + mac() + ",dst=" + mac() + "),eth_type(0x8100),vlan(vid="
                + vid + ",pcp=0),encap(eth_type(0x0800),ipv4(src=" + ip() + ",dst=" + ip() + ",proto=6,frag=no),tcp(src="
                + l4() + ",dst=" + l4() + "))" + counters() + ", actions:pop_vlan," + port();
    }

    private String ipv6() {
        return "recirc_id(0),in_port(" + port() + "),eth(src=" + mac() + ",dst=" + mac() + "),eth_type(0x86dd),"
                + "ipv6(src=" + ip6() + ",dst=" + ip6() + ",label=0/0,proto=" + pick("6", "17", "58")
                + ",tclass=0/0x3,hlimit=" + (1 + random.nextInt(255)) + "/0,frag=" + pick("no", "no", "no", "first")
                + ")" + counters() + ", actions:ct(zone=" + zone() + "),recirc(" + recirc() + ")";
    }

    private String arp() {
        return "recirc_id(0),in_port(" + port() + "),eth(src=" + mac() + ",dst=ff:ff:ff:ff:ff:ff),eth_type(0x0806),"
                + "arp(sip=" + ip() + ",tip=" + ip() + ",op=1/0xff,sha=" + mac() + ",tha=00:00:00:00:00:00)"
                + counters() + ", actions:" + port() + "," + port() + "," + port();
    }

    /** Load balancer VIP: commit with DNAT and a label. */
    private String ctCommitNat() {
        return "ct_state(+new-est-rel-rpl-inv+trk),ct_zone(" + zone() + "),ct_mark(0/0x1),ct_label(0/0x"
                + hex(0xffff) + "),recirc_id(" + recirc() + "),in_port(" + port() + "),eth(src=" + mac() + ",dst=" + mac()
                + "),eth_type(0x0800),ipv4(src=" + ip() + "/255.255.255.0,dst=" + ip() + ",proto=6,ttl=64,frag=no),"
                + "tcp(src=" + l4() + "/0xff00,dst=" + l4() + ")" + counters()
                + ", actions:ct(commit,zone=" + zone() + ",label=0x" + hex(0xffff) + "/0xffff,nat(dst=" + ip() + ":"
                + l4() + ")),recirc(" + recirc() + ")";
    }

    /** OVS-DPDK PMD thread dump (Yunsilicon / Kube-OVN fork). */
    private String dpdkPmd() {
        return "ufid:" + ufid() + ", ct_state(-new+est-rel+rpl+trk),ct_mark(0/0x3),recirc_id(" + recirc() + "),in_port("
                + port() + "),packet_type(ns=0,id=0),eth(src=" + mac() + ",dst=" + mac() + "/01:00:00:00:00:00),"
                + "eth_type(0x0800),ipv4(dst=" + ip() + "/255.192.0.0,frag=no)" + counters() + ", dp:ovs, actions:ct(zone="
                + zone() + ",nat),recirc(" + recirc() + ")";
    }

    // --- Values ---------------------------------------------------------------------------------

    private String counters() {
        long packets = (long) Math.pow(10, random.nextInt(9)) + random.nextInt(1000);
        long bytes = packets * (60 + random.nextInt(1400));
        String used = random.nextInt(10) == 0 ? "never" : String.format(Locale.ROOT, "%d.%03ds", random.nextInt(10), random.nextInt(1000));
        return ", packets:" + packets + ", bytes:" + bytes + ", used:" + used;
    }

    private String mac() {
        return String.format(Locale.ROOT, "%02x:%02x:%02x:%02x:%02x:%02x", random.nextInt(256) & 0xfe | 0x02,
                random.nextInt(256), random.nextInt(256), random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    private String ip() {
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private String nodeIp() {
        return "192.168." + (200 + random.nextInt(4)) + "." + (1 + random.nextInt(254));
    }

    private String ip6() {
        return "fd00:10:" + Integer.toHexString(random.nextInt(0x10000)) + "::" + Integer.toHexString(1 + random.nextInt(0xfffe));
    }

    private int l4() {
        return 1 + random.nextInt(65535);
    }

    private int zone() {
        return random.nextInt(65536);
    }

    private String recirc() {
        return "0x" + Integer.toHexString(1 + random.nextInt(0xfffff));
    }

    private String port() {
        return Integer.toString(1 + random.nextInt(64));
    }

    /** A port as printed with --names: a Kube-OVN veth ({@code d85b161b6840_h}) or a fixed port. */
    private String portName() {
        if (random.nextBoolean()) {
            return String.format(Locale.ROOT, "%012x_h", random.nextLong() & 0xffffffffffffL);
        }
        return pick("eth0", "eth1", "genev_sys_6081", "patch-br-int-to-provnet");
    }

    private String ufid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String hex(int bound) {
        return Integer.toHexString(random.nextInt(bound));
    }

    private String tcpFlags() {
        return pick("S", "S.", "SFP.", "FP.", "R.", "P.");
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
