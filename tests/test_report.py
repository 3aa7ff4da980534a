"""The HTML report and progress page, opened from file:// URLs in a real
headless Chromium (Debian's /usr/bin/chromium, driven by Playwright; no
browser is downloaded) over a session recorded by the real pipeline."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from voice_interview.records import store
from voice_interview.records.review import set_answer_review
from voice_interview.records.session import Word

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
# Chromium's own background traffic off: this machine has no network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
# Breaks out of an attribute and out of text; runs if anything is unescaped.
PLANTED = "\"'><script>window.pwned = true</script>"


@dataclass
class OpenedPage:
    """A page opened from a file, with what it asked for and complained about."""

    page: object
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.errors == []
        assert self.requests and all(url.startswith("file://") for url in self.requests), self.requests
        assert self.page.evaluate("window.pwned") is None


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), "Debian's chromium is needed: ./test.sh installs it (apt-get install chromium)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})

    def open_(path: Path) -> OpenedPage:
        page = context.new_page()
        opened = OpenedPage(page)
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on("console", lambda message: message.type == "error" and opened.errors.append(message.text))
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.goto(path.resolve().as_uri(), wait_until="load")
        return opened

    yield open_
    context.close()


def plant_markup(session) -> None:
    """What a hostile transcript or custom bank could hold, everywhere the
    report shows text: a transcript word, the question, its guidance, a
    talking point, a coach's name and notes."""
    answer = session.answers[0]
    segment = answer.transcript.segments[-1]
    end_s = segment.words[-1].end_s
    segment.words.append(Word(start_s=end_s + 0.1, end_s=end_s + 0.5, word=" " + PLANTED))
    segment.text += " " + PLANTED
    answer.transcript.text += " " + PLANTED
    answer.analysis = None  # analysed again, planted word included
    answer.question.text += " " + PLANTED
    answer.question.guidance += "\n\n" + PLANTED
    answer.question.talking_points[0]["label"] += " " + PLANTED
    set_answer_review(session, "ana " + PLANTED, 1, {"structure": 4, "delivery": 3}, "Name a source. " + PLANTED)


@pytest.fixture
def report_path(recorded_home, data_home, tmp_path, invoke):
    shutil.copytree(recorded_home, data_home, dirs_exist_ok=True)
    session = store.load_session("latest")
    plant_markup(session)
    store.save_session(session)
    page = tmp_path / "out" / "report.html"
    page.parent.mkdir()
    result = invoke("report", "latest", "-o", page)
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote the report of session {session.id} to {page}\n"
    return page


def wait_for_audio(audio) -> None:
    audio.page.wait_for_function("audio => audio.readyState >= 1", arg=audio.element_handle())


def test_report_is_a_page_with_its_audio_beside_it(report_path):
    files = report_path.with_name("report_files")
    assert sorted(p.name for p in files.iterdir()) == [
        "q01-answer.wav", "q01-question.wav", "q02-answer.wav", "q02-question.wav"]
    assert (report_path.stat().st_mode & 0o777) == 0o600 and (files.stat().st_mode & 0o777) == 0o700
    html = report_path.read_text(encoding="utf-8")
    assert "http://" not in html.replace("http://www.w3.org/", "") and "https://" not in html
    assert PLANTED not in html and html.count("<script>") == 1


def test_report_shows_planted_markup_as_text_and_runs_none_of_it(report_path, open_page):
    opened = open_page(report_path)
    page = opened.page
    first = page.locator("section.answer").first
    assert first.locator("h2").inner_text().endswith(PLANTED)
    assert PLANTED in first.locator(".guidance").inner_text()
    assert PLANTED in first.locator(".points li").first.inner_text()
    assert first.locator(".words .w").last.inner_text() == PLANTED.strip()
    review = first.locator(".reviews tbody tr")
    assert review.locator("td").first.inner_text() == "ana " + PLANTED
    assert review.locator("td.notes").inner_text() == "Name a source. " + PLANTED
    assert page.locator("script").count() == 1
    opened.assert_clean()


