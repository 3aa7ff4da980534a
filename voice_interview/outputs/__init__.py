"""What a saved session becomes for a reader: the terminal view, exports and
the portable archive, the coach's replay, the HTML report."""
