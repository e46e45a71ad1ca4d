package org.omnileads.deploy.run;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** docs/events.schema.json, loaded once, for tests that check real {@code --json} output against it. */
public final class EventsSchema {
    private static final JsonSchema SCHEMA = load();

    private static JsonSchema load() {
        try (InputStream in = Files.newInputStream(Path.of("docs/events.schema.json"))) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What is wrong with one line of output, or an empty string when it follows the schema. */
    public static String problems(String line) {
        Set<ValidationMessage> errors = SCHEMA.validate(line, InputFormat.JSON);
        return errors.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; "));
    }

    /** Fails naming the line and its problems when any line of {@code out} does not follow the schema. */
    public static void assertValid(List<String> lines) {
        if (lines.isEmpty()) throw new AssertionError("no JSON line to check");
        for (String l : lines) {
            String p = problems(l);
            if (!p.isEmpty()) throw new AssertionError("not per docs/events.schema.json: " + p + "\n" + l);
        }
    }

    private EventsSchema() {}
}
