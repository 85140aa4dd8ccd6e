package io.ripcord.dsl;

import java.util.List;
import java.util.Set;

/**
 * The language's own words, where each may appear and which named options it takes. The static checker and the
 * runtime delegates read the same lists, so the two cannot disagree.
 */
public final class DslKeywords {

    /** At the top of the file. */
    public static final Set<String> TOP = Set.of("runbook");
    /** Inside {@code runbook { }}. */
    public static final Set<String> RUNBOOK = Set.of("description", "param", "step", "lock", "rollbackIf", "onFailure");
    /** Usable anywhere: at load time and inside steps. */
    public static final Set<String> ANYWHERE = Set.of("secret");
    /** Named options of {@code secret 'NAME', ...}. */
    public static final List<String> SECRET_OPTIONS = List.of("file");
    /** Named options of {@code runbook 'name', ...}. */
    public static final List<String> RUNBOOK_OPTIONS = List.of("version", "description");
    /** Named options of {@code param 'name', ...}. */
    public static final List<String> PARAM_OPTIONS = List.of("required", "default", "description", "type");
    /** Named options of {@code ladder(...)}, the levels a {@code rollbackIf … then} climbs. */
    public static final List<String> LADDER_OPTIONS = List.of("from");
    /** Named options of {@code level 'name', ...} inside a ladder. */
    public static final List<String> LEVEL_OPTIONS = List.of("confirm");
    /** Properties a step can read. */
    public static final Set<String> STEP_PROPERTIES = Set.of("params");
    /** Groovy's own script methods that stay available; everything else must be a keyword, a verb or defined here. */
    public static final Set<String> GROOVY_BUILTINS = Set.of("sprintf");
    /**
     * Groovy methods a runbook must not use, with what to use instead: println bypasses redaction and the journal,
     * sleep swallows Ctrl-C.
     */
    public static final java.util.Map<String, String> INSTEAD = java.util.Map.of(
            "println", "log", "print", "log", "printf", "log", "sleep", "wait");
    /** Closure properties Groovy resolves itself. */
    public static final Set<String> CLOSURE_PROPERTIES = Set.of("owner", "delegate", "thisObject");

    private DslKeywords() {
    }
}
