"""The ``voice-interview`` command line: a Click group; the commands live in
``voice_interview.commands``. Domain errors become one line on stderr with
the documented exit code; a traceback only with ``--debug``."""

from __future__ import annotations

import sys

import click

from voice_interview import __version__
from voice_interview.errors import VoiceInterviewError
from voice_interview.status import ExitCode


class AppError(click.ClickException):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class AppGroup(click.Group):
    """Turns domain errors, Ctrl-C and surprises into one clear line."""

    def invoke(self, ctx: click.Context):
        from voice_interview.interview import InterviewStopped

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
def cli(debug: bool) -> None:
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


def _register() -> None:
    from voice_interview.commands import coach, interview, questions, sessions, share, transcription

    for command in (
        questions.questions,
        interview.run,
        interview.demo,
        interview.resume,
        sessions.sessions,
        sessions.show,
        coach.replay,
        coach.review,
        share.export,
        share.import_,
        transcription.transcribe,
        transcription.retranscribe,
    ):
        cli.add_command(command)


_register()


def main() -> None:
    sys.exit(cli.main(prog_name="voice-interview"))
