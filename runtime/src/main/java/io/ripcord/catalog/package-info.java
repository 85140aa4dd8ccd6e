/**
 * The backup catalog: every artifact a backup wrote (and every safety copy a restore took), with its manifest, as
 * verbs see it through {@link io.ripcord.catalog.ArtifactCatalog}. The journal stores it; manifests beside the
 * artifacts are the source it can be rebuilt from.
 */
package io.ripcord.catalog;
