package io.hwoffload.host.apply;

import io.hwoffload.core.plan.NodeChanges;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/** Node changes that let {@code survive} changes through and then die, as a killed apply would. */
final class CrashingChanges {

    /** Thrown in place of the change that would have run next. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(int after) {
            super("simulated crash after " + after + " changes");
        }
    }

    private CrashingChanges() {
    }

    static NodeChanges after(int survive, NodeChanges delegate) {
        AtomicInteger made = new AtomicInteger();
        return (NodeChanges) Proxy.newProxyInstance(NodeChanges.class.getClassLoader(), new Class<?>[]{NodeChanges.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(delegate, args);
                    }
                    if (made.get() >= survive) {
                        throw new SimulatedCrash(survive);
                    }
                    made.incrementAndGet();
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
