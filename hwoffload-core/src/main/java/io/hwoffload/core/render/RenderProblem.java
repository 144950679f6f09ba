package io.hwoffload.core.render;

/**
 * One reason the policies cannot be rendered: the field it is about, as a path through the policies
 * ({@code policies[corigine-kube-ovn].spec.cni.kubeOvn.enableLb}), and what is wrong with the fix.
 */
public record RenderProblem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
