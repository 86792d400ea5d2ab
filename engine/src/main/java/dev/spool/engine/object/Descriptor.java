package dev.spool.engine.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spool.engine.format.FieldType;
import dev.spool.engine.format.LogFormat;
import dev.spool.engine.format.StoredField;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The self-description in every buffer header: which log the buffer belongs to, its format and
 * the record layout, as compact JSON, for example
 * {@code {"v":1,"minor":0,"log":"access","mode":"binary","format":"%<time> %<msg>","fields":[{"name":"msg","type":"string"}]}}.
 * A reader needs nothing else to render the buffer. Keys it does not know are ignored; a field
 * type it does not know is {@link FieldType#UNKNOWN} and listed in {@code unknownTypes}
 * (FORMAT.md, "Versions").
 */
public record Descriptor(String log, String mode, String format, List<StoredField> fields, int minor,
                         List<String> unknownTypes) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The minor version of the format this Spool writes (FORMAT.md): within major
     * {@code LogBufferHeader.MAJOR}, a minor version may only add what an older reader can skip
     * (entry kinds, field types, descriptor keys).
     */
    public static final int MINOR = 0;

    /** Encodes the descriptor of a log object. */
    static byte[] of(final LogObjectConfig config, final LogFormat format) {
        final ObjectNode root = JSON.createObjectNode();
        root.put("v", 1);
        root.put("minor", MINOR);
        root.put("log", config.name());
        root.put("mode", config.mode().name().toLowerCase(Locale.ROOT));
        root.put("format", format.template());
        final ArrayNode fields = root.putArray("fields");
        for (final StoredField f : format.stored()) {
            final ObjectNode n = fields.addObject();
            n.put("name", f.name());
            if (f.key() != null) {
                n.put("key", f.key());
            }
            n.put("type", f.type().name().toLowerCase(Locale.ROOT));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot encode descriptor", e);
        }
    }

    /**
     * Decodes a descriptor read from a buffer header.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static Descriptor parse(final byte[] bytes) {
        final JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (final IOException e) {
            throw new IllegalArgumentException("descriptor is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.path("format").isTextual() || !root.path("fields").isArray()) {
            throw new IllegalArgumentException("descriptor lacks \"format\" or \"fields\"");
        }
        final List<StoredField> fields = new ArrayList<>();
        final List<String> unknown = new ArrayList<>();
        for (final JsonNode f : root.get("fields")) {
            final String name = f.path("name").asText(null);
            final String type = f.path("type").asText("");
            if (name == null) {
                throw new IllegalArgumentException("descriptor field without a name");
            }
            FieldType t;
            try {
                t = FieldType.valueOf(type.toUpperCase(Locale.ROOT));
            } catch (final IllegalArgumentException e) {
                t = FieldType.UNKNOWN;
            }
            if (t == FieldType.UNKNOWN) { // a newer minor version's type: skipped, shown as ?
                unknown.add(name + " (" + type + ")");
            }
            fields.add(new StoredField(name, f.hasNonNull("key") ? f.get("key").asText() : null, t));
        }
        return new Descriptor(root.path("log").asText(""), root.path("mode").asText(""),
            root.get("format").asText(), List.copyOf(fields), root.path("minor").asInt(0), List.copyOf(unknown));
    }
}
