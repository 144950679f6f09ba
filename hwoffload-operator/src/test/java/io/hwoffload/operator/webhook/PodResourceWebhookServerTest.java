package io.hwoffload.operator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;

import static io.hwoffload.operator.webhook.AdmissionFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PodResourceWebhookServerTest {
    private static final InetSocketAddress ANY_LOCAL_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    static Path rsa;
    @TempDir
    static Path ec;

    private final PodResourceInjector injector = new PodResourceInjector(AdmissionFixtures.networkAttachments());
    private PodResourceWebhookServer server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        SelfSignedCertificates.rsa(rsa);
        SelfSignedCertificates.ec(ec);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersAnAdmissionReviewOverTls() throws Exception {
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector, Optional::empty);

        HttpResponse<String> response = post(rsa, "/mutate-pods", AdmissionFixtures.text("default-network-nginx.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode review = json(response.body());
        assertThat(review.at("/response/uid").asText()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
        assertThat(review.at("/response/allowed").asBoolean()).isTrue();
        assertThat(review.at("/response/patchType").asText()).isEqualTo("JSONPatch");
        assertThat(review.at("/response/patch").asText()).isNotEmpty();
    }

    @Test
    void servesWithAnEcKeyToo() throws Exception {
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, ec.resolve("tls.crt"), ec.resolve("tls.key"), injector, Optional::empty);

        HttpResponse<String> response = post(ec, "/mutate-pods", AdmissionFixtures.text("missing-nad.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).at("/response/status/message").asText()).contains("default/sriov-missing");
    }

    @Test
    void healthzAnswers200() throws Exception {
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector, Optional::empty);

        HttpResponse<String> response = client(rsa).send(HttpRequest.newBuilder(uri("/healthz")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void healthzSaysWhatTheProcessReportsAndReadyzTheCertificate() throws Exception {
        AtomicReference<Optional<String>> liveness = new AtomicReference<>(Optional.empty());
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector,
                liveness::get);
        assertThat(get(rsa, "/readyz").statusCode()).isEqualTo(200);

        liveness.set(Optional.of("informers stopped: offloadpolicy/nodes"));
        HttpResponse<String> dead = get(rsa, "/healthz");
        assertThat(dead.statusCode()).isEqualTo(503);
        assertThat(dead.body()).isEqualTo("informers stopped: offloadpolicy/nodes\n");
    }

    /**
     * A kubelet updates a Secret volume as it does every projected volume: the files are links into {@code ..data},
     * itself a link to a new timestamped directory, swapped in one rename. A renewed certificate (new key too, as
     * cert-manager renews by default since 1.18) is served within {@link PodResourceWebhookServer#RELOAD_INTERVAL}
     * plus a handshake; a changed pair that cannot be served leaves the last good one in place and readiness failing.
     */
    @Test
    void aRenewedCertificateIsServedWithinTenSecondsOfTheSecretChanging(@TempDir Path volume) throws Exception {
        Path first = Files.createDirectory(volume.resolve("..2026_12_08_01_00_00.1"));
        SelfSignedCertificates.rsa(first);
        Files.createSymbolicLink(volume.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(volume.resolve("tls.crt"), Path.of("..data/tls.crt"));
        Files.createSymbolicLink(volume.resolve("tls.key"), Path.of("..data/tls.key"));
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, volume.resolve("tls.crt"), volume.resolve("tls.key"),
                injector, Optional::empty);
        assertThat(servedCertificate()).isEqualTo(certificate(first));

        Path renewed = Files.createDirectory(volume.resolve("..2026_12_08_01_00_01.2"));
        SelfSignedCertificates.rsa(renewed);
        long swapped = swapData(volume, renewed);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> servedCertificate().equals(certificate(renewed)));
        long servedAfterMillis = (System.nanoTime() - swapped) / 1_000_000;
        assertThat(servedAfterMillis).isLessThan(10_000);
        assertThat(get(renewed, "/readyz").statusCode()).isEqualTo(200);

        // A certificate whose key is not in the Secret (a half-done manual edit): keep serving, and say why.
        Path mismatched = Files.createDirectory(volume.resolve("..2026_12_08_01_00_02.3"));
        SelfSignedCertificates.rsa(mismatched);
        Files.copy(renewed.resolve("tls.key"), mismatched.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
        swapData(volume, mismatched);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> get(renewed, "/readyz").statusCode() == 503);
        assertThat(get(renewed, "/readyz").body()).contains("serving the previous certificate")
                .contains("does not belong to the first certificate");
        assertThat(servedCertificate()).isEqualTo(certificate(renewed));
    }

    /** Points {@code ..data} at {@code target} in one rename, as the kubelet's atomic writer does; when it did. */
    private static long swapData(Path volume, Path target) throws IOException {
        Path next = volume.resolve("..data_tmp");
        Files.createSymbolicLink(next, target.getFileName());
        Files.move(next, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return System.nanoTime();
    }

    /** The certificate the server presents to a new connection (a fresh context each time: no session resumed). */
    private Certificate servedCertificate() throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {new TrustingEveryone()}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }

    private static Certificate certificate(Path dir) throws Exception {
        try (var in = Files.newInputStream(dir.resolve("tls.crt"))) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private HttpResponse<String> get(Path trusted, String path) throws Exception {
        return client(trusted).send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Only to read which certificate is served; nothing is trusted on it. */
    private static final class TrustingEveryone implements javax.net.ssl.X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    @Test
    void aMalformedBodyIs400WithTheReason() throws Exception {
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector, Optional::empty);

        HttpResponse<String> response = post(rsa, "/mutate-pods", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("the body is v1 Pod; expected admission.k8s.io/v1 AdmissionReview");
    }

    @Test
    void aBodyOverTheCapIs413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector, Optional::empty);
        byte[] oversized = new byte[PodResourceWebhookServer.MAX_BODY_BYTES + 1];

        HttpResponse<String> declared = client(rsa).send(HttpRequest.newBuilder(uri("/mutate-pods"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(oversized)).build(), HttpResponse.BodyHandlers.ofString());
        // An input stream publisher has no length, so the body goes chunked and the cap applies while reading.
        HttpResponse<String> chunked = client(rsa).send(HttpRequest.newBuilder(uri("/mutate-pods"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(post(rsa, "/mutate-pods", AdmissionFixtures.text("no-annotations.json")).statusCode())
                .as("the server still answers after refusing large bodies").isEqualTo(200);
    }

    @Test
    void onlyPostOnTheExactPathIsTheWebhook() throws Exception {
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector, Optional::empty);

        HttpResponse<String> get = client(rsa).send(HttpRequest.newBuilder(uri("/mutate-pods")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> longer = post(rsa, "/mutate-pods/extra", AdmissionFixtures.text("no-annotations.json"));
        HttpResponse<String> elsewhere = post(rsa, "/mutate", AdmissionFixtures.text("no-annotations.json"));

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(longer.statusCode()).isEqualTo(404);
        assertThat(elsewhere.statusCode()).isEqualTo(404);
    }

    @Test
    void closeReleasesThePort() throws Exception {
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector, Optional::empty);
        URI health = uri("/healthz");

        server.close();
        server = null;

        assertThatThrownBy(() -> client(rsa).send(HttpRequest.newBuilder(health).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    void aMissingKeyFileIsNamed(@TempDir Path empty) {
        Path key = empty.resolve("tls.key");

        assertThatThrownBy(() -> PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), key, injector, Optional::empty))
                .isInstanceOf(WebhookTlsException.class).hasMessage("key file " + key + " does not exist");
    }

    @Test
    void aMissingCertificateFileIsNamed(@TempDir Path empty) {
        Path cert = empty.resolve("tls.crt");

        assertThatThrownBy(() -> PodResourceWebhookServer.start(ANY_LOCAL_PORT, cert, rsa.resolve("tls.key"), injector, Optional::empty))
                .isInstanceOf(WebhookTlsException.class).hasMessage("certificate file " + cert + " does not exist");
    }

    @Test
    void unparsableFilesAreNamedWithWhatIsWrong(@TempDir Path dir) throws Exception {
        Path notACertificate = Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n");
        Path notAKey = Files.writeString(dir.resolve("tls.key"), "hello\n");
        Path pkcs1 = SelfSignedCertificates.pkcs1Copy(rsa.resolve("tls.key"), dir.resolve("pkcs1.key"));

        assertThatThrownBy(() -> PodResourceWebhookServer.start(ANY_LOCAL_PORT, notACertificate, rsa.resolve("tls.key"), injector, Optional::empty))
                .isInstanceOf(WebhookTlsException.class)
                .hasMessageStartingWith("certificate file " + notACertificate + " is not a PEM certificate chain");
        assertThatThrownBy(() -> PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), notAKey, injector, Optional::empty))
                .isInstanceOf(WebhookTlsException.class)
                .hasMessage("key file " + notAKey + " holds no '-----BEGIN PRIVATE KEY-----' block");
        assertThatThrownBy(() -> PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), pkcs1, injector, Optional::empty))
                .isInstanceOf(WebhookTlsException.class)
                .hasMessageStartingWith("key file " + pkcs1 + " holds a PKCS#1/SEC1 key; the webhook reads PKCS#8: ")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRefused() {
        Path foreignKey = ec.resolve("tls.key");

        assertThatThrownBy(() -> PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), foreignKey, injector, Optional::empty))
                .isInstanceOf(WebhookTlsException.class)
                .hasMessage("key file " + foreignKey + " does not belong to the first certificate in " + rsa.resolve("tls.crt"));
    }

    private HttpResponse<String> post(Path certDir, String path, String body) throws Exception {
        return client(certDir).send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + server.port() + path);
    }

    private static HttpClient client(Path certDir) throws IOException, java.security.GeneralSecurityException {
        return HttpClient.newBuilder().sslContext(SelfSignedCertificates.trusting(certDir.resolve("tls.crt")))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }
}
