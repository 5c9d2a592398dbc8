package com.carto.connections.tiles;

import static java.util.Objects.requireNonNull;

import com.carto.connections.error.InvalidConfigurationException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One number a spatial-index tile shows for each drawn cell: a function from a fixed set over one column of the cells
 * it gathers, under a name that becomes the feature's property and the TileJSON field (a {@code Number}). There is no
 * way to pass SQL: the column is quoted by the warehouse's dialect, and the function is one of {@link Function}'s.
 *
 * <pre>{@code
 * CellAggregate.count("cells"), CellAggregate.sum("population", "pop"), CellAggregate.avg("mean_income", "income")
 * }</pre>
 *
 * @param name the property's name: a letter or {@code _}, then up to 62 letters, digits or {@code _} (every warehouse
 *     accepts that as a column alias)
 * @param function what is computed
 * @param column the column it is computed over; null only for {@link Function#COUNT}, which then counts the cells
 */
public record CellAggregate(
        String name, Function function, @Nullable String column) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    /** What an aggregate computes; {@code SUM}, {@code AVG}, {@code MIN} and {@code MAX} need a numeric column. */
    public enum Function {
        COUNT,
        SUM,
        AVG,
        MIN,
        MAX;

        /** The SQL function's name, the same in every warehouse. */
        String sql() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CellAggregate {
        requireNonNull(name, "name is null");
        requireNonNull(function, "function is null");
        if (!NAME.matcher(name).matches()) {
            throw InvalidConfigurationException.of(
                    "aggregates",
                    "a name is a letter or '_' then up to 62 letters, digits or '_' but was "
                            + name.substring(0, Math.min(name.length(), 70)));
        }
        if (column == null && function != Function.COUNT) {
            throw InvalidConfigurationException.of(
                    "aggregates", name + ": " + function + " needs a column; only COUNT counts the cells");
        }
        if (column != null && (column.isEmpty() || column.indexOf('\0') >= 0)) {
            throw InvalidConfigurationException.of(
                    "aggregates", name + ": the column must be non-empty and hold no NUL character");
        }
    }

    /** How many source cells the drawn cell gathers. */
    public static CellAggregate count(String name) {
        return new CellAggregate(name, Function.COUNT, null);
    }

    /** How many of the gathered cells have a value in {@code column}. */
    public static CellAggregate count(String name, String column) {
        return new CellAggregate(name, Function.COUNT, column);
    }

    public static CellAggregate sum(String name, String column) {
        return new CellAggregate(name, Function.SUM, column);
    }

    public static CellAggregate avg(String name, String column) {
        return new CellAggregate(name, Function.AVG, column);
    }

    public static CellAggregate min(String name, String column) {
        return new CellAggregate(name, Function.MIN, column);
    }

    public static CellAggregate max(String name, String column) {
        return new CellAggregate(name, Function.MAX, column);
    }

    /** The column, when the function has one. */
    public Optional<String> columnName() {
        return Optional.ofNullable(column);
    }
}