def test_report_shows_guidance_metrics_and_timeline_per_question(report_path, open_page):
    opened = open_page(report_path)
    answers = opened.page.locator("section.answer")
    assert answers.count() == 2
    for i in range(2):
        answer = answers.nth(i)
        assert answer.locator("audio.question-audio").count() == 1
        assert answer.locator("audio.answer-audio").count() == 1
        assert "linkedin" in answer.locator(".words").inner_text().lower()
        points = answer.locator(".points li")
        assert points.count() >= 2
        states = {points.nth(j).get_attribute("class") for j in range(points.count())}
        assert states <= {"covered", "missed"} and "covered" in states
        labels = answer.locator(".card .label").all_inner_texts()
        assert [label.lower() for label in labels[:5]] == [
            "pace", "pauses", "fillers & hesitations", "length", "latency"]
        assert answer.locator(".card .badge").count() >= 5
        assert answer.locator(".timeline svg").count() == 1
    assert "Not reviewed yet" in answers.nth(1).locator(".reviews").inner_text()
    opened.assert_clean()


def test_clicking_a_word_moves_the_answer_audio_there(report_path, open_page):
    opened = open_page(report_path)
    answer = opened.page.locator("section.answer").nth(1)
    audio = answer.locator("audio.answer-audio")
    wait_for_audio(audio)
    words = answer.locator(".words .w")
    word = words.nth(words.count() // 2)
    start_s = float(word.get_attribute("data-start"))
    assert start_s > 1
    word.click()
    position_s = audio.evaluate("audio => audio.currentTime")
    assert start_s - 0.05 <= position_s <= start_s + 0.5
    assert "now" in word.get_attribute("class")
    audio.evaluate("audio => audio.pause()")
    opened.assert_clean()


def test_playing_advances_the_highlight_and_the_playhead(report_path, open_page):
    opened = open_page(report_path)
    page = opened.page
    answer = page.locator("section.answer").nth(1)
    audio = answer.locator("audio.answer-audio")
    wait_for_audio(audio)
    answer.locator(".words .w").first.click()
    highlighted = answer.locator(".words .w.now")
    first_start_s = float(highlighted.get_attribute("data-start"))
    page.wait_for_function("audio => audio.currentTime > 2.5", arg=audio.element_handle(), timeout=10_000)
    later_start_s = float(highlighted.get_attribute("data-start"))
    assert later_start_s > first_start_s + 1
    assert highlighted.count() == 1
    playhead = answer.locator(".timeline .playhead")
    assert playhead.is_visible() and float(playhead.evaluate("el => parseFloat(el.style.left)")) > 5
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    # A click on the timeline seeks too: its middle is half-way through the answer.
    timeline = answer.locator(".timeline")
    box = timeline.bounding_box()
    timeline.click(position={"x": box["width"] / 2, "y": box["height"] / 4})
    duration_s = float(timeline.get_attribute("data-duration"))
    assert abs(audio.evaluate("audio => audio.currentTime") - duration_s / 2) < 1.0
    audio.evaluate("audio => audio.pause()")
    opened.assert_clean()


def test_report_of_typed_answers_has_no_players(invoke, open_page, tmp_path):
    result = invoke("run", "--type", "--no-speak", "-n", "1", "-c", "strategy",
                    input="I read newsletters every morning <b>and</b> follow analysts.\n")
    assert result.exit_code == 0, result.output
    page_path = tmp_path / "typed.html"
    assert invoke("report", "latest", "-o", page_path).exit_code == 0
    assert not page_path.with_name("typed_files").exists()
    opened = open_page(page_path)
    answer = opened.page.locator("section.answer")
    assert answer.locator("audio").count() == 0
    assert "follow analysts" in answer.locator(".words").inner_text()
    assert "<b>and</b>" in answer.locator(".words").inner_text()
    opened.assert_clean()


def test_report_open_and_errors(invoke, monkeypatch, tmp_path, recorded_home, data_home):
    shutil.copytree(recorded_home, data_home, dirs_exist_ok=True)
    opened = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    monkeypatch.chdir(tmp_path)
    session_id = store.load_session("latest").id
    assert invoke("report", "latest", "--open").exit_code == 0
    assert opened == [(tmp_path / f"{session_id}.html").as_uri()]
    for args in (["nope"], ["latest", "-o", tmp_path / "no-such-folder" / "r.html"]):
        result = invoke("report", *args)
        assert result.exit_code == 2
        assert result.output.count("\n") == 1 and result.output.startswith("Error: ")


def test_progress_page_plots_metrics_and_puts_retakes_side_by_side(
        recorded_home, data_home, tmp_path, open_page):
    from voice_interview.analysis import load_thresholds
    from voice_interview.analysis.history import load_analysed_sessions
    from voice_interview.outputs.report import write_progress_page

    shutil.copytree(recorded_home, data_home, dirs_exist_ok=True)
    earlier = store.load_session("latest")
    # An earlier, slower attempt at the same questions, with a planted script.
    earlier.id, earlier.started_at = "20200101-090000-0001", "2020-01-01T09:00:00+00:00"
    for answer in earlier.answers:
        answer.analysis = None
        for word in answer.transcript.words:
            word.start_s, word.end_s = word.start_s * 1.3, word.end_s * 1.3
    earlier.answers[0].transcript.text += " " + PLANTED
    store.save_session(earlier)

    limits = load_thresholds()
    sessions, _ = load_analysed_sessions(limits)
    page_path = write_progress_page(tmp_path / "progress.html", sessions, limits)
    opened = open_page(page_path)
    page = opened.page
    plots = page.locator(".plot")
    assert plots.count() == 9
    pace = plots.first
    assert pace.locator("h2").inner_text().startswith("Pace")
    assert pace.locator("svg").count() == 1 and "→" in pace.locator(".trend").inner_text()
    assert page.locator("table tbody tr").count() == 2
    retakes = page.locator(".retake")
    assert retakes.count() == 2
    for i in range(2):
        attempts = retakes.nth(i).locator(".attempt")
        assert attempts.count() == 2
        assert attempts.locator("audio").count() == 2
        assert "linkedin" in attempts.nth(1).locator("blockquote").inner_text().lower()
    first_boxes = [retakes.first.locator(".attempt").nth(j).bounding_box() for j in range(2)]
    assert first_boxes[0]["y"] == first_boxes[1]["y"] and first_boxes[0]["x"] < first_boxes[1]["x"]
    assert any(PLANTED in text for text in page.locator(".attempt blockquote").all_inner_texts())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "progress.png"), full_page=True)
    opened.assert_clean()


