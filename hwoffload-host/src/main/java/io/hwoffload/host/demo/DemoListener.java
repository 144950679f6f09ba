package io.hwoffload.host.demo;

/** Progress of a demo for a person watching: each stage as it starts and ends, and lines worth seeing within one. */
public interface DemoListener {

    void started(String stage);

    void detail(String line);

    void finished(String stage, String outcome);
}
