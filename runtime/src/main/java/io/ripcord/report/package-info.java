/** Reports on runs from the journal: the run list and one run's story, as text, JSON or Markdown. */
package io.ripcord.report;
