"""Open a report in headless Chromium and say what a reader would see.

Chromium is driven through the DevTools protocol over a pipe (``--remote-debugging-pipe``:
JSON messages ending in a NUL byte on file descriptors 3 and 4), so no port is opened and no
extra package is needed. One browser run loads the page, records console messages, script
errors, log entries and every request, reads what the page shows (title, images, the fonts
used for the heading, how charts break pages in print), takes a screenshot and prints to PDF.

Used by the browser test; also usable to make a PDF of a report.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Flags for a quiet, offline, reproducible headless browser.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
    "--remote-debugging-pipe",
)

_PAGE_FACTS = """JSON.stringify({
  title: document.title,
  h1: (document.querySelector('h1') || {}).textContent || '',
  lang: document.documentElement.lang,
  images: Array.from(document.images).map(i => ({
    complete: i.complete, width: i.naturalWidth, height: i.naturalHeight, alt: i.alt})),
  tables: document.querySelectorAll('table').length,
  height: document.documentElement.scrollHeight,
  fontsReady: document.fonts.status,
  text: (() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll('code, cite, style, script').forEach(e => e.remove());
    body.querySelectorAll('img').forEach(i => i.replaceWith(i.alt));
    return body.textContent;
  })(),
  cited: Array.from(document.querySelectorAll('cite')).map(c => c.textContent),
})"""


# In print: "page" for a chart that starts a page, either by its own break-before or as the
# first thing after its section's heading (and introduction) in a section that starts a page;
# else the chart's computed break-before.
_PRINT_BREAKS = """JSON.stringify(Array.from(document.querySelectorAll('figure.chart')).map(f => {
  const own = getComputedStyle(f).breakBefore;
  if (own === 'page') return 'page';
  let before = f.previousElementSibling;
  while (before && ['H2', 'P'].includes(before.tagName)) before = before.previousElementSibling;
  const section = f.parentElement;
  return !before && getComputedStyle(section).breakBefore === 'page' ? 'page' : own;
}))"""


class BrowserError(RuntimeError):
    """Chromium could not be started, or did not answer in time."""


def find_chromium() -> str | None:
    """The Chromium executable: ``$CHROMIUM`` if set, else ``chromium`` on the PATH."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")


@dataclass
class PageCheck:
    """What one load of a page showed."""

    url: str
    title: str
    h1: str
    lang: str
    images: list[dict[str, Any]]
    tables: int
    height: int
    heading_fonts: list[dict[str, Any]]
    print_breaks: list[str] = field(default_factory=list)  # "page": the chart starts a page
    console: list[str] = field(default_factory=list)  # console errors/warnings, exceptions, log
    requests: list[str] = field(default_factory=list)  # every URL the page requested
    screenshot: Path | None = None
    pdf: Path | None = None
    #: The page's text as the browser holds it, without ``code`` and ``cite`` elements (with
    #: the images' alt texts), and the ``cite`` elements' texts apart.
    text: str = ""
    cited: list[str] = field(default_factory=list)

    @property
    def broken_images(self) -> list[dict[str, Any]]:
        return [i for i in self.images if not i["complete"] or i["width"] == 0]

    @property
    def network_requests(self) -> list[str]:
        """Requests that leave the machine (anything but file: and data: URLs)."""
        return [u for u in self.requests if not u.startswith(("file:", "data:"))]


