/** Reports on runs from the journal: the run list and one run's story, as text, JSON, Markdown or one HTML page. */
package io.ripcord.report;
