"""Which file answers which question with ``--answers-from DIR``, for ``run``
and ``resume`` alike. Every file that will be used is decoded before the
first question, and the mapping is printed, one line per question.

The rule (files in natural order: 2.wav before 10.wav):

- a folder with a file for every question of the interview keeps positions:
  file n answers question n. ``resume`` with the folder ``run`` used skips
  the files of the questions already answered; files past the last question
  are not used.
- a folder with fewer files answers the open questions in order, the first
  open question first; questions left without a file stay open for another
  ``resume``. (``run`` with fewer files asks only that many questions.)
- a folder with more files than open questions but fewer than the interview
  has fits neither and is refused: which files were meant is not knowable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from voice_interview.errors import AudioFileError, BadInputError


# Decoded answers kept in memory from the check to their question, up to
# this much audio in all (57.6 MB of 16 kHz samples); past it, decoded again.
KEEP_DECODED_S = 30 * 60


@dataclass
class AnswerFilePlan:
    folder: Path
    total: int
    by_position: bool
    asked: list[tuple[int, Path]] = field(default_factory=list)  # (question, file), in asking order
    answered: list[tuple[int, Path]] = field(default_factory=list)  # (question, its unused file)
    left_open: list[int] = field(default_factory=list)
    extra: list[Path] = field(default_factory=list)  # files past the last question

    def heading(self) -> str:
        rule = "file n answers question n" if self.by_position else "one file per open question, in order"
        return f"Answer files in {self.folder} ({rule}):"

    def rows(self) -> list[tuple[int, Path | None]]:
        """(question, file) for each question, in order; None: no file here."""
        return sorted([*self.answered, *self.asked, *((n, None) for n in self.left_open)],
                      key=lambda row: row[0])


def plan_answer_files(folder: Path, files: list[Path], total: int, answered: set[int]) -> AnswerFilePlan:
    """Map ``files`` to the questions 1..``total`` not in ``answered``."""
    open_questions = [n for n in range(1, total + 1) if n not in answered]
    if len(files) >= total or not open_questions:
        plan = AnswerFilePlan(folder, total, by_position=True, extra=files[total:])
        for n, path in enumerate(files[:total], 1):
            (plan.answered if n in answered else plan.asked).append((n, path))
        return plan
    if len(files) > len(open_questions):
        raise BadInputError(
            f"{folder}: {len(files)} answer files fit neither rule: the interview has {total} questions, "
            f"{len(open_questions)} open ({', '.join(map(str, open_questions))}); give {len(open_questions)} "
            f"files for the open questions, or {total} for the whole interview (file n answers question n)"
        )
    return AnswerFilePlan(folder, total, by_position=False, asked=list(zip(open_questions, files)),
                          left_open=open_questions[len(files):])


def check_and_show(plan: AnswerFilePlan) -> dict[Path, object]:
    """Decode every file the plan uses, printing one line per question as it
    goes; exit 2 before anything is recorded if any file is bad (one line
    each). Returns the decoded samples worth keeping, by path."""
    from voice_interview.edges.audiofile import answer_file_samples
    from voice_interview.records.wavfile import SAMPLE_RATE

    answered = {n for n, _ in plan.answered}
    decoded, kept_s, problems = {}, 0.0, []
    click.echo(plan.heading())
    for n, path in plan.rows():
        if path is None:
            click.echo(f"  question {n}: no file for it here; it stays open for another `resume`")
        elif n in answered:
            click.echo(f"  question {n}: answered already; {path.name} not used")
        else:
            try:
                samples = answer_file_samples(path)
            except AudioFileError as exc:
                problems.append(str(exc))
                continue
            seconds = samples.size / SAMPLE_RATE
            click.echo(f"  question {n}: {path.name} ({seconds:.1f} s)")
            if kept_s + seconds <= KEEP_DECODED_S:
                decoded[path], kept_s = samples, kept_s + seconds
    for path in plan.extra:
        click.echo(f"  not used: {path.name} (the interview has {plan.total} questions)")
    if len(problems) == 1:
        raise AudioFileError(f"{problems[0]}; nothing was recorded")
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        raise AudioFileError(
            f"{len(problems)} of {len(plan.asked)} answer files in {plan.folder} cannot be used (listed above): "
            "replace or remove them; nothing was recorded"
        )
    return decoded


def feed_answer_files(ui, folder: Path, questions: list, answered: set[int] | None):
    """The recorder for ``--answers-from folder`` and the questions to ask:
    all of ``questions`` up to the last one that gets a file. ``answered`` is
    None for a new interview, else the numbers of those a resume skips."""
    from voice_interview.edges.audiofile import FileFeedRecorder, answer_files, split_follow_ups

    files, follow_up_files = split_follow_ups(answer_files(folder))
    if answered is None and len(files) < len(questions):
        ui.notice(f"{len(files)} answer files in {folder}: asking the first {len(files)} questions")
        questions = questions[: len(files)]
    plan = plan_answer_files(folder, files, len(questions), answered or set())
    decoded = check_and_show(plan)
    last_asked = max((n for n, _ in plan.asked), default=0)
    recorder = FileFeedRecorder([path for _, path in plan.asked], decoded=decoded, follow_ups=follow_up_files)
    return recorder, questions[:last_asked]