class _Pipe:
    """A Chromium process and its DevTools pipe."""

    def __init__(self, executable: str, flags: list[str], timeout: float, log: Path):
        cmd_read, self._write = os.pipe()
        self._read, resp_write = os.pipe()
        # move the child's ends above 9 so the dup2 onto 3 and 4 cannot clobber either
        child_read = fcntl.fcntl(cmd_read, fcntl.F_DUPFD_CLOEXEC, 10)
        child_write = fcntl.fcntl(resp_write, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(cmd_read)
        os.close(resp_write)
        actions = [
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, str(log), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600),
            (os.POSIX_SPAWN_OPEN, 2, str(log), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600),
            (os.POSIX_SPAWN_DUP2, child_read, 3),
            (os.POSIX_SPAWN_DUP2, child_write, 4),
        ]
        try:
            self.pid = os.posix_spawn(executable, [executable, *flags], os.environ,
                                      file_actions=actions, setsid=True)
        except OSError as exc:
            raise BrowserError(f"cannot start {executable}: {exc}") from exc
        finally:
            os.close(child_read)
            os.close(child_write)
        self.timeout = timeout
        self.events: list[dict[str, Any]] = []
        self._buffer = b""
        self._next = 0

    def call(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        self._next += 1
        ident = self._next
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        reply = self.wait(lambda m: m.get("id") == ident, method)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message', reply['error'])}")
        return reply.get("result", {})

    def wait(self, wanted: Any, what: str) -> dict[str, Any]:
        """The first message ``wanted(message)`` accepts; events on the way are kept."""
        deadline = time.monotonic() + self.timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                if wanted(message):
                    return message
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError(f"Chromium did not answer {what} within {self.timeout:g} s")
            ready, _, _ = select.select([self._read], [], [], left)
            if ready:
                chunk = os.read(self._read, 1 << 20)
                if not chunk:
                    raise BrowserError(f"Chromium closed the DevTools pipe during {what}")
                self._buffer += chunk

    def close(self) -> None:
        with contextlib.suppress(BrowserError, OSError):
            self.call("Browser.close")
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:  # still running: end the process group this object started, then reap it
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
        for fd in (self._read, self._write):
            with contextlib.suppress(OSError):
                os.close(fd)


def _console_text(event: dict[str, Any]) -> str | None:
    method, params = event["method"], event["params"]
    if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning", "assert"):
        args = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
        return f"console.{params['type']}: {args}"
    if method == "Runtime.exceptionThrown":
        details = params["exceptionDetails"]
        return f"exception: {details.get('exception', {}).get('description', details['text'])}"
    if method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
        entry = params["entry"]
        return f"log {entry['level']} ({entry['source']}): {entry['text']} {entry.get('url', '')}"
    return None


def check_page(page: Path, screenshot: Path | None = None, pdf: Path | None = None,
               width: int = 1280, height: int = 2000, timeout: float = 30.0,
               executable: str | None = None) -> PageCheck:
    """Load ``page`` in headless Chromium; record what it shows; screenshot and PDF if asked.

    Raises BrowserError when Chromium is missing, cannot start or does not answer.
    """
    executable = executable or find_chromium()
    if not executable:
        raise BrowserError("Chromium not found: install Debian's chromium package or set "
                           "CHROMIUM to its path")
    url = Path(page).resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="fundsim-chromium-") as profile:
        flags = [*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"]
        browser = _Pipe(executable, flags, timeout, Path(profile) / "chromium.log")
        try:
            target = browser.call("Target.createTarget", {"url": "about:blank"})
            session = browser.call("Target.attachToTarget", {"targetId": target["targetId"],
                                                             "flatten": True})["sessionId"]
            for domain in ("Page", "Runtime", "Log", "Network", "DOM", "CSS"):
                browser.call(f"{domain}.enable", session=session)
            browser.call("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                session=session)
            browser.call("Page.navigate", {"url": url}, session=session)
            browser.wait(lambda m: m.get("method") == "Page.loadEventFired"
                         and m.get("sessionId") == session, "the page load")
            facts = json.loads(browser.call("Runtime.evaluate", {
                "expression": "document.fonts.ready.then(() => " + _PAGE_FACTS + ")",
                "awaitPromise": True, "returnByValue": True}, session=session
            )["result"]["value"])
            root = browser.call("DOM.getDocument", session=session)["root"]["nodeId"]
            heading = browser.call("DOM.querySelector", {"nodeId": root, "selector": "h1"},
                                   session=session)["nodeId"]
            fonts = (browser.call("CSS.getPlatformFontsForNode", {"nodeId": heading},
                                  session=session)["fonts"] if heading else [])
            if screenshot is not None:
                shot = browser.call("Page.captureScreenshot", {"format": "png"},
                                    session=session)
                Path(screenshot).write_bytes(base64.b64decode(shot["data"]))
            browser.call("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
            breaks = json.loads(browser.call("Runtime.evaluate", {
                "expression": _PRINT_BREAKS, "returnByValue": True}, session=session
            )["result"]["value"])
            if pdf is not None:
                printed = browser.call("Page.printToPDF", {"printBackground": True,
                                                           "preferCSSPageSize": True},
                                       session=session)
                Path(pdf).write_bytes(base64.b64decode(printed["data"]))
        finally:
            browser.close()
    console = [text for text in map(_console_text, browser.events) if text]
    requests = [e["params"]["request"]["url"] for e in browser.events
                if e["method"] == "Network.requestWillBeSent"]
    return PageCheck(url=url, title=facts["title"], h1=facts["h1"], lang=facts["lang"],
                     images=facts["images"], tables=facts["tables"], height=facts["height"],
                     heading_fonts=fonts, print_breaks=breaks, console=console, requests=requests,
                     screenshot=Path(screenshot) if screenshot else None,
                     pdf=Path(pdf) if pdf else None, text=facts.get("text", ""),
                     cited=facts.get("cited", []))
