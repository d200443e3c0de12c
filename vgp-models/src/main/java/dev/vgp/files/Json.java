package dev.vgp.files;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one JSON mapping of vgp's files ({@code experiment.json}, checkpoint state, plan files):
 * records map themselves by their components, in declaration order so files diff well.
 *
 * <p>Enums are written as their lower-case names ({@code "all_block_convs"}), as vgp has always
 * written them, and read back case-insensitively; both conversions are locale-independent, so a
 * JVM running in Turkish reads {@code "cosine"} as {@code COSINE}, not {@code COSİNE}.
 */
public final class Json {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new SimpleModule("vgp")
          .addSerializer(new LowerCaseEnumSerializer())
          // paths as the plain text a user reads and types, not as file: URIs
          .addSerializer(Path.class, ToStringSerializer.instance)
          .addDeserializer(Path.class, new FromStringDeserializer<>(Path.class) {
            @Override
            protected Path _deserialize(String value, DeserializationContext context) {
              return Path.of(value);
            }
          }))
      // times as ISO-8601 text ("2026-12-02T18:00:00Z"), as Instant.toString writes them
      .addModule(new JavaTimeModule())
      // an Optional field is its value or absent (with @JsonInclude(NON_ABSENT)), never null
      .addModule(new Jdk8Module())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      // experiment.json from a newer vgp may carry fields this one does not know
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
      .build();

  /**
   * Two-space indentation, {@code "key": value} and a final newline: the layout vgp 0.1 wrote by
   * hand, kept byte for byte because fingerprints are digests of this text.
   */
  private static final DefaultPrettyPrinter LAYOUT = new DefaultPrettyPrinter(
      Separators.createDefaultInstance()
          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
          .withObjectEmptySeparator("")
          .withArrayEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultPrettyPrinter.FixedSpaceIndenter());

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writer(LAYOUT).writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads {@code text} as a {@code type}.
   *
   * @throws IllegalArgumentException naming the line and column of the first problem
   */
  public static <T> T read(String text, Class<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new IllegalArgumentException((at == null ? "" : "line " + at.getLineNr() + ", column "
          + at.getColumnNr() + ": ") + e.getOriginalMessage(), e);
    }
  }

  /** {@code value} as the plain maps, lists, strings, numbers and booleans its JSON holds. */
  public static Object toTree(Object value) {
    return MAPPER.convertValue(value, Object.class);
  }

  private static final class LowerCaseEnumSerializer extends StdSerializer<Enum<?>> {

    @SuppressWarnings({"unchecked", "rawtypes"})
    LowerCaseEnumSerializer() {
      super((Class) Enum.class);
    }

    @Override
    public void serialize(Enum<?> value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeString(value.name().toLowerCase(Locale.ROOT));
    }
  }
}
