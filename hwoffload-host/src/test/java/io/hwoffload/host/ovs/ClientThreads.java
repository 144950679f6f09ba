package io.hwoffload.host.ovs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** The helper threads of the clients of one target (their names end with it): none may outlive close(). */
final class ClientThreads {
    private ClientThreads() {
    }

    static void assertNoneLeftFor(SocketAddressSpec target) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!of(target).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(of(target)).as("client threads left running for %s", target.text()).isEmpty();
    }

    private static List<String> of(SocketAddressSpec target) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(name -> name.endsWith("-" + target.text())).toList();
    }
}
