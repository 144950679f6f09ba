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
import java.time.Duration;

import static io.hwoffload.operator.webhook.AdmissionFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector);

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
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, ec.resolve("tls.crt"), ec.resolve("tls.key"), injector);

        HttpResponse<String> response = post(ec, "/mutate-pods", AdmissionFixtures.text("missing-nad.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).at("/response/status/message").asText()).contains("default/sriov-missing");
    }

    @Test
    void healthzAnswers200() throws Exception {
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector);

        HttpResponse<String> response = client(rsa).send(HttpRequest.newBuilder(uri("/healthz")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void aMalformedBodyIs400WithTheReason() throws Exception {
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector);

        HttpResponse<String> response = post(rsa, "/mutate-pods", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("the body is v1 Pod; expected admission.k8s.io/v1 AdmissionReview");
    }

    @Test
    void aBodyOverTheCapIs413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector);
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
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector);

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
        server = PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), rsa.resolve("tls.key"), injector);
        URI health = uri("/healthz");

        server.close();
        server = null;

        assertThatThrownBy(() -> client(rsa).send(HttpRequest.newBuilder(health).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    void aMissingKeyFileIsNamed(@TempDir Path empty) {
        Path key = empty.resolve("tls.key");

        assertThatThrownBy(() -> PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), key, injector))
                .isInstanceOf(WebhookTlsException.class).hasMessage("key file " + key + " does not exist");
    }

    @Test
    void aMissingCertificateFileIsNamed(@TempDir Path empty) {
        Path cert = empty.resolve("tls.crt");

        assertThatThrownBy(() -> PodResourceWebhookServer.start(ANY_LOCAL_PORT, cert, rsa.resolve("tls.key"), injector))
                .isInstanceOf(WebhookTlsException.class).hasMessage("certificate file " + cert + " does not exist");
    }

    @Test
    void unparsableFilesAreNamedWithWhatIsWrong(@TempDir Path dir) throws Exception {
        Path notACertificate = Files.writeString(dir.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n");
        Path notAKey = Files.writeString(dir.resolve("tls.key"), "hello\n");
        Path pkcs1 = SelfSignedCertificates.pkcs1Copy(rsa.resolve("tls.key"), dir.resolve("pkcs1.key"));

        assertThatThrownBy(() -> PodResourceWebhookServer.start(ANY_LOCAL_PORT, notACertificate, rsa.resolve("tls.key"), injector))
                .isInstanceOf(WebhookTlsException.class)
                .hasMessageStartingWith("certificate file " + notACertificate + " is not a PEM certificate chain");
        assertThatThrownBy(() -> PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), notAKey, injector))
                .isInstanceOf(WebhookTlsException.class)
                .hasMessage("key file " + notAKey + " holds no '-----BEGIN PRIVATE KEY-----' block");
        assertThatThrownBy(() -> PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), pkcs1, injector))
                .isInstanceOf(WebhookTlsException.class)
                .hasMessageStartingWith("key file " + pkcs1 + " holds a PKCS#1/SEC1 key; the webhook reads PKCS#8: ")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsRefused() {
        Path foreignKey = ec.resolve("tls.key");

        assertThatThrownBy(() -> PodResourceWebhookServer.start(ANY_LOCAL_PORT, rsa.resolve("tls.crt"), foreignKey, injector))
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
