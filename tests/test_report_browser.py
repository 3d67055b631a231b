"""The report opened in a real browser (headless Chromium, Debian's ``chromium`` package): the
title shows, every chart loads, the Chinese text comes from the embedded font, nothing is
fetched from the network, the console stays clean, and it prints one chart per page.

Three browser runs (the default scenario in Chinese and in English, a 20-path run in Chinese),
a few seconds each. Without Chromium the tests skip, except under CI (``CI=true``), where a
missing browser is a failure.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from test_report_language import NOTICE, chinese_left, english_runs

from fundsim.present.messages import messages
from fundsim.present.outputs import write_run
from fundsim.present.report.browser import PageCheck, check_page, find_chromium
from fundsim.present.report.render import save_report
from fundsim.run.simulation import simulate

CHARTS = 4  # reserve, balances, pool, training


@pytest.fixture(scope="module")
def chromium() -> str:
    executable = find_chromium()
    if executable is None:
        reason = ("Chromium is not installed (apt-get install chromium); under CI=true this "
                  "test fails instead of skipping")
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return executable


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, chromium: str) -> dict[str, PageCheck]:
    """Each report loaded once: screenshot and PDF kept beside it."""
    root = tmp_path_factory.mktemp("browser")
    runs = {"default": simulate("default"), "paths": simulate("default", paths=20, seed=1)}
    found = {}
    for name, lang in (("default", "zh"), ("default", "en"), ("paths", "zh")):
        folder = root / name
        if not folder.exists():
            write_run(runs[name], folder)
        report = save_report(runs[name], folder, lang)
        found[f"{name}-{lang}"] = check_page(report, screenshot=folder / f"{lang}.png",
                                             pdf=folder / f"{lang}.pdf", executable=chromium)
    return found


@pytest.mark.parametrize("name", ["default-zh", "default-en", "paths-zh"])
def test_the_report_renders_in_chromium(pages: dict[str, PageCheck], name: str) -> None:
    page = pages[name]
    lang = name.rsplit("-", 1)[1]
    title = messages(lang)("report.title", scenario="default")
    assert page.title == title and page.h1 == title
    assert page.lang == messages(lang)("html.lang")
    assert len(page.images) == CHARTS
    assert not page.broken_images, page.broken_images
    assert all(image["alt"] for image in page.images)
    assert page.tables >= 5
    assert page.console == [], "no console errors, warnings or failed loads"
    assert page.requests and page.network_requests == [], "nothing fetched from the network"


@pytest.mark.parametrize("name", ["default-zh", "default-en", "paths-zh"])
def test_the_text_the_browser_shows_is_in_the_readers_language(pages: dict[str, PageCheck],
                                                                name: str) -> None:
    """The rule of test_report_language.py on the text as Chromium holds it: no English
    sentences in the Chinese report, no Chinese in the English one but region names and the
    notices cited."""
    page = pages[name]
    assert page.text.strip()
    if name.endswith("-zh"):
        assert english_runs(page.text) == []
    else:
        names = list(simulate_names())
        assert chinese_left(page.text, names) == []
        assert page.cited and all(NOTICE.search(c) for c in page.cited)


def simulate_names() -> list[str]:
    """The default scenario's region names (its data's ``name`` column)."""
    import csv

    from fundsim.inputs.scenario import load_scenario

    with load_scenario("default").data_path.open(encoding="utf-8-sig") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


@pytest.mark.parametrize("name", ["default-zh", "default-en"])
def test_the_heading_is_drawn_with_the_embedded_font(pages: dict[str, PageCheck],
                                                     name: str) -> None:
    fonts = pages[name].heading_fonts
    assert fonts, "Chromium names the fonts it drew the heading with"
    assert all(f["isCustomFont"] and "Noto Sans CJK SC" in f["familyName"] for f in fonts), fonts
    assert sum(f["glyphCount"] for f in fonts) == len(pages[name].h1)


def test_the_screenshot_shows_a_page_not_a_blank(pages: dict[str, PageCheck]) -> None:
    for page in pages.values():
        image = Image.open(io.BytesIO(page.screenshot.read_bytes())).convert("L")
        assert image.size == (1280, 2000)
        pixels = np.asarray(image, dtype=float)
        assert pixels.std() > 20, "a blank or single-colour screenshot"
        assert (pixels < 100).mean() > 0.01, "dark text on the page"


def test_in_print_every_chart_starts_a_page(pages: dict[str, PageCheck]) -> None:
    for page in pages.values():
        assert page.print_breaks == ["page"] * CHARTS
        pdf = page.pdf.read_bytes()
        assert pdf.startswith(b"%PDF")
        count = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
        assert count >= CHARTS + 3, f"{count} pages for {CHARTS} charts and the tables"


def test_the_pdf_has_each_chart_on_a_page_of_its_own(pages: dict[str, PageCheck]) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        reason = ("pdftotext is not installed (apt-get install poppler-utils); under CI=true "
                  "this test fails instead of skipping")
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    label = {"zh": r"图 (\d+)：", "en": r"Figure (\d+):"}
    for name, page in pages.items():
        pdf = page.pdf
        total = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))
        on_page = {}
        for number in range(1, total + 1):
            text = subprocess.run([pdftotext, "-f", str(number), "-l", str(number), str(pdf),
                                   "-"], capture_output=True, text=True, check=True).stdout
            found = re.findall(label[name.rsplit("-", 1)[1]], text)
            assert len(found) <= 1, f"{name}: page {number} holds charts {found}"
            on_page.update({int(f): number for f in found})
        assert sorted(on_page) == list(range(1, CHARTS + 1)), (name, on_page)
        assert len(set(on_page.values())) == CHARTS


def test_the_reports_are_the_files_a_run_folder_holds(pages: dict[str, PageCheck]) -> None:
    folders = {Path(p.screenshot).parent for p in pages.values()}
    for folder in folders:
        names = {p.name for p in folder.iterdir()}
        assert "results.nc" in names and "report.html" in names
    assert (Path(pages["default-en"].screenshot).parent / "report.en.html").is_file()