def test_clicking_a_quoted_verdict_plays_the_answer_from_those_words(report_path, open_page):
    opened = open_page(report_path)
    answer = opened.page.locator("section.answer").nth(1)
    audio = answer.locator("audio.answer-audio")
    wait_for_audio(audio)
    verdict = answer.locator(".verdict")
    assert "verdict, with the words behind it" in verdict.inner_text().lower()
    quotes = verdict.locator(".seek[data-target]")
    assert quotes.count() >= 1
    quote = quotes.last
    start_s = float(quote.get_attribute("data-start"))
    assert quote.get_attribute("data-target") == answer.get_attribute("id") + "-answer"
    quote.click()
    assert start_s - 0.05 <= audio.evaluate("audio => audio.currentTime") <= start_s + 0.5
    audio.evaluate("audio => audio.pause()")
    opened.assert_clean()


def test_a_follow_up_has_its_own_player_and_its_quotes_play_it(invoke, open_page, tmp_path, jfk_path):
    from voice_interview.edges.tts import Pyttsx3Speaker

    folder = tmp_path / "answers"
    folder.mkdir()
    shutil.copy(jfk_path, folder / "09.wav")  # makes none of question 9's points
    Pyttsx3Speaker().render("I read the Social Media Today newsletter every morning.", "en",
                            folder / "09-follow-up.wav")
    result = invoke("run", "-c", "strategy", "-n", "1", "--answers-from", folder, "--no-speak")
    assert result.exit_code == 0, result.output
    page_path = tmp_path / "followed.html"
    assert invoke("report", "latest", "-o", page_path).exit_code == 0
    opened = open_page(page_path)
    panel = opened.page.locator("#q01-follow-up1")
    assert "Which news sites, newsletters or podcasts do you follow?" in panel.inner_text()
    audio = panel.locator("audio.answer-audio")
    wait_for_audio(audio)
    quote = opened.page.locator('.seek[data-target="q01-follow-up1"]').first
    start_s = float(quote.get_attribute("data-start"))
    quote.click()
    assert start_s - 0.05 <= audio.evaluate("audio => audio.currentTime") <= start_s + 0.5
    main_audio = opened.page.locator("#q01-answer audio.answer-audio")
    assert main_audio.evaluate("audio => audio.currentTime") == 0
    audio.evaluate("audio => audio.pause()")
    opened.assert_clean()
