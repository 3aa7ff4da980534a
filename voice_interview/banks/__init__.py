"""Question banks. ``bank`` loads a bank at start-up (stopping at the first
problem) and ``cache`` keeps checked banks; ``rules`` is what a bank must be
(the schema and the rules it cannot say), for both. The rest is for bank
authors and ``voice-interview bank`` only, so it may import slower libraries
(jsonschema) when it runs: ``check`` lists every problem with line numbers
(``positions`` maps data back to lines), ``template`` writes a commented
template, ``importer`` turns a plain article into a bank (``article`` reads
its blocks, ``drafts`` drafts talking points)."""
