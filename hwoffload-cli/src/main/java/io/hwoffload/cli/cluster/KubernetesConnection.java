package io.hwoffload.cli.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.hwoffload.cli.CommandFailedException;
import io.hwoffload.cli.UserInputException;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Kubernetes connection of the long-running commands, checked before anything starts: an API server that does
 * not answer {@code GET /version} within the timeout is one line naming the server and the kubeconfig, not
 * fabric8's retries and a stack trace.
 */
public final class KubernetesConnection {

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "A kubeconfig file (default: in-cluster service account, else $KUBECONFIG or ~/.kube/config).")
    Path kubeconfig;

    /** A client whose API server answered within {@code timeout}. */
    public KubernetesClient connect(Duration timeout) {
        KubernetesClient client = client();
        try {
            awaitApiServer(client, timeout);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** A client of the configured cluster, not yet in touch with it (fabric8 connects on the first request). */
    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    /** Returns once {@code client}'s API server answers, or fails naming it within {@code timeout}. */
    public static void awaitApiServer(KubernetesClient client, Duration timeout) {
        Config config = client.getConfiguration();
        try {
            CompletableFuture.supplyAsync(client::getKubernetesVersion).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(config, "no answer within " + timeout.toSeconds() + "s (--timeout)", e);
        } catch (ExecutionException e) {
            throw unreachable(config, rootMessage(e.getCause()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("interrupted while connecting to " + config.getMasterUrl(), e);
        }
    }

    private Config config() {
        if (kubeconfig == null) {
            return Config.autoConfigure(null);
        }
        if (!Files.isReadable(kubeconfig)) {
            throw new UserInputException("--kubeconfig " + kubeconfig + ": no such readable file");
        }
        try {
            return Config.fromKubeconfig(kubeconfig.toFile());
        } catch (KubernetesClientException e) {
            throw new UserInputException("--kubeconfig " + kubeconfig + ": " + e.getMessage());
        }
    }

    private static CommandFailedException unreachable(Config config, String why, Exception cause) {
        return new CommandFailedException("cannot reach the Kubernetes API server " + config.getMasterUrl() + " ("
                + source(config) + "): " + why + "; check the server address and that the API server runs", cause);
    }

    /** Which configuration fabric8 took, in its order: a kubeconfig file, else the pod's service account. */
    static String source(Config config) {
        File file = config.getFile();
        if (file != null) {
            return "kubeconfig " + file;
        }
        return System.getenv("KUBERNETES_SERVICE_HOST") != null ? "in-cluster service account"
                : "no kubeconfig found: give --kubeconfig, set KUBECONFIG or write ~/.kube/config";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
