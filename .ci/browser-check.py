#!/usr/bin/env python3
"""Loads pages of the built book in headless Chromium and checks what a reader
would see: every request the pages make goes to localhost, math is rendered
with KaTeX's fonts, and search finds a word.

Usage: python3 .ci/browser-check.py   (after `cargo xtask build`; needs Debian's
chromium package). Exits non-zero, saying why, if a check fails.
"""
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from functools import partial

SITE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "book", "html")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=5000",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    requested = []

    def log_message(self, fmt, *args):
        QuietHandler.requested.append((self.path, args[1] if len(args) > 1 else ""))


def load(url, workdir):
    """The page's DOM after its scripts ran, and every URL the page requested."""
    netlog = os.path.join(workdir, "net.json")
    dom = subprocess.run(
        ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={workdir}/profile",
         f"--log-net-log={netlog}", "--dump-dom", url],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    with open(netlog) as f:
        text = f.read().rstrip().rstrip(",")
    # Chromium may leave the log's event list open when it exits.
    log = json.loads(text if text.endswith("}") and text.count("[") == text.count("]") else text + "]}")
    # Requests the page made carry it as their initiator; Chromium's own
    # background services (updates, accounts) do not.
    page_origin = re.match(r"https?://[^/]+", url).group(0)
    urls = set()
    for event in log["events"]:
        params = event.get("params", {})
        if str(params.get("initiator", "")).startswith(page_origin) and "url" in params:
            urls.add(params["url"])
    return dom, urls


def main():
    if not os.path.isfile(os.path.join(SITE, "index.html")):
        sys.exit("browser-check: no built site in book/html; run `cargo xtask build` first")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=SITE))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://localhost:{server.server_address[1]}"
    failures = []
    with tempfile.TemporaryDirectory() as workdir:
        dom, urls = load(f"{base}/preface.html", workdir)
        if 'class="katex"' not in dom:
            failures.append("preface.html: no rendered math")
        dom, more = load(f"{base}/ch01-values-and-pointers.html?search=borrow", workdir)
        urls |= more
        results = re.search(r'<ul id="mdbook-searchresults">(.*?)</ul>', dom, re.S)
        if not results or "<li>" not in results.group(1):
            failures.append("search for 'borrow' found nothing")
    served = [path for path, status in QuietHandler.requested]
    remote = sorted(u for u in urls if not re.match(r"(https?|wss?)://(localhost|127\.0\.0\.1)(:\d+)?/", u))
    failures += [f"a page requested {u}" for u in remote]
    missing = sorted(path for path, status in QuietHandler.requested if status == "404")
    failures += [f"a page requested {path}, which is not in the site (404)" for path in missing]
    if not any(path.startswith("/katex/fonts/") for path in served):
        failures.append("no KaTeX font was loaded from /katex/fonts/")
    server.shutdown()
    if not remote:
        print(f"browser-check: {len(urls)} requests from the pages, all to localhost")
    for failure in failures:
        print(f"browser-check: {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
