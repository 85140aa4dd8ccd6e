package io.ripcord.verb;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The verbs on the class path, found once with {@link ServiceLoader}, by name. */
public final class VerbRegistry {

    private final Map<String, Verb> verbs;
    private final SortedSet<String> names;

    public VerbRegistry(Collection<Verb> verbs) {
        Map<String, Verb> byName = new TreeMap<>();
        for (Verb verb : verbs) {
            Verb clash = byName.put(verb.spec().name(), verb);
            if (clash != null) {
                throw new IllegalStateException("two verbs named '" + verb.spec().name() + "': "
                        + clash.getClass().getName() + " and " + verb.getClass().getName());
            }
        }
        this.verbs = Map.copyOf(byName);
        this.names = new TreeSet<>(byName.keySet());
    }

    public static VerbRegistry fromClassPath(ClassLoader loader) {
        return new VerbRegistry(ServiceLoader.load(Verb.class, loader).stream().map(ServiceLoader.Provider::get).toList());
    }

    public static VerbRegistry fromClassPath() {
        return fromClassPath(VerbRegistry.class.getClassLoader());
    }

    public Optional<Verb> find(String name) {
        return Optional.ofNullable(verbs.get(name));
    }

    public boolean has(String name) {
        return verbs.containsKey(name);
    }

    /** Names in alphabetical order. */
    public SortedSet<String> names() {
        return names;
    }

    public List<VerbSpec> specs() {
        return names.stream().map(n -> verbs.get(n).spec()).toList();
    }
}
