package io.hwoffload.operator.webhook;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** PEM certificates and keys for 127.0.0.1, made by openssl the way a kubernetes.io/tls Secret holds them. */
final class SelfSignedCertificates {
    private static final String OPENSSL = "/usr/bin/openssl";

    private SelfSignedCertificates() {
    }

    /** {@code <dir>/tls.crt} and {@code <dir>/tls.key} (PKCS#8) for a new RSA key. */
    static void rsa(Path dir) throws IOException, InterruptedException {
        request(dir, "rsa:2048");
    }

    /** {@code <dir>/tls.crt} and {@code <dir>/tls.key} (PKCS#8) for a new P-256 key. */
    static void ec(Path dir) throws IOException, InterruptedException {
        request(dir, "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");
    }

    /** The same RSA key in PKCS#1 ("BEGIN RSA PRIVATE KEY"), as cert-manager writes it by default. */
    static Path pkcs1Copy(Path pkcs8Key, Path target) throws IOException, InterruptedException {
        openssl("rsa", "-in", pkcs8Key.toString(), "-traditional", "-out", target.toString());
        return target;
    }

    /** A client context that trusts exactly this certificate. */
    static SSLContext trusting(Path certFile) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certFile)) {
            trusted.setCertificateEntry("webhook", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    private static void request(Path dir, String... newKey) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("req", "-x509", "-newkey"));
        args.addAll(List.of(newKey));
        args.addAll(List.of("-nodes", "-days", "1", "-subj", "/CN=pod-resource-webhook",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", dir.resolve("tls.key").toString(), "-out", dir.resolve("tls.crt").toString()));
        openssl(args.toArray(new String[0]));
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(OPENSSL));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " did not finish in 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed with " + process.exitValue() + ": " + output);
        }
    }
}
