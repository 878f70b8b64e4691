"""The Streamlit side of the app, split by concern: the run's language (``language``), the
sign-in (``session``), store reads and reports kept by version (``caches``) and what the pages
draw (``widgets``). Pages import none of these: they use the facade ``app.ui``."""
