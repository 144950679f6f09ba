/** In-cluster hwoffload: CRDs, the policy reconciler, the node agent and the pod resource webhook. */
package io.hwoffload.operator;
