"""Session records on disk: their types and JSON form, the data directory,
atomic owner-only writes, one writer per session, WAV files, coach reviews."""
