package io.ripcord.params;

import io.ripcord.problem.SourceLocation;

/**
 * One {@code param 'name', ...} declaration. {@code defaultValue} is already of {@code type}; a parameter with no
 * default and not required resolves to null.
 */
public record ParamSpec(String name, ParamType type, boolean required, Object defaultValue, String description,
                        SourceLocation location) {
}
