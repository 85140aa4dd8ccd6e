package io.ripcord.stdlib.docker;

import io.ripcord.stdlib.service.ServiceState;

/** An image by id, with where it came from ("what container app ran before this run"): what previous() returns. */
public record ImageRef(String id, String origin) implements io.ripcord.verb.JournalValue {

    @Override
    public Object journalValue() {
        return id;
    }

    /** The id: tagImage and startService take it as an image reference. */
    @Override
    public String toString() {
        return id;
    }

    public String describe() {
        return ServiceState.shortId(id) + " (" + origin + ")";
    }
}
