package io.hwoffload.host.discovery;

import io.hwoffload.core.inventory.EswitchMode;
import io.hwoffload.core.pci.PciAddress;
import io.hwoffload.host.NetlinkQueries;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Netlink answers for fixture trees, which have no kernel behind them. */
final class FakeNetlink implements NetlinkQueries {
    private final Map<PciAddress, EswitchMode> modes = new HashMap<>();
    private final Map<String, Boolean> features = new HashMap<>();

    FakeNetlink mode(String pf, EswitchMode mode) {
        modes.put(PciAddress.parse(pf), mode);
        return this;
    }

    FakeNetlink feature(String netdev, String feature, boolean on) {
        features.put(netdev + "/" + feature, on);
        return this;
    }

    @Override
    public EswitchMode eswitchMode(PciAddress pf) {
        return modes.getOrDefault(pf, EswitchMode.UNSUPPORTED);
    }

    @Override
    public Optional<Boolean> feature(String netdev, String feature) {
        return Optional.ofNullable(features.get(netdev + "/" + feature));
    }
}
