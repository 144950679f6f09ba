package io.hwoffload.core.catalog;

/**
 * One field of a catalog entry is missing or wrong. Carries the field's name so that {@link NicCatalog} can
 * report the whole path ({@code models[2].pf.vendor}) next to what is expected.
 */
public final class CatalogFieldException extends IllegalArgumentException {
    private final String field;

    public CatalogFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field's name relative to the object being built, e.g. {@code vendor} or {@code devices[1]}. */
    public String field() {
        return field;
    }

    static <T> T required(T value, String field, String expected) {
        if (value == null) {
            throw new CatalogFieldException(field, "missing; expected " + expected);
        }
        return value;
    }
}
