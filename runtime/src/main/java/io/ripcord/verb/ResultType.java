package io.ripcord.verb;

import io.ripcord.problem.NearestNames;
import io.ripcord.problem.Problem;
import io.ripcord.problem.ProblemCode;
import io.ripcord.problem.SourceLocation;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a verb returns, declared with the Java type its {@code apply} half returns: {@code check} refuses a read of a
 * member that type does not have ({@code out.output} of {@code sh}), and a plan's deferred result answers only its
 * members. Members are what Groovy reads as properties: a record's components and the type's getters. Types that
 * are Groovy's own (text, numbers, lists, maps) and interfaces are open: their members are not checked.
 */
public record ResultType(Class<?> type, String doc) {

    /** A verb that gives nothing back (log, wait). */
    public static final ResultType NOTHING = new ResultType(Void.class, "nothing");

    public ResultType {
        if (type == null || doc == null) {
            throw new IllegalArgumentException("a result type needs a type and a description");
        }
    }

    /** Whether member reads are checked: Ripcord's own records and classes, and nothing. */
    public boolean closed() {
        return isClosed(type);
    }

    /** The name a user reads: {@code CommandResult}, {@code nothing}, {@code List}. */
    public String typeName() {
        return type == Void.class ? "nothing" : type.getSimpleName();
    }

    /** Members by name, with their own types, sorted. */
    public Map<String, Class<?>> members() {
        return membersOf(type);
    }

    /** The type of member {@code name}, when this type has it (always, for an open type: then {@code Object}). */
    public Optional<Class<?>> member(String name) {
        if (!closed()) {
            return Optional.of(Object.class);
        }
        return Optional.ofNullable(members().get(name));
    }

    /** "unknown member 'output' of out (what sh returns: CommandResult)", with the members there are. */
    public Problem unknownMember(String member, String what, SourceLocation where) {
        Map<String, Class<?>> members = members();
        String has = members.isEmpty() ? "it has no members" : "its members: " + String.join(", ", members.keySet());
        return new Problem(ProblemCode.UNKNOWN_PROPERTY, "unknown member '" + member + "' of " + what, where,
                NearestNames.to(member, members.keySet()), has);
    }

    @Override
    public String toString() {
        return typeName();
    }

    static boolean isClosed(Class<?> type) {
        return type == Void.class || !type.isInterface() && !type.isEnum() && !type.isArray()
                && (type.isRecord() || type.getName().startsWith("io.ripcord."));
    }

    static Map<String, Class<?>> membersOf(Class<?> type) {
        Map<String, Class<?>> out = new TreeMap<>();
        if (type == Void.class) {
            return out;
        }
        if (type.isRecord()) {
            for (RecordComponent c : type.getRecordComponents()) {
                out.put(c.getName(), c.getType());
            }
        }
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class
                    || m.getDeclaringClass().getName().startsWith("groovy.")) {
                continue;
            }
            String name = m.getName();
            String property = name.startsWith("get") && name.length() > 3 ? name.substring(3)
                    : name.startsWith("is") && name.length() > 2 && m.getReturnType() == boolean.class ? name.substring(2) : null;
            if (property != null && !"MetaClass".equals(property)) {
                out.putIfAbsent(Character.toLowerCase(property.charAt(0)) + property.substring(1), m.getReturnType());
            }
        }
        return out;
    }

    /** The result type of a member of a closed type, as a result type of its own (for {@code out.stdout.trim()}). */
    public ResultType memberType(String name) {
        Class<?> t = member(name).orElse(Object.class);
        return new ResultType(t.isPrimitive() ? Object.class : t, name);
    }
}
