package io.hwoffload.cli.install;

import io.hwoffload.cli.HwoffloadCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** dev/install and the repository's launcher, run as a user runs them: through a symlink on PATH. */
class InstallTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private record Run(int exitCode, String stdout, String stderr) {
    }

    @Test
    void installPutsALauncherCompletionAndManPagesUnderThePrefixAndUninstallRemovesThem(@TempDir Path dir)
            throws Exception {
        Path prefix = dir.resolve("prefix");
        Run install = run(List.of(REPOSITORY.resolve("dev/install").toString(), "--prefix", prefix.toString(),
                "--jar", thinJar(dir).toString()), List.of());
        assertThat(install.exitCode()).as(install.stderr()).isZero();

        Path onPath = Files.createDirectories(dir.resolve("on-path"));
        Files.createSymbolicLink(onPath.resolve("hwoffload"), prefix.resolve("bin/hwoffload"));
        Run version = run(List.of("hwoffload", "--version"), List.of(onPath.toString()));
        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("hwoffload ");

        assertThat(Files.readString(prefix.resolve("share/bash-completion/completions/hwoffload")))
                .contains("complete -F _complete_hwoffload -o default hwoffload");
        Path man1 = prefix.resolve("share/man/man1");
        assertThat(Files.readString(man1.resolve("hwoffload.1"))).contains(".TH \"HWOFFLOAD\" \"1\"");
        assertThat(Files.readString(man1.resolve("hwoffload-apply.1"))).contains("dry\\-run");
        assertThat(Files.readString(man1.resolve("hwoffload-flows-analyze.1"))).contains("fail\\-below");
        assertThat(Files.readString(prefix.resolve("bin/hwoffload"))).contains(prefix.resolve("lib/hwoffload/hwoffload.jar")
                .toString());

        Run uninstall = run(List.of(REPOSITORY.resolve("dev/install").toString(), "--uninstall", "--prefix",
                prefix.toString()), List.of());
        assertThat(uninstall.exitCode()).as(uninstall.stderr()).isZero();
        try (Stream<Path> left = Files.walk(prefix)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void installRefusesAPrefixItCannotWriteIntoALauncherSafely(@TempDir Path dir) throws Exception {
        Run run = run(List.of(REPOSITORY.resolve("dev/install").toString(), "--prefix", "relative/dir"), List.of());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--prefix must be an absolute path");
        Run quote = run(List.of(REPOSITORY.resolve("dev/install").toString(), "--prefix", dir + "/a\"b"), List.of());
        assertThat(quote.exitCode()).isEqualTo(2);
        assertThat(Files.exists(dir.resolve("a\"b"))).isFalse();
    }

    /**
     * The repository's ./hwoffload symlinked onto PATH finds the repository, not the link's directory: stand-ins
     * for mvn and java on PATH record how it would build and run, without building.
     */
    @Test
    void repositoryLauncherSymlinkedOntoPathFindsItsRepository(@TempDir Path dir) throws Exception {
        Path stubs = Files.createDirectories(dir.resolve("stubs"));
        Path calls = dir.resolve("calls");
        stub(stubs.resolve("mvn"), "echo \"mvn $*\" >> " + calls);
        stub(stubs.resolve("java"), "echo \"java $*\" >> " + calls);
        Files.createSymbolicLink(stubs.resolve("hwoffload"), REPOSITORY.resolve("hwoffload"));

        Run run = run(List.of("hwoffload", "--version"), List.of(stubs.toString()));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(Files.readAllLines(calls)).last().asString()
                .isEqualTo("java -jar " + REPOSITORY.resolve("hwoffload-cli/target/hwoffload.jar") + " --version");
    }

    private static void stub(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A jar whose manifest runs the CLI from this test's class path: what the shaded jar does, without building it. */
    private static Path thinJar(Path dir) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, HwoffloadCommand.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, Arrays.stream(classpath.split(":"))
                .filter(entry -> !entry.isEmpty()).map(entry -> Path.of(entry).toUri().toString())
                .collect(Collectors.joining(" ")));
        Path jar = dir.resolve("hwoffload.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }

    private static Run run(List<String> command, List<String> pathFirst) throws Exception {
        Path stdout = Files.createTempFile("hwo-install-", ".out");
        Path stderr = Files.createTempFile("hwo-install-", ".err");
        try {
            // env looks the program up on the PATH given here, as a shell would (ProcessBuilder uses this JVM's).
            List<String> argv = new ArrayList<>(List.of("/usr/bin/env"));
            argv.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            List<String> path = new ArrayList<>(pathFirst);
            path.add(System.getenv("PATH"));
            builder.environment().put("PATH", String.join(":", path));
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in 5 minutes");
            }
            return new Run(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
