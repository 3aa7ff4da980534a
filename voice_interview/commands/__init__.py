"""One module per group of commands; each command is a thin shell over the core."""
