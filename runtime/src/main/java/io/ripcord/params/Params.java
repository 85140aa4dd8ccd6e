package io.ripcord.params;

import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingPropertyException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code params} object a runbook reads ({@code params.image}). Reading a parameter the runbook did not declare
 * fails; it never returns null for a typo. Values cannot be changed by the runbook.
 */
public final class Params extends GroovyObjectSupport {

    private final Map<String, Object> values;

    public Params(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public Object getProperty(String name) {
        if (!values.containsKey(name)) {
            throw new MissingPropertyException(name, Params.class);
        }
        return values.get(name);
    }

    @Override
    public void setProperty(String name, Object value) {
        throw new UnsupportedOperationException("parameters are read-only; pass a different value with -p " + name + "=...");
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
