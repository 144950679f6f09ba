package io.hwoffload.operator.agent;

import io.hwoffload.core.policy.RolloutPolicy;
import io.hwoffload.operator.crd.NodeStateStatus.RolloutStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a changed node offloads enough for the rollout to go on: a coverage sample with at least
 * {@code minPackets} packets, {@code minOffloadRatio} of them offloaded, within {@code window} of the change. Short of
 * it when the window closes, the node pauses the rollout (or, with {@code onFailure: continue}, is Done and says so).
 * Pure: the agent feeds it each coverage sample while the node is Verifying.
 */
final class RolloutVerification {
    static final String RESUME_ANNOTATION = "hwoffload.io/resume-rollout";
    static final String VERIFICATION_FAILED = "VerificationFailed";

    private RolloutVerification() {
    }

    static RolloutStatus judge(String nodeName, RolloutStatus verifying, RolloutPolicy.Verify verify,
                               Optional<CoverageSample> sample, Instant now) {
        String at = now.truncatedTo(ChronoUnit.MILLIS).toString();
        String measured = sample.map(RolloutVerification::describe)
                .orElse("no coverage sample (ovs-vswitchd does not answer)");
        boolean enough = sample.filter(s -> s.packets() >= verify.minPackets())
                .flatMap(CoverageSample::offloadRatio).filter(ratio -> ratio >= verify.minOffloadRatio()).isPresent();
        if (enough) {
            return phase(verifying, RolloutPhase.DONE, at, "verified: " + measured, null);
        }
        if (now.isBefore(Instant.parse(verifying.since()).plus(verify.window()))) {
            String message = "measuring offload until " + verify.describe() + ": " + measured;
            return message.equals(verifying.message()) ? verifying
                    : new RolloutStatus(verifying.phase(), verifying.requestedAt(), verifying.since(),
                    verifying.generations(), message, verifying.cordoned(), null, verifying.resumedWith());
        }
        String shortOf = measured + ", short of " + verify.describe();
        if (!verify.pauseOnFailure()) {
            return phase(verifying, RolloutPhase.DONE, at, "verification failed, going on (onFailure: continue): " + shortOf,
                    null);
        }
        return phase(verifying, RolloutPhase.PAUSED, at, shortOf + "; no further node is changed until it offloads or"
                + " someone resumes it: kubectl annotate offloadnodestate " + nodeName + " " + RESUME_ANNOTATION + "=1 --overwrite",
                VERIFICATION_FAILED);
    }

    private static RolloutStatus phase(RolloutStatus from, RolloutPhase phase, String at, String message, String because) {
        return new RolloutStatus(phase.label(), from.requestedAt(), at, from.generations(), message, from.cordoned(),
                because, from.resumedWith());
    }

    /** "0.30 of 5000 packets offloaded; not offloaded mostly because of ct-state-invalid, ...". */
    static String describe(CoverageSample sample) {
        String ratio = sample.offloadRatio().map(r -> String.format(Locale.ROOT, "%.2f", r)).orElse("none");
        return ratio + " of " + sample.packets() + " packets offloaded" + (sample.topReasons().isEmpty() ? ""
                : "; not offloaded mostly because of " + String.join(", ", sample.topReasons()));
    }
}
