package io.ripcord.stdlib.backup;

import io.ripcord.verb.VerbContext;
import io.ripcord.verb.VerbFailure;

/**
 * A target named by something that must be asked where it is ({@code volume('app_data')}: the Docker Engine knows its
 * mountpoint). Declaring one touches nothing, so check works without the engine; a verb resolves it when it looks or
 * acts, and backs up, lists and restores the target it resolves to.
 */
public interface TargetReference extends io.ripcord.verb.JournalValue {

    BackupTarget resolve(VerbContext context) throws VerbFailure, InterruptedException;
}
