/**
 * The runbook language: the one compiler factory ({@link io.ripcord.dsl.RunbookCompiler}) with its static checks
 * ({@link io.ripcord.dsl.RunbookChecker}), the script base class with a fixed lookup order
 * ({@link io.ripcord.dsl.RunbookScript}), the typed delegates of the {@code runbook} and {@code step} closures, and
 * the loader that turns a file into a validated {@link io.ripcord.model.RunbookDefinition} before any step runs.
 */
package io.ripcord.dsl;
