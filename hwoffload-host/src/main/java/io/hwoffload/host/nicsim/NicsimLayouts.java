package io.hwoffload.host.nicsim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The bundled nicsim layouts ({@code layouts.yaml}), one per catalog model nicsim can build. */
public final class NicsimLayouts {
    private static final String RESOURCE = "layouts.yaml";

    private final Map<String, NicsimLayout> byModel;

    private NicsimLayouts(List<NicsimLayout> layouts) {
        Map<String, NicsimLayout> map = new LinkedHashMap<>();
        for (NicsimLayout layout : layouts) {
            if (map.put(layout.model(), layout) != null) {
                throw new IllegalStateException(RESOURCE + ": model " + layout.model() + " has two layouts");
            }
        }
        this.byModel = map;
    }

    private record LayoutFile(List<NicsimLayout> layouts) {
    }

    public static NicsimLayouts bundled() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        try (InputStream in = NicsimLayouts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the nicsim resource " + RESOURCE + " is missing from the jar");
            }
            return new NicsimLayouts(yaml.readValue(in, LayoutFile.class).layouts());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the bundled " + RESOURCE + " failed", e);
        }
    }

    public Optional<NicsimLayout> layout(String model) {
        return Optional.ofNullable(byModel.get(model));
    }

    /** The models nicsim can build, in file order. */
    public List<String> models() {
        return List.copyOf(byModel.keySet());
    }
}
