"""Background jobs: long work (scoring, imports, exports, circulars, digests) run on the
database task queue, with progress a page and the command line can show."""
