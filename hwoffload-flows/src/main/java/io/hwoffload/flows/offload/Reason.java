package io.hwoffload.flows.offload;

/** Why a flow is not offloaded, and what to do about it; {@code code} is stable across releases. */
public record Reason(String code, String message, String remedy) {
}
