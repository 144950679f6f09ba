package io.hwoffload.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every class with test methods, in every module, has a name surefire runs: the parent POM's one include list.
 * A class named otherwise compiles and is silently never run by {@code mvn verify}.
 */
class TestClassNamesTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern INCLUDE = Pattern.compile("<include>\\*\\*/\\*([A-Za-z]+)\\.java</include>");
    /** JUnit Jupiter's and jqwik's test method annotations. */
    private static final Pattern TEST_METHOD = Pattern.compile(
            "^\\s*@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|Property|Example)\\b", Pattern.MULTILINE);

    @Test
    void everyClassWithTestMethodsHasANameSurefireIncludes() throws IOException {
        List<String> suffixes = includedSuffixes();
        assertThat(suffixes).containsExactlyInAnyOrder("Test", "Tests", "Properties");

        List<Path> testClasses = testSources().filter(TestClassNamesTest::hasTestMethods).toList();
        assertThat(testClasses).as("test classes found under */src/test/java").hasSizeGreaterThan(50)
                .anyMatch(p -> p.endsWith("ApplyConvergenceProperties.java"))
                .anyMatch(p -> p.endsWith("ReportCommandInChromiumTest.java"));
        assertThat(testClasses).filteredOn(p -> !included(p, suffixes))
                .as("classes surefire would never run: rename each to end in one of %s", suffixes)
                .isEmpty();
    }

    @Test
    void theRuleCatchesTheNamesThatWereSkipped() {
        List<String> suffixes = List.of("Test", "Tests", "Properties");
        assertThat(included(Path.of("ReportCommandTestBoundedMemory.java"), suffixes)).isFalse();
        assertThat(included(Path.of("ReportCommandTestInChromium.java"), suffixes)).isFalse();
        assertThat(included(Path.of("ApplyConvergenceProperties.java"), suffixes)).isTrue();
        assertThat(hasTestMethodsIn("class A {\n    @Property\n    void p() {}\n}")).isTrue();
        assertThat(hasTestMethodsIn("/** Helper for {@link Test}. */\nfinal class Fixtures {}")).isFalse();
    }

    private static List<String> includedSuffixes() throws IOException {
        Matcher matcher = INCLUDE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        return matcher.results().map(m -> m.group(1)).toList();
    }

    private static Stream<Path> testSources() throws IOException {
        try (Stream<Path> modules = Files.list(ROOT)) {
            List<Path> roots = modules.map(m -> m.resolve("src/test/java")).filter(Files::isDirectory).toList();
            Stream.Builder<Path> sources = Stream.builder();
            for (Path root : roots) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(sources);
                }
            }
            return sources.build();
        }
    }

    private static boolean included(Path source, List<String> suffixes) {
        String name = source.getFileName().toString().replaceFirst("\\.java$", "");
        return suffixes.stream().anyMatch(name::endsWith);
    }

    private static boolean hasTestMethods(Path source) {
        try {
            return hasTestMethodsIn(Files.readString(source));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + source, e);
        }
    }

    private static boolean hasTestMethodsIn(String text) {
        return TEST_METHOD.matcher(text).find();
    }
}
