/**
 * The pod resource webhook: a mutating admission webhook that adds the SR-IOV device plugin resource of each
 * network attachment a pod selects to the pod's first container, as network-resources-injector does.
 */
package io.hwoffload.operator.webhook;
