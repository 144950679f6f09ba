package io.hwoffload.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.inventory.InterfaceNames;
import io.hwoffload.core.inventory.OvsBridge;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.core.pci.PciId;
import io.hwoffload.core.policy.OvnKubernetesOptions.NodeMode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Reads OffloadPolicy documents (one file may hold several, separated by {@code ---}: a DPU setup has one
 * for the host and one for the DPU) and validates them completely: every problem is reported with its
 * field path and the fix, and nothing from a policy that fails here ever reaches a path, an argv or OVSDB.
 */
public final class PolicyReader {
    private static final YAMLMapper YAML = new YAMLMapper();

    private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
    private static final Pattern NAME = Pattern.compile(DNS_LABEL);
    private static final Pattern SUBDOMAIN = Pattern.compile("(?=.{1,253}$)" + DNS_LABEL + "(\\." + DNS_LABEL + ")*");
    private static final Pattern LABEL_KEY = Pattern.compile("((?=.{1,253}/)" + DNS_LABEL + "(\\." + DNS_LABEL + ")*/)?"
            + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    /**
     * A resourceName both the SR-IOV device plugin and the kubelet take: the plugin accepts {@code ^[a-zA-Z0-9_-]+$}
     * (sriov-network-device-plugin {@code pkg/utils/utils.go} ValidResourceName), and the kubelet registers only an
     * extended resource whose name part is a qualified name, at most 63 characters that begin and end with a letter
     * or digit (kubernetes {@code pkg/apis/core/v1/helper} IsExtendedResourceName, apimachinery IsQualifiedName).
     */
    private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?");
    private static final Pattern SHELL_VARIABLE = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");
    /** {@code https://host[:port]}, as a kubeconfig's server is; no path, no user info. */
    static boolean isHttpsUrl(String text) {
        return text.matches("https://[A-Za-z0-9.\\[\\]:-]{1,253}(:[0-9]{1,5})?");
    }

    /** OVN-Kubernetes' cluster network: {@code CIDR} or {@code CIDR/hostsubnet-length} (10.244.0.0/16/24). */
    static boolean isClusterCidr(String text) {
        int last = text.lastIndexOf('/');
        int first = text.indexOf('/');
        if (first != last && text.substring(last + 1).matches("[0-9]{1,3}")) {
            return IpLiteral.isCidr(text.substring(0, last)) && Integer.parseInt(text.substring(last + 1)) <= 128;
        }
        return IpLiteral.isCidr(text);
    }

    /** Values of a file the CNI sources as shell: nothing that needs quoting. */
    private static final Pattern SHELL_SAFE_VALUE = Pattern.compile("[A-Za-z0-9_.,:/=+@%-]{0,256}");
    private static final Pattern ESWITCH_MODE = Pattern.compile("switchdev|legacy");
    private static final Pattern TC_POLICY = Pattern.compile("none|skip_sw|skip_hw");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(s|m|h)");
    private static final Pattern PERCENT = Pattern.compile("([0-9]{1,3})%");
    private static final Pattern ON_FAILURE = Pattern.compile("pause|continue");

    private static final String INTERFACE_FIX = "is not an interface name (" + InterfaceNames.RULE + ")";

    private PolicyReader() {
    }

    /** Every policy in the file, or a {@link PolicyException} listing every problem of every document. */
    public static List<OffloadPolicy> read(byte[] yaml, String source) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (iterator.hasNextValue()) {
                JsonNode document = iterator.nextValue();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (JsonProcessingException e) {
            throw new PolicyException(source, List.of(syntaxError(e)));
        } catch (IOException | RuntimeException e) {
            throw new PolicyException(source, List.of("not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (documents.isEmpty()) {
            throw new PolicyException(source, List.of("no document; expected an OffloadPolicy (apiVersion: "
                    + OffloadPolicy.API_VERSION + ", kind: " + OffloadPolicy.KIND + ")"));
        }
        List<String> problems = new ArrayList<>();
        List<OffloadPolicy> policies = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < documents.size(); i++) {
            String prefix = documents.size() == 1 ? "" : "document " + (i + 1) + ": ";
            List<String> documentProblems = new ArrayList<>();
            OffloadPolicy policy = new DocumentReader(documents.get(i), documentProblems).read();
            if (policy != null && !names.add(policy.name())) {
                documentProblems.add("metadata.name: '" + policy.name() + "' is used by another document; give each policy its own name");
            }
            documentProblems.forEach(p -> problems.add(prefix + p));
            if (documentProblems.isEmpty()) {
                policies.add(policy);
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(source, problems);
        }
        return List.copyOf(policies);
    }

    /**
     * SnakeYAML's marks in a parse error: an optional context ("while parsing a flow mapping", where it began) and
     * the problem, each followed by {@code in 'reader', line L, column C:} (1-based, as editors show them).
     */
    private static final Pattern YAML_MARK = Pattern.compile("(?m)^([^\\n]*)\\n in '[^'\\n]*', line (\\d+), column (\\d+):");

    /** "line L, column C: not valid YAML: the problem (while ... that starts at line L', column C')". */
    private static String syntaxError(JsonProcessingException e) {
        List<MatchResult> marks = YAML_MARK.matcher(e.getOriginalMessage()).results().toList();
        if (marks.isEmpty()) {
            JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : "line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ": ";
            return where + "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("");
        }
        MatchResult problem = marks.get(marks.size() - 1);
        String context = marks.size() < 2 ? "" : " (" + marks.get(0).group(1).strip() + " that starts at line "
                + marks.get(0).group(2) + ", column " + marks.get(0).group(3) + ")";
        return "line " + problem.group(2) + ", column " + problem.group(3) + ": not valid YAML: "
                + problem.group(1).strip() + context;
    }

    /** One document's fields, read in the order a user writes them. */
    private static final class DocumentReader {
        private final PolicyField root;
        private final List<String> problems;
        /** spec.numVfs is misspelt (reported once): what depends on the count is not reported as well. */
        private boolean numVfsMisspelt;

        DocumentReader(JsonNode document, List<String> problems) {
            this.root = new PolicyField(document, "", problems);
            this.problems = problems;
        }

        OffloadPolicy read() {
            if (!root.object(Set.of("apiVersion", "kind", "metadata", "spec", "status"))) {
                problems.add("expected an OffloadPolicy document (apiVersion: " + OffloadPolicy.API_VERSION
                        + ", kind: " + OffloadPolicy.KIND + ")");
                return null;
            }
            root.field("apiVersion").text(Pattern.compile(Pattern.quote(OffloadPolicy.API_VERSION)),
                    "is not supported; write apiVersion: " + OffloadPolicy.API_VERSION);
            if (!root.field("apiVersion").isPresent()) {
                root.field("apiVersion").missing("write apiVersion: " + OffloadPolicy.API_VERSION);
            }
            root.field("kind").text(Pattern.compile(OffloadPolicy.KIND), "is not a policy; write kind: " + OffloadPolicy.KIND);
            String name = required(root.field("metadata").field("name"),
                    "give the policy a name of lower-case letters, digits and '-', such as mellanox-antrea")
                    .flatMap(f -> f.text(NAME, "is not a name: use lower-case letters, digits and '-' (at most 63),"
                            + " such as mellanox-antrea")).orElse(null);
            PolicyField spec = root.field("spec");
            if (!spec.object(Set.of("nodeSelector", "nicSelector", "numVfs", "eswitchMode", "hwTcOffload",
                    "resourcePools", "cni", "ovs", "rollout"))) {
                spec.missing("give at least nicSelector and cni");
                return null;
            }
            Map<String, String> nodeSelector = nodeSelector(spec.field("nodeSelector"));
            numVfsMisspelt = spec.field("numVfs").isMisspelt();
            Integer numVfs = spec.field("numVfs").integer(0, 65535,
                    "give the number of VFs to create on each selected PF, such as 4").orElse(null);
            NicRequest nic = nicSelector(spec.field("nicSelector"), name, numVfs);
            EswitchMode mode = spec.field("eswitchMode").text(ESWITCH_MODE, "is not an eSwitch mode; write switchdev"
                    + " (offload) or legacy").map(EswitchMode::fromLabel).orElse(EswitchMode.SWITCHDEV);
            Boolean hwTcOffload = spec.field("hwTcOffload").bool().orElse(null);
            List<ResourcePool> pools = resourcePools(spec.field("resourcePools"), numVfs);
            CniConfig cni = cni(spec.field("cni"), numVfs, pools);
            OvsSettings ovs = ovs(spec.field("ovs"));
            RolloutPolicy rollout = rollout(spec.field("rollout"));
            if (!problems.isEmpty()) {
                return null;
            }
            return new OffloadPolicy(name, nodeSelector, nic, mode, hwTcOffload, pools, cni, ovs, rollout);
        }

        private Optional<PolicyField> required(PolicyField field, String fix) {
            if (!field.isPresent()) {
                field.missing(fix);
                return Optional.empty();
            }
            return Optional.of(field);
        }

        private Map<String, String> nodeSelector(PolicyField field) {
            Map<String, String> selector = new LinkedHashMap<>();
            for (Map.Entry<String, PolicyField> entry : field.entries()) {
                if (!LABEL_KEY.matcher(entry.getKey()).matches()) {
                    entry.getValue().problem("is not a label key; write [prefix/]name such as kubernetes.io/hostname");
                    continue;
                }
                entry.getValue().text(LABEL_VALUE, "is not a label value (at most 63 letters, digits, '-', '_', '.')")
                        .ifPresent(v -> selector.put(entry.getKey(), v));
            }
            return selector;
        }

        private NicRequest nicSelector(PolicyField selector, String name, Integer numVfs) {
            if (!selector.object(Set.of("vendor", "deviceID", "pfNames", "rootDevices"))) {
                selector.missing("select the PFs with vendor (and deviceID), pfNames or rootDevices");
                return null;
            }
            String pciIdFix = "is not a PCI id; give four hex digits as lspci -nn shows them, quoted, such as \"15b3\"";
            String vendor = selector.field("vendor").text(PciId::isValid, pciIdFix).map(PciId::normalize).orElse(null);
            String device = selector.field("deviceID").text(PciId::isValid, pciIdFix).map(PciId::normalize).orElse(null);
            if (device != null && !selector.field("vendor").isPresent()) {
                selector.field("deviceID").problem("a device id means nothing without its vendor; add spec.nicSelector.vendor");
            }
            List<String> pfNames = new ArrayList<>();
            for (PolicyField pf : selector.field("pfNames").elements()) {
                pf.text(InterfaceNames::isValid, INTERFACE_FIX + "; give the PF's netdev such as enp3s0f0").ifPresent(pfNames::add);
            }
            List<PciAddress> rootDevices = new ArrayList<>();
            for (PolicyField rootDevice : selector.field("rootDevices").elements()) {
                rootDevice.parsed(PciAddress::parse).ifPresent(rootDevices::add);
            }
            if (!selector.field("vendor").isPresent() && !selector.field("pfNames").isPresent()
                    && !selector.field("rootDevices").isPresent()) {
                selector.problem("selects nothing; give vendor (and deviceID), pfNames or rootDevices");
            }
            return new NicRequest(name, vendor, device, pfNames, rootDevices, numVfs);
        }

        private List<ResourcePool> resourcePools(PolicyField field, Integer numVfs) {
            List<ResourcePool> pools = new ArrayList<>();
            for (PolicyField pool : field.elements()) {
                if (!pool.object(Set.of("resourcePrefix", "resourceName", "vfRange", "isRdma"))) {
                    continue;
                }
                String prefix = required(pool.field("resourcePrefix"), "give a domain such as mellanox.com")
                        .flatMap(f -> f.text(SUBDOMAIN, "is not a resource prefix; give a domain such as mellanox.com"))
                        .orElse(null);
                String resource = required(pool.field("resourceName"), "give a name such as cx5_sriov_switchdev")
                        .flatMap(f -> f.text(RESOURCE_NAME, "is not a resource name: use letters, digits, '_' and '-'"
                                + " (at most 63, beginning and ending with a letter or digit), such as cx5_sriov_switchdev")).orElse(null);
                Optional<VfIndexes> range = pool.field("vfRange").parsed(VfIndexes::parse);
                if (numVfs == null && !numVfsMisspelt || numVfs != null && numVfs == 0) {
                    pool.problem("a pool needs VFs; set spec.numVfs to 1 or more");
                } else if (range.isPresent() && range.get().last() >= numVfs) {
                    pool.field("vfRange").problem("VF " + range.get().last() + " does not exist with spec.numVfs "
                            + numVfs + "; VFs are numbered 0 to " + (numVfs - 1));
                }
                boolean rdma = pool.field("isRdma").bool().orElse(false);
                if (prefix != null && resource != null && numVfs != null && numVfs > 0) {
                    VfIndexes vfs = range.orElse(VfIndexes.all(numVfs));
                    for (int i = 0; i < pools.size(); i++) {
                        if (pools.get(i).vfs().overlaps(vfs)) {
                            pool.field("vfRange").problem("VFs " + vfs + " overlap spec.resourcePools[" + i + "] ("
                                    + pools.get(i).vfs() + "); a VF belongs to one pool: give each pool its own range");
                        }
                        if (pools.get(i).qualifiedName().equals(prefix + "/" + resource)) {
                            pool.field("resourceName").problem(prefix + "/" + resource + " is already spec.resourcePools["
                                    + i + "]; give each pool its own name");
                        }
                    }
                    pools.add(new ResourcePool(prefix, resource, vfs, rdma));
                }
            }
            return pools;
        }

        private CniConfig cni(PolicyField cni, Integer numVfs, List<ResourcePool> pools) {
            if (!cni.object(Set.of("type", "networkAttachment", "kubeOvn", "antrea", "ovnKubernetes"))) {
                cni.missing("give cni.type: kube-ovn, antrea or ovn-kubernetes");
                return null;
            }
            Optional<CniType> type = required(cni.field("type"), "give kube-ovn, antrea or ovn-kubernetes")
                    .flatMap(f -> f.text(Pattern.compile("kube-ovn|antrea|ovn-kubernetes"),
                            "is not a CNI hwoffload knows; give kube-ovn, antrea or ovn-kubernetes"))
                    .flatMap(CniType::fromLabel);
            NetworkAttachment attachment = networkAttachment(cni.field("networkAttachment"));
            for (String options : List.of("kubeOvn", "antrea", "ovnKubernetes")) {
                if (cni.field(options).isPresent() && type.isPresent() && !optionsOf(type.get()).equals(options)) {
                    cni.field(options).problem("options of another CNI; this policy's cni.type is " + type.get().label()
                            + ", whose options go in cni." + optionsOf(type.get()));
                }
            }
            cni.field("antrea").object(Set.of());
            KubeOvnOptions kubeOvn = type.filter(CniType.KUBE_OVN::equals).map(t -> kubeOvn(cni.field("kubeOvn"))).orElse(null);
            OvnKubernetesOptions ovnK = type.filter(CniType.OVN_KUBERNETES::equals)
                    .map(t -> ovnKubernetes(cni.field("ovnKubernetes"), numVfs, pools)).orElse(null);
            return new CniConfig(type.orElse(null), attachment, kubeOvn, ovnK);
        }

        private static String optionsOf(CniType type) {
            switch (type) {
                case KUBE_OVN:
                    return "kubeOvn";
                case ANTREA:
                    return "antrea";
                default:
                    return "ovnKubernetes";
            }
        }

        private NetworkAttachment networkAttachment(PolicyField field) {
            if (!field.object(Set.of("name", "namespace"))) {
                return null;
            }
            // A DNS-1123 label, not a subdomain: Kube-OVN names a NAD's provider <name>.<namespace>.ovn and splits it
            // on '.' into exactly three fields (pkg/util IsOvnProvider), so a dot in the name breaks it.
            String name = required(field.field("name"), "give the NetworkAttachmentDefinition's name, such as default")
                    .flatMap(f -> f.text(NAME, "is not a network name: lower-case letters, digits and '-' (at most 63),"
                            + " no '.', such as sriov-net1"))
                    .orElse(null);
            String namespace = field.field("namespace").text(NAME, "is not a namespace name (lower-case letters,"
                    + " digits and '-')").orElse("default");
            return new NetworkAttachment(name, namespace);
        }

        private KubeOvnOptions kubeOvn(PolicyField field) {
            field.object(Set.of("iface", "enableLb", "ovsDpdkConfig"));
            String iface = field.field("iface").text(InterfaceNames::isValid, INTERFACE_FIX + "; give the NIC that has the node IP, such as p0")
                    .orElse(null);
            boolean enableLb = field.field("enableLb").bool().orElse(true);
            Map<String, String> dpdk = new LinkedHashMap<>();
            for (Map.Entry<String, PolicyField> entry : field.field("ovsDpdkConfig").entries()) {
                if (!SHELL_VARIABLE.matcher(entry.getKey()).matches()) {
                    entry.getValue().problem("is not a variable name of ovs-dpdk-config (upper-case letters, digits, '_'),"
                            + " such as HW_OFFLOAD");
                    continue;
                }
                entry.getValue().text(SHELL_SAFE_VALUE, "cannot be written to a shell-sourced file safely; use letters,"
                        + " digits and _ . , : / = + @ % - only, such as 2048,2048").ifPresent(v -> dpdk.put(entry.getKey(), v));
            }
            return new KubeOvnOptions(iface, enableLb, dpdk);
        }

        private OvnKubernetesOptions ovnKubernetes(PolicyField field, Integer numVfs, List<ResourcePool> pools) {
            field.object(Set.of("nodeMode", "managementVf", "managementPortPool", "managementPortVfs", "hostNodeName",
                    "gatewayInterface", "gatewayNexthop", "encapIp", "encapType", "chassisHostname",
                    "gatewayRouterSubnet", "gatewayVlanId", "hostCluster"));
            NodeMode mode = field.field("nodeMode").text(Pattern.compile("full|dpu-host|dpu"),
                    "is not a node mode; give full, dpu-host or dpu").flatMap(NodeMode::fromLabel).orElse(NodeMode.FULL);
            Integer managementVf = field.field("managementVf").integer(0, 65534, "give the VF index of the management port,"
                    + " such as 0").orElse(null);
            String hostNode = field.field("hostNodeName").text(SUBDOMAIN, "is not a node name; give the DPU host's"
                    + " Kubernetes node name, such as dpu-host").orElse(null);
            String gatewayInterface = field.field("gatewayInterface").text(InterfaceNames::isValid, INTERFACE_FIX
                    + "; give the DPU's uplink, such as p0").orElse(null);
            String nexthop = field.field("gatewayNexthop").text(IpLiteral::isAddress,
                    "is not an IP address; give the gateway's address, such as 192.168.40.254").orElse(null);
            String managementPool = managementPortPool(field, pools);
            Integer managementPortVfs = field.field("managementPortVfs").integer(1, 256, "give how many VFs of"
                    + " managementPortPool ovnkube-node takes, such as 1 (one per primary user-defined network, and one)")
                    .orElse(null);
            if (managementPortVfs != null && managementPool == null && !field.field("managementPortPool").isPresent()) {
                field.field("managementPortVfs").problem("counts VFs of managementPortPool, which is not given");
            }
            if (mode == NodeMode.DPU_HOST && !field.field("managementVf").isPresent()
                    && !field.field("managementPortPool").isPresent()) {
                field.field("managementVf").missing("a dpu-host node needs a management port: a VF by index"
                        + " (managementVf: 0) or a device plugin pool of them (managementPortPool: <resourceName>)");
            }
            if (managementVf != null) {
                if (numVfs == null && !numVfsMisspelt || numVfs != null && managementVf >= numVfs) {
                    field.field("managementVf").problem("VF " + managementVf + " does not exist with spec.numVfs "
                            + numVfs + "; create it or pick a lower index");
                }
                for (int i = 0; i < pools.size(); i++) {
                    if (pools.get(i).vfs().contains(managementVf)) {
                        field.field("managementVf").problem("VF " + managementVf + " is in spec.resourcePools[" + i
                                + "] (" + pools.get(i).vfs() + "); the management port must stay out of every pool");
                    }
                }
            }
            if (mode == NodeMode.DPU) {
                required(field.field("hostNodeName"), "a dpu node needs its host's node name, such as dpu-host");
                required(field.field("gatewayInterface"), "a dpu node needs its gateway interface, such as p0");
            }
            if (mode == NodeMode.DPU) {
                notHere(field, mode, "a node with the VFs (full or dpu-host)", "managementVf", "managementPortPool",
                        "managementPortVfs");
            } else {
                notHere(field, mode, "a dpu node", "hostNodeName", "gatewayInterface", "gatewayNexthop", "encapIp",
                        "encapType", "chassisHostname", "gatewayRouterSubnet", "gatewayVlanId", "hostCluster");
            }
            return new OvnKubernetesOptions(mode, managementVf, managementPool,
                    managementPool == null ? null : Optional.ofNullable(managementPortVfs).orElse(1), hostNode,
                    gatewayInterface, nexthop, dpu(field));
        }

        /** The pool whose VFs are management ports: one of spec.resourcePools, by resourceName. */
        private String managementPortPool(PolicyField field, List<ResourcePool> pools) {
            Optional<String> name = field.field("managementPortPool").text(RESOURCE_NAME, "is not a resource name;"
                    + " give the resourceName of the spec.resourcePools entry whose VFs are management ports");
            if (name.isEmpty()) {
                return null;
            }
            if (pools.stream().noneMatch(pool -> pool.resourceName().equals(name.get()))) {
                field.field("managementPortPool").problem("'" + name.get() + "' is not the resourceName of any of"
                        + " spec.resourcePools; add a pool of management VFs, such as {resourcePrefix: mellanox.com,"
                        + " resourceName: " + name.get() + ", vfRange: 0}");
                return null;
            }
            if (pools.size() < 2) {
                field.field("managementPortPool").problem("'" + name.get() + "' is the policy's only pool; pods need a"
                        + " pool of their own: add one for them with the other VFs");
            }
            return name.get();
        }

        private OvnKubernetesOptions.Dpu dpu(PolicyField field) {
            String encapIp = field.field("encapIp").text(IpLiteral::isAddress, "is not an IP address; give the DPU's"
                    + " tunnel (Geneve) address, such as 198.51.100.10").orElse(null);
            String encapType = field.field("encapType").text(Pattern.compile("geneve|vxlan"), "is not an OVN"
                    + " encapsulation; give geneve or vxlan").orElse(null);
            String chassis = field.field("chassisHostname").text(SUBDOMAIN, "is not a host name; give the DPU's OVN"
                    + " chassis name, such as dpu").orElse(null);
            String routerSubnet = field.field("gatewayRouterSubnet").text(IpLiteral::isCidr, "is not a subnet; give the"
                    + " DPU host network's subnet, such as 203.0.113.0/24").orElse(null);
            Integer vlan = field.field("gatewayVlanId").integer(1, 4094, "give the gateway's VLAN id when it is not the native VLAN")
                    .orElse(null);
            OvnKubernetesOptions.HostCluster hostCluster = null;
            PolicyField cluster = field.field("hostCluster");
            if (cluster.object(Set.of("apiServer", "networkCidr", "serviceCidr"))) {
                String apiServer = required(cluster.field("apiServer"), "give the DPU host cluster's API server,"
                        + " such as https://172.25.0.2:6443").flatMap(f -> f.text(PolicyReader::isHttpsUrl, "is not an"
                        + " https URL of an API server, such as https://172.25.0.2:6443")).orElse(null);
                String network = cluster.field("networkCidr").text(PolicyReader::isClusterCidr, "is not a cluster"
                        + " network; give CIDR/hostsubnet-length as OVN-Kubernetes takes it, such as 10.244.0.0/16/24")
                        .orElse(null);
                String service = cluster.field("serviceCidr").text(IpLiteral::isCidr, "is not a subnet; give the"
                        + " host cluster's service CIDR, such as 10.96.0.0/16").orElse(null);
                hostCluster = new OvnKubernetesOptions.HostCluster(apiServer, network, service);
            }
            return new OvnKubernetesOptions.Dpu(encapIp, encapType, chassis, routerSubnet, vlan, hostCluster);
        }

        /** A field of another node mode: say whose it is rather than ignore it. */
        private void notHere(PolicyField field, NodeMode mode, String whose, String... names) {
            for (String name : names) {
                if (field.field(name).isPresent()) {
                    field.field(name).problem("is for " + whose + "; this policy's nodeMode is " + mode.label());
                }
            }
        }

        private OvsSettings ovs(PolicyField field) {
            if (!field.object(Set.of("hwOffload", "tcPolicy", "maxIdle", "bridges"))) {
                return null;
            }
            Boolean hwOffload = field.field("hwOffload").bool().orElse(null);
            String tcPolicy = field.field("tcPolicy").text(TC_POLICY, "is not a tc-policy; give none, skip_sw or skip_hw")
                    .orElse(null);
            Integer maxIdle = field.field("maxIdle").integer(100, 3_600_000, "give milliseconds, such as 10000").orElse(null);
            List<OvsBridge> bridges = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (PolicyField bridge : field.field("bridges").elements()) {
                if (!bridge.object(Set.of("name", "ports"))) {
                    continue;
                }
                Optional<String> name = required(bridge.field("name"), "give the bridge's name, such as brp0")
                        .flatMap(f -> f.text(InterfaceNames::isValid, INTERFACE_FIX));
                List<String> ports = new ArrayList<>();
                for (PolicyField port : bridge.field("ports").elements()) {
                    port.text(InterfaceNames::isValid, INTERFACE_FIX + "; give a netdev such as p0").ifPresent(p -> {
                        if (!seen.add(p)) {
                            port.problem("'" + p + "' is named twice; a port belongs to one bridge");
                        }
                        ports.add(p);
                    });
                }
                name.ifPresent(n -> {
                    if (!seen.add(n)) {
                        bridge.field("name").problem("'" + n + "' is named twice");
                    }
                    bridges.add(new OvsBridge(n, ports));
                });
            }
            return new OvsSettings(hwOffload, tcPolicy, maxIdle, bridges);
        }

        /** spec.rollout, every field optional; RolloutPolicy.DEFAULT's values where absent. */
        private RolloutPolicy rollout(PolicyField field) {
            RolloutPolicy defaults = RolloutPolicy.DEFAULT;
            if (!field.object(Set.of("maxUnavailable", "drain", "drainTimeout", "verify", "canary"))) {
                return defaults;
            }
            RolloutPolicy.Budget budget = budget(field.field("maxUnavailable")).orElse(defaults.maxUnavailable());
            RolloutPolicy.DrainMode drain = field.field("drain").parsed(RolloutPolicy.DrainMode::fromLabel)
                    .orElse(defaults.drain());
            Duration drainTimeout = duration(field.field("drainTimeout"), "such as 10m").orElse(defaults.drainTimeout());
            int canary = field.field("canary").integer(0, 10_000, "give how many nodes go first, alone, such as 1")
                    .orElse(defaults.canary());
            Duration limit = Duration.ofHours(24);
            if (drainTimeout.isZero() || drainTimeout.compareTo(limit) > 0) {
                field.field("drainTimeout").problem("'" + field.field("drainTimeout").textOrEmpty() + "' is not from 1s"
                        + " to 24h; give how long the pods may take to leave, such as 10m");
            }
            return new RolloutPolicy(budget, drain, drainTimeout, verify(field.field("verify")), canary);
        }

        /** A whole number of nodes from 1, or a percentage from 1% to 100%. */
        private Optional<RolloutPolicy.Budget> budget(PolicyField field) {
            if (!field.isPresent()) {
                return Optional.empty();
            }
            String fix = "give a number of nodes from 1, such as 1, or a percentage of the matched nodes, such as 25%";
            if (field.isText()) {
                return field.text(PERCENT, "is not a percentage; " + fix).map(text -> Integer.parseInt(text.replace("%", "")))
                        .filter(percent -> {
                            if (percent < 1 || percent > 100) {
                                field.problem("'" + percent + "%' is not from 1% to 100%; " + fix);
                                return false;
                            }
                            return true;
                        }).map(percent -> new RolloutPolicy.Budget(percent, true));
            }
            return field.integer(1, 100_000, fix).map(RolloutPolicy.Budget::nodes);
        }

        /** spec.rollout.verify: minOffloadRatio required; minPackets 1000, window 5m and onFailure pause by default. */
        private RolloutPolicy.Verify verify(PolicyField field) {
            if (!field.object(Set.of("minOffloadRatio", "minPackets", "window", "onFailure"))) {
                return null;
            }
            Optional<Double> ratio = required(field.field("minOffloadRatio"), "give the share of packets a changed node"
                    + " must offload before the next node goes, such as 0.9")
                    .flatMap(f -> f.decimal(0, 1, "give the offloaded share of packets, such as 0.9"));
            int minPackets = field.field("minPackets").integer(0, Integer.MAX_VALUE,
                    "give how many packets the ratio needs at least, such as 1000").orElse(1000);
            Duration window = duration(field.field("window"), "such as 5m").orElse(Duration.ofMinutes(5));
            boolean pause = field.field("onFailure").text(ON_FAILURE, "is not what to do; write pause (wait for a person)"
                    + " or continue (go on and report)").map("pause"::equals).orElse(true);
            return ratio.map(r -> new RolloutPolicy.Verify(r, minPackets, window, pause)).orElse(null);
        }

        private Optional<Duration> duration(PolicyField field, String example) {
            return field.text(DURATION, "is not a duration; write seconds, minutes or hours, " + example)
                    .map(text -> {
                        long amount = Long.parseLong(text.substring(0, text.length() - 1));
                        return switch (text.charAt(text.length() - 1)) {
                            case 's' -> Duration.ofSeconds(amount);
                            case 'm' -> Duration.ofMinutes(amount);
                            default -> Duration.ofHours(amount);
                        };
                    });
        }
    }
}
