"""The ``voice-interview`` command line: a Click group; the commands live in
``voice_interview.commands``. Domain errors become one line on stderr with
the documented exit code; a traceback only with ``--debug``."""

from __future__ import annotations

import sys

import click

from voice_interview import __version__
from voice_interview.errors import InterviewStopped, VoiceInterviewError
from voice_interview.status import ExitCode


class AppError(click.ClickException):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# name: (module, attribute, the first line of its help). Commands are
# imported only when run, so `--help` loads no command module; a test checks
# the short help here matches each command's own.
COMMANDS = {
    "questions": ("questions", "questions", "List the questions of the bank, by category."),
    "run": ("interview", "run", "Run a mock interview: each question is read aloud, your..."),
    "demo": ("interview", "demo", "A whole interview with a synthetic candidate, offline, no..."),
    "resume": ("interview", "resume", "Continue an interrupted interview: recover the answer..."),
    "sessions": ("sessions", "sessions", "List saved sessions, newest first."),
    "show": ("sessions", "show", "Show a session: each question beside its guidance, the..."),
    "replay": ("coach", "replay", "Replay a session: the question audio, then the answer,..."),
    "review": ("coach", "review", "Review a session as a coach: score each answer 1–5 on..."),
    "export": ("share", "export", "Export a session to share it: a Markdown review document,..."),
    "import": ("share", "import_", "Import a session archive made by `voice-interview export..."),
    "progress": ("progress", "progress", "How your answers change across sessions: pace, pauses,..."),
    "report": ("report", "report", "Write a session as an HTML page that works offline."),
    "bank": ("bank", "bank", "Your own question banks: start one from a template, check..."),
    "doctor": ("doctor", "doctor", "Check that this machine is ready for an interview: the..."),
    "transcribe": ("transcription", "transcribe", "Transcribe an audio file (WAV, FLAC, MP3, OGG) on this..."),
    "retranscribe": ("transcription", "retranscribe", "Transcribe a session's recorded answers again, e.g. with..."),
}


class AppGroup(click.Group):
    """Loads commands on first use, and turns domain errors, Ctrl-C and
    surprises into one clear line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        import importlib

        module, attribute, _ = COMMANDS[name]
        return getattr(importlib.import_module(f"voice_interview.commands.{module}"), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, short) for name, (_, _, short) in COMMANDS.items()])

    def invoke(self, ctx: click.Context):
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except VoiceInterviewError as exc:
            if debug:
                raise
            raise AppError(str(exc), int(exc.exit_code)) from None
        except InterviewStopped as stop:
            click.echo(f"\nInterview ended. Session {stop.session.id} saved; every answer so far is kept.", err=True)
            ctx.exit(ExitCode.INTERRUPTED)
        except BrokenPipeError:
            # `voice-interview progress --json | head`: the reader has all it
            # wanted. Point stdout at /dev/null so the exit flush is quiet too.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(ExitCode.CLOSED_PIPE)
        except (KeyboardInterrupt, click.Abort):
            click.echo("\nInterrupted.", err=True)
            ctx.exit(ExitCode.INTERRUPTED)
        except (click.ClickException, click.exceptions.Exit):
            raise
        except Exception as exc:
            if debug:
                raise
            raise AppError(
                f"unexpected {exc.__class__.__name__}: {exc} (run again with --debug and report it)",
                ExitCode.ERROR,
            ) from None


@click.group(cls=AppGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="voice-interview")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """A private mock interview coach: questions read aloud, your spoken
    answers recorded and transcribed on this machine, sessions saved for
    review. Nothing leaves the machine.

    \b
    Try it:
      voice-interview demo                         # a whole interview, no microphone needed
      voice-interview questions --category strategy
      voice-interview run --category strategy      # the real thing

    Data lives in $VOICE_INTERVIEW_HOME, or the current folder when unset.
    """
    if ctx.obj is None:  # tests pass their own, with fake edges, clock and keys
        from voice_interview.commands.environment import Environment

        ctx.obj = Environment()


def main() -> None:
    sys.exit(cli.main(prog_name="voice-interview"))
