"""Question banks. ``bank`` loads a bank at start-up (stopping at the first
problem) and ``cache`` keeps checked banks; the rest is for bank authors and
``voice-interview bank`` only, so it may import slower libraries
(jsonschema) when it runs: ``check`` lists every problem with line numbers,
``template`` writes a commented template, ``importer`` turns a plain article
into a bank (``positions`` maps its text back to lines)."""
