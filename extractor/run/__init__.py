"""The batch side: `extractor run` (many URLs or local pages → records) and `extractor urls`.

The fetch stage: fetch.py (polite HTTP), cache.py (the page store), listing.py (sitemaps and feeds →
URLs), folders.py (folders of pages as inputs). The run that drives the later stages: batch.py
(scheduling, `run`), inputs.py, outputs.py (status file, lock, --resume), writer.py; extraction.py
(what travels to an extraction worker and back), workers.py (local worker processes) and
distributed.py (Dask), which both import extraction.py and errors.py, never batch.py.

Nothing is imported here, so `extractor urls` loads neither the article stage nor spaCy.
"""
