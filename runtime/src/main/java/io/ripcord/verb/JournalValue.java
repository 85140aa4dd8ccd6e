package io.ripcord.verb;

/**
 * A value that knows its short form for the journal: an artifact is its id and file, not its whole manifest; a
 * target is its id. Keeps arguments in the journal (and their hashes) small and stable.
 */
public interface JournalValue {

    /** Plain data: a string, number, boolean, or a map or list of them. */
    Object journalValue();
}
