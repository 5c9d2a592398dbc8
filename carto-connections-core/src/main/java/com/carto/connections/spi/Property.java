package com.carto.connections.spi;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;
import com.carto.connections.secrets.Secret;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A typed description of one connection setting: its name (the key in the raw map, camelCase), type, whether it is
 * required, its default, its choices, whether it is secret, a description for forms and docs, and a group.
 * Immutable: each {@code required()}, {@code defaultValue(…)}, … returns a new descriptor.
 *
 * <pre>{@code
 * static final Property<Integer> PORT = Property.integer("port").range(1, 65_535).defaultValue(5432)
 *         .describedAs("Server port");
 * }</pre>
 *
 * @param <T> the Java type of a parsed value
 */
public final class Property<T> {
    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][a-zA-Z0-9]*");

    private final String name;
    private final PropertyType type;
    private final Class<T> valueType;
    private final boolean required;
    private final @Nullable T defaultValue;
    private final List<String> choices;
    private final String description;
    private final PropertyGroup group;
    private final int minimum;
    private final int maximum;
    private final int maxLength;
    private final Function<? super T, Optional<String>> rule;

    private Property(Draft<T> draft) {
        this.name = draft.name;
        this.type = draft.type;
        this.valueType = draft.valueType;
        this.required = draft.required;
        this.defaultValue = draft.defaultValue;
        this.choices = draft.choices;
        this.description = draft.description;
        this.group = draft.group;
        this.minimum = draft.minimum;
        this.maximum = draft.maximum;
        this.maxLength = draft.maxLength;
        this.rule = draft.rule;
    }

    private static <T> Property<T> create(String name, PropertyType type, Class<T> valueType, PropertyGroup group) {
        requireNonNull(name, "name is null");
        if (!CAMEL_CASE.matcher(name).matches()) {
            throw new IllegalArgumentException("property names are camelCase ASCII but was " + name);
        }
        return new Property<>(new Draft<>(name, type, valueType, group));
    }

    /** A copy of this descriptor with one attribute changed, so each refinement below names only what it changes. */
    private Property<T> with(Consumer<Draft<T>> change) {
        Draft<T> draft = new Draft<>(name, type, valueType, group);
        draft.required = required;
        draft.defaultValue = defaultValue;
        draft.choices = choices;
        draft.description = description;
        draft.minimum = minimum;
        draft.maximum = maximum;
        draft.maxLength = maxLength;
        draft.rule = rule;
        change.accept(draft);
        return new Property<>(draft);
    }

    public static Property<String> string(String name) {
        return create(name, PropertyType.STRING, String.class, PropertyGroup.CONNECTION);
    }

    public static Property<String> text(String name) {
        return create(name, PropertyType.TEXT, String.class, PropertyGroup.CONNECTION);
    }

    public static Property<Integer> integer(String name) {
        return create(name, PropertyType.INTEGER, Integer.class, PropertyGroup.CONNECTION);
    }

    public static Property<Boolean> bool(String name) {
        return create(name, PropertyType.BOOLEAN, Boolean.class, PropertyGroup.CONNECTION);
    }

    public static Property<Duration> duration(String name) {
        return create(name, PropertyType.DURATION, Duration.class, PropertyGroup.ADVANCED);
    }

    /** A secret, in the {@link PropertyGroup#AUTHENTICATION} group unless moved. */
    public static Property<Secret> secret(String name) {
        return create(name, PropertyType.SECRET, Secret.class, PropertyGroup.AUTHENTICATION);
    }

    public static Property<String> choice(String name, String... choices) {
        if (choices.length == 0) {
            throw new IllegalArgumentException(name + " needs at least one choice");
        }
        List<String> allowed = List.of(choices);
        return create(name, PropertyType.CHOICE, String.class, PropertyGroup.CONNECTION)
                .with(draft -> draft.choices = allowed);
    }

    public Property<T> required() {
        if (defaultValue != null) {
            throw new IllegalStateException(name + " has a default, so it cannot be required");
        }
        return with(draft -> draft.required = true);
    }

    public Property<T> defaultValue(T value) {
        requireNonNull(value, "value is null");
        if (required) {
            throw new IllegalStateException(name + " is required, so it cannot have a default");
        }
        if (type == PropertyType.SECRET) {
            throw new IllegalStateException(name + " is secret; a secret never has a default");
        }
        Property<T> property = with(draft -> draft.defaultValue = value);
        // The default must itself be a valid value, so docs and forms never advertise something that fails.
        property.check(value).ifPresent(problem -> {
            throw new IllegalArgumentException("default of " + name + " " + problem);
        });
        return property;
    }

    public Property<T> describedAs(String description) {
        requireNonNull(description, "description is null");
        return with(draft -> draft.description = description);
    }

    public Property<T> inGroup(PropertyGroup group) {
        requireNonNull(group, "group is null");
        return with(draft -> draft.group = group);
    }

    /** Accepts integers from {@code minimum} to {@code maximum}, both included. */
    public Property<T> range(int minimum, int maximum) {
        if (type != PropertyType.INTEGER) {
            throw new IllegalStateException(name + " is not an integer");
        }
        if (minimum > maximum) {
            throw new IllegalArgumentException("minimum " + minimum + " is above maximum " + maximum);
        }
        return with(draft -> {
            draft.minimum = minimum;
            draft.maximum = maximum;
        });
    }

    /**
     * Accepts text of at most {@code maxLength} characters (UTF-16 units, as {@link String#length()} counts), for a
     * property whose values are shorter than its type's default bound (a host name: 253) or, rarely, longer.
     */
    public Property<T> maxLength(int maxLength) {
        if (type.defaultMaxLength() == 0) {
            throw new IllegalStateException(name + " is not text");
        }
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive but was " + maxLength);
        }
        return with(draft -> draft.maxLength = maxLength);
    }

    /**
     * Accepts only values that also pass {@code rule}, after the type's own checks, so a value that can never work
     * (a certificate that is not PEM, a region that is not a region's name) is refused when it is entered rather than
     * when the connection is first opened.
     *
     * @param rule the problem with a value, phrased to follow the property name ("must be …"), or empty when it is
     *     fine; for a secret it must not repeat the value
     */
    public Property<T> validatedBy(Function<? super T, Optional<String>> rule) {
        requireNonNull(rule, "rule is null");
        Function<? super T, Optional<String>> previous = this.rule;
        return with(draft -> draft.rule = value -> {
            Optional<String> problem = previous.apply(value);
            return problem.isPresent() ? problem : rule.apply(value);
        });
    }

    public String name() {
        return name;
    }

    public PropertyType type() {
        return type;
    }

    public Class<T> valueType() {
        return valueType;
    }

    public boolean isRequired() {
        return required;
    }

    public boolean isSecret() {
        return type == PropertyType.SECRET;
    }

    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public List<String> choices() {
        return choices;
    }

    public String description() {
        return description;
    }

    public PropertyGroup group() {
        return group;
    }

    /** The smallest accepted integer; {@link Integer#MIN_VALUE} when unbounded. */
    public int minimum() {
        return minimum;
    }

    /** The largest accepted integer; {@link Integer#MAX_VALUE} when unbounded. */
    public int maximum() {
        return maximum;
    }

    /** The longest accepted text, in UTF-16 units; 0 for a type that is not text. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Parses a raw value (a string from a form, or an already typed value from JSON or code).
     *
     * @return the value, or a problem phrased to follow the property name ("must be an integer but was 'x'")
     */
    ParseOutcome<T> parse(Object raw) {
        Object value;
        try {
            value = coerce(raw);
        } catch (IllegalArgumentException problem) {
            return ParseOutcome.problem(Objects.requireNonNullElse(problem.getMessage(), "is not valid"));
        }
        T typed = valueType.cast(value);
        return check(typed).<ParseOutcome<T>>map(ParseOutcome::problem).orElseGet(() -> ParseOutcome.value(typed));
    }

    private Object coerce(Object raw) {
        switch (type) {
            case SECRET:
                if (raw instanceof Secret secret) {
                    return secret;
                }
                if (raw instanceof CharSequence text) {
                    return Secret.of(text.toString());
                }
                // Never describe the value: even its type name is more than a secret's error should say.
                throw new IllegalArgumentException("must be text");
            case STRING:
            case TEXT:
            case CHOICE:
                if (raw instanceof CharSequence text) {
                    return text.toString();
                }
                throw new IllegalArgumentException(
                        "must be text but was a " + raw.getClass().getSimpleName());
            case INTEGER:
                return coerceInteger(raw);
            case BOOLEAN:
                return coerceBoolean(raw);
            case DURATION:
                return coerceDuration(raw);
        }
        throw new AssertionError(type);
    }

    private static Integer coerceInteger(Object raw) {
        if (raw instanceof Integer number) {
            return number;
        }
        if (raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            long value = ((Number) raw).longValue();
            if (value == (int) value) {
                return (int) value;
            }
        }
        String text = raw.toString().trim();
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "must be an integer but was '" + InvalidConfigurationException.abbreviate(text) + "'");
        }
    }

    private static Boolean coerceBoolean(Object raw) {
        if (raw instanceof Boolean bool) {
            return bool;
        }
        String text = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.valueOf(text);
        }
        throw new IllegalArgumentException(
                "must be true or false but was '" + InvalidConfigurationException.abbreviate(raw.toString()) + "'");
    }

    private static Duration coerceDuration(Object raw) {
        if (raw instanceof Duration duration) {
            return duration;
        }
        if (raw instanceof Integer || raw instanceof Long) {
            return Duration.ofSeconds(((Number) raw).longValue());
        }
        String text = raw.toString().trim().toLowerCase(Locale.ROOT);
        try {
            if (text.startsWith("pt") || text.startsWith("p")) {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(text));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("must be a duration such as 30s, 5m or PT30S but was '"
                    + InvalidConfigurationException.abbreviate(raw.toString()) + "'");
        }
    }

    private Optional<String> check(T value) {
        if (value instanceof String text) {
            Optional<String> problem = checkText(text, true);
            if (problem.isPresent()) {
                return problem;
            }
            if (type == PropertyType.CHOICE && !choices.contains(text)) {
                return Optional.of("must be one of " + String.join(", ", choices) + " but was '"
                        + InvalidConfigurationException.abbreviate(text) + "'");
            }
        }
        if (value instanceof Secret secret) {
            return checkText(secret.reveal(), false);
        }
        if (value instanceof Integer number && (number < minimum || number > maximum)) {
            return Optional.of("must be between " + minimum + " and " + maximum + " but was " + number);
        }
        if (value instanceof Duration duration && (duration.isNegative() || duration.isZero())) {
            return Optional.of("must be positive but was " + duration);
        }
        return rule.apply(value);
    }

    /**
     * Blank, too long, or holding a control character that no setting means: NUL ends strings in the warehouses'
     * C code, and a line break in a one-line setting is an injection (a header, a log line) more often than a typo.
     * Multi-line text and secrets (PEM keys) keep tabs and line breaks.
     */
    private Optional<String> checkText(String text, boolean echo) {
        if (text.isBlank()) {
            return Optional.of("must not be blank");
        }
        if (text.length() > maxLength) {
            return Optional.of("must be at most " + maxLength + " characters but was " + text.length());
        }
        boolean multiLine = type == PropertyType.TEXT || type == PropertyType.SECRET;
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            boolean lineBreakOrTab = character == '\n' || character == '\r' || character == '\t';
            if (Character.isISOControl(character) && !(multiLine && lineBreakOrTab)) {
                String where = "must not contain control characters but has U+"
                        + String.format(Locale.ROOT, "%04X", (int) character) + " at position " + (index + 1);
                return Optional.of(
                        echo ? where + " in '" + InvalidConfigurationException.abbreviate(text) + "'" : where);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Property[" + name + ": " + type + (required ? ", required" : "")
                + (defaultValue != null ? ", default " + defaultValue : "") + "]";
    }

    /** A parsed value or a problem; package-private so the parser alone decides how problems are reported. */
    record ParseOutcome<T>(@Nullable T value, @Nullable String problem) {
        static <T> ParseOutcome<T> value(T value) {
            return new ParseOutcome<>(value, null);
        }

        static <T> ParseOutcome<T> problem(String problem) {
            return new ParseOutcome<>(null, problem);
        }
    }

    /** The attributes of a descriptor being derived from another; never escapes {@link #with}. */
    private static final class Draft<T> {
        final String name;
        final PropertyType type;
        final Class<T> valueType;
        PropertyGroup group;
        boolean required;

        @Nullable
        T defaultValue;

        List<String> choices = List.of();
        String description = "";
        int minimum = Integer.MIN_VALUE;
        int maximum = Integer.MAX_VALUE;
        int maxLength;
        Function<? super T, Optional<String>> rule = value -> Optional.empty();

        Draft(String name, PropertyType type, Class<T> valueType, PropertyGroup group) {
            this.name = name;
            this.type = type;
            this.valueType = valueType;
            this.group = group;
            this.maxLength = type.defaultMaxLength();
        }
    }
}
