package io.hwoffload.core.catalog;

/** The oldest kernel, iproute2 and OVS a NIC's guide supports; null where it names none. */
public record MinimumVersions(String kernel, String iproute2, String ovs) {
}
