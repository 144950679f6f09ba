package io.hwoffload.core.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The NIC models hwoffload knows: the bundled catalog ({@code nic-catalog.yaml}), optionally extended or
 * overridden by a user's file of the same form (a model with a known name replaces the bundled one).
 */
public final class NicCatalog {
    private static final String RESOURCE = "/io/hwoffload/core/catalog/nic-catalog.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, NicModel> models;
    private final List<NicModel> ordered;

    private NicCatalog(Map<String, NicModel> models) {
        this.models = Map.copyOf(models);
        this.ordered = List.copyOf(models.values());
    }

    private record CatalogFile(List<NicModel> models) {
    }

    public static NicCatalog bundled() {
        try (InputStream in = NicCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the NIC catalog resource " + RESOURCE + " is missing from the jar");
            }
            return new NicCatalog(index(read(in.readAllBytes(), "the bundled NIC catalog"), "the bundled NIC catalog"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This catalog with the models of a user's catalog file added, replacing bundled models of the same name. */
    public NicCatalog withOverrides(byte[] yaml, String source) {
        Map<String, NicModel> merged = new LinkedHashMap<>();
        ordered.forEach(m -> merged.put(m.name(), m));
        merged.putAll(index(read(yaml, source), source));
        return new NicCatalog(merged);
    }

    public List<NicModel> models() {
        return ordered;
    }

    public Optional<NicModel> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    /** The model names, for error messages that list the choices. */
    public String names() {
        return ordered.stream().map(NicModel::name).collect(Collectors.joining(", "));
    }

    /** The model of a PF with these ids; when host and DPU sides share ids, {@code role} picks one. */
    public Optional<NicModel> forPhysicalFunction(String vendorId, String deviceId, NicRole role) {
        List<NicModel> candidates = ordered.stream().filter(m -> m.pf().matches(vendorId, deviceId)).toList();
        if (candidates.size() <= 1) {
            return candidates.stream().findFirst();
        }
        return candidates.stream().filter(m -> m.role() == role).findFirst()
                .or(() -> candidates.stream().findFirst());
    }

    private static List<NicModel> read(byte[] yaml, String source) {
        if (new String(yaml, StandardCharsets.UTF_8).isBlank()) {
            throw new CatalogException(source + ": the file is empty; expected a top-level 'models:' list");
        }
        try {
            CatalogFile file = YAML.readValue(yaml, CatalogFile.class);
            if (file == null || file.models() == null) {
                throw new CatalogException(source + ": expected a top-level 'models:' list");
            }
            return file.models();
        } catch (UnrecognizedPropertyException e) {
            throw new CatalogException(source + ": " + path(e) + ": unknown field '" + e.getPropertyName()
                    + "'; remove it or correct its spelling (known fields: " + knownFields(e) + ")");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof CatalogFieldException) {
                CatalogFieldException field = (CatalogFieldException) e.getCause();
                throw new CatalogException(source + ": " + path(e) + "." + field.field() + ": " + field.getMessage());
            }
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            throw new CatalogException(source + ": " + path(e) + ": " + firstLine(cause.getMessage()));
        } catch (IOException e) {
            throw new CatalogException(source + ": not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private static Map<String, NicModel> index(List<NicModel> models, String source) {
        Map<String, Integer> positions = new HashMap<>();
        Map<String, NicModel> byName = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            NicModel model = models.get(i);
            Integer first = positions.putIfAbsent(model.name(), i);
            if (first != null) {
                throw new CatalogException(source + ": models[" + i + "].name: '" + model.name()
                        + "' is already the name of models[" + first + "]; give each model its own name"
                        + " (to replace a bundled model, use its name once)");
            }
            byName.put(model.name(), model);
        }
        return byName;
    }

    private static String knownFields(UnrecognizedPropertyException e) {
        return e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(top level)" : path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "invalid value";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** A catalog file is wrong; the message names the file, the field path and what is expected. */
    public static final class CatalogException extends RuntimeException {
        public CatalogException(String message) {
            super(message);
        }
    }
}
