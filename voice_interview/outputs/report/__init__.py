"""Self-contained HTML pages: a session report and the progress page.

They open offline from a file:// URL: CSS, script and plots are inside the
page, audio sits in a ``<name>_files/`` folder beside it. Jinja2 and
matplotlib are imported when a page is made, never by ``--help``.
"""

from voice_interview.outputs.report.page import write_report
from voice_interview.outputs.report.progress_page import write_progress_page

__all__ = ["write_progress_page", "write_report"]
