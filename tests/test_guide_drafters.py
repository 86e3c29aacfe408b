"""The drafters' guide (docs/guide-drafters.md) tells the truth: every curl example in it is run, with the real
curl binary through a POSIX shell, against a live `lexgraph serve` on loopback (default settings, shipped data),
and prints what the guide shows.

How the guide is read:
- An *example* is a fenced ```sh block that invokes curl. Its *output* is the next fenced block, which must be
  ```json, ```text or ```turtle and come before any other ```sh block. Other ```sh blocks (installing, starting
  the service) are not run. Any other fenced block that invokes curl is an error: no example hides from the test.
- Every example talks to the service at http://localhost:8000, which the test rewrites to the live service's
  address. The block runs as one `sh -c` script in a fresh empty folder, with stdout and stderr together, as a
  terminal shows them.

How an output is compared (the rule for what the guide may leave out):
- ```json: what the command prints is read as a sequence of JSON values (one `jq .` document, or `jq -c` lines)
  and must equal, as data, the values the block shows: same keys and values, lists in the same order and of the
  same length; spacing and key order do not matter. Nothing may be left out: to show less, the command itself
  trims (jq, head), so the reader who runs it sees exactly what the guide shows.
- ```text: the lines must be equal (line endings and trailing spaces aside). One exception, the only subset
  the guide may show: a block that starts with an HTTP status line is a `curl -i` answer; its status line must
  be equal, each header it shows must be in the answer with that value (headers it does not show, such as
  `date`, are ignored), and its body must be equal, as data if it is JSON (the guide may spread a one-line JSON
  body over several lines for reading).
- ```turtle: both texts are parsed as Turtle and must be the same graph (isomorphic): the order in which the
  service writes statements does not matter, a statement added, removed or changed does.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

sys.path.insert(0, str(Path(__file__).resolve().parent / "reliability"))
from harness import start_server, stop_server

from system_programs import require_program

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guide-drafters.md"
GUIDE_BASE = "http://localhost:8000"
OUTPUT_KINDS = ("json", "text", "turtle")
EXAMPLE_TIMEOUT = 60  # seconds for one example's whole script
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
CURL = re.compile(r"(?:^|[\s|;&(`])curl\s", re.M)
URL = re.compile(r"https?://[^\s'\"<>)]+")
# Addresses a command may name: the service, and LexGraph IRIs inside a query or a value it sends.
ALLOWED_URL_PREFIXES = (GUIDE_BASE + "/", "https://w3id.org/lexgraph/")


@dataclass(frozen=True)
class Block:
    info: str
    body: str
    line: int

    @property
    def language(self) -> str:
        return self.info.split()[0] if self.info.split() else ""


@dataclass(frozen=True)
class Example:
    command: str
    kind: str
    shown: str
    line: int

    @property
    def curl_calls(self) -> int:
        return len(CURL.findall(self.command))


def fenced_blocks(text: str) -> list[Block]:
    return [Block(m.group("info").strip(), m.group("body"), text.count("\n", 0, m.start()) + 1)
            for m in FENCE.finditer(text)]


def parse_examples(text: str) -> list[Example]:
    """The guide's curl examples, each with the output block that follows it; a curl block without one, or a
    curl call in a block of another language, is an AssertionError naming the line."""
    blocks = fenced_blocks(text)
    examples = []
    for index, block in enumerate(blocks):
        if not CURL.search(block.body) or block.language in OUTPUT_KINDS:
            continue
        assert block.language == "sh", (
            f"line {block.line}: a ```{block.language} block invokes curl; write examples as ```sh blocks")
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        assert following is not None and following.language in OUTPUT_KINDS, (
            f"line {block.line}: a curl example must be followed by its output in a ```json, ```text or "
            f"```turtle block")
        examples.append(Example(block.body, following.language, following.body, block.line))
    return examples


# ------------------------------------------------------------------------------------------------------------
# Comparing what a command printed with what the guide shows
# ------------------------------------------------------------------------------------------------------------


def json_values(text: str) -> list:
    """Every JSON value in the text, in order (a pretty document, or one value per line)."""
    decoder = json.JSONDecoder()
    values, at = [], 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            return values
        value, at = decoder.raw_decode(text, at)
        values.append(value)


def normal_lines(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def check_json(printed: str, shown: str) -> None:
    try:
        got = json_values(printed)
    except ValueError as error:
        raise AssertionError(f"the command printed something that is not JSON ({error})") from None
    assert got == json_values(shown), "the JSON printed differs from the JSON the guide shows"


def check_text(printed: str, shown: str) -> None:
    if re.match(r"HTTP/[\d.]+ \d{3}", shown):
        check_http(printed, shown)
        return
    assert normal_lines(printed) == normal_lines(shown), "the text printed differs from the text the guide shows"


def _head_and_body(text: str) -> tuple[list[str], str]:
    lines = text.replace("\r\n", "\n").split("\n")
    blank = lines.index("") if "" in lines else len(lines)
    return [line.rstrip() for line in lines[:blank]], "\n".join(lines[blank + 1:])


def check_http(printed: str, shown: str) -> None:
    """A `curl -i` answer: status line equal, the shown headers present with their values, body equal."""
    got_head, got_body = _head_and_body(printed)
    shown_head, shown_body = _head_and_body(shown)
    assert got_head and got_head[0] == shown_head[0], f"status line {got_head[:1]} is not {shown_head[0]!r}"
    headers = {tuple(part.strip() for part in line.split(":", 1)) for line in got_head[1:] if ":" in line}
    headers = {(name.lower(), value) for name, value in headers}
    for line in shown_head[1:]:
        name, _, value = line.partition(":")
        assert (name.strip().lower(), value.strip()) in headers, f"header {line!r} is not in the answer"
    try:
        shown_values = json_values(shown_body)
    except ValueError:
        shown_values = None
    if shown_values is None:
        assert normal_lines(got_body) == normal_lines(shown_body), "the body differs from the one the guide shows"
    else:
        check_json(got_body, shown_body)


def check_turtle(printed: str, shown: str) -> None:
    got, expected = Graph().parse(data=printed, format="turtle"), Graph().parse(data=shown, format="turtle")
    assert isomorphic(got, expected), (
        f"the graph printed ({len(got)} triples) is not the one the guide shows ({len(expected)} triples)")


CHECKS = {"json": check_json, "text": check_text, "turtle": check_turtle}


def check_output(kind: str, printed: str, shown: str) -> None:
    CHECKS[kind](printed, shown)


# ------------------------------------------------------------------------------------------------------------
# The guide's shape
# ------------------------------------------------------------------------------------------------------------

GUIDE_TEXT = GUIDE.read_text(encoding="utf-8") if GUIDE.is_file() else ""
EXAMPLES = parse_examples(GUIDE_TEXT) if GUIDE_TEXT else []


def test_guide_exists_and_has_examples():
    assert GUIDE.is_file(), "docs/guide-drafters.md is missing"
    assert len(EXAMPLES) >= 20, f"the drafters' guide has only {len(EXAMPLES)} curl examples"


def test_every_curl_call_in_the_guide_is_in_a_tested_example():
    """Counted independently of the parser's own walk: curl calls in any fenced block that is not an output."""
    in_blocks = sum(len(CURL.findall(b.body)) for b in fenced_blocks(GUIDE_TEXT) if b.language not in OUTPUT_KINDS)
    assert in_blocks == sum(e.curl_calls for e in EXAMPLES) > 0


def test_the_service_starts_as_the_readme_says():
    """The guide's first command is the README's, so a reader who follows either starts the same service."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = next(b for b in fenced_blocks(GUIDE_TEXT) if b.language == "sh" and "lexgraph serve" in b.body)
    assert start.body.strip() in readme, "the guide starts the service otherwise than README.md"


def test_examples_talk_only_to_the_service():
    for example in EXAMPLES:
        for url in URL.findall(example.command):
            assert url.startswith(ALLOWED_URL_PREFIXES), f"line {example.line}: {url} is not the local service"
        assert GUIDE_BASE in example.command, f"line {example.line}: the example does not name {GUIDE_BASE}"


def test_guide_covers_the_drafters_tasks():
    """The tasks issue 6 asks the guide to teach, each present in a tested example."""
    commands = "\n".join(e.command for e in EXAMPLES)
    outputs = "\n".join(e.shown for e in EXAMPLES)
    for route in ("/search", "/instruments", "/provisions/", "/id/", "/compare?", "/gaps?", "/equivalents?",
                  "asOf=", "2025-02-02", "2026-08-02", "/export?", "/sparql", "--data-urlencode", "/health"):
        assert route in commands, f"no tested example uses {route}"
    assert "Accept: text/turtle" in commands
    for status in ("HTTP/1.1 404 Not Found", "HTTP/1.1 400 Bad Request", "HTTP/1.1 413 Request Entity Too Large"):
        assert status in outputs, f"no tested example shows {status}"
    assert "exit code 22" in outputs


# ------------------------------------------------------------------------------------------------------------
# The comparison rules fail when an output changes
# ------------------------------------------------------------------------------------------------------------

ANSWER_404_BODY = '{"error":"UnknownResourceError","message":"unknown provision","suggestions":["a","b"]}'
SHOWN_404_BODY = json.dumps(json.loads(ANSWER_404_BODY), indent=2)  # as the guide lays a body out for reading
ANSWER_404 = (
    "HTTP/1.1 404 Not Found\r\ndate: Sun, 29 Nov 2026 07:53:55 GMT\r\nserver: uvicorn\r\n"
    "content-type: application/json\r\n\r\n" + ANSWER_404_BODY
)


@pytest.mark.parametrize(("kind", "printed", "shown"), [
    ("json", '{"b": 1, "a": [1, 2]}', '{\n  "a": [1, 2],\n  "b": 1\n}'),
    ("json", '{"a":1}\n{"a":2}\n', '{"a": 1}\n{"a": 2}'),
    ("text", "200\r\n404\r\n", "200\n404\n"),
    ("text", ANSWER_404, "HTTP/1.1 404 Not Found\ncontent-type: application/json\n\n" + SHOWN_404_BODY),
    ("turtle", "<urn:a> <urn:b> <urn:c> , <urn:d> .", "<urn:a> <urn:b> <urn:d> .\n<urn:a> <urn:b> <urn:c> ."),
])
def test_equal_outputs_pass(kind, printed, shown):
    check_output(kind, printed, shown)


@pytest.mark.parametrize(("kind", "printed", "shown"), [
    ("json", '{"a": [1, 2]}', '{"a": [2, 1]}'),  # order of a list
    ("json", '{"a": [1, 2, 3]}', '{"a": [1, 2]}'),  # an item left out
    ("json", '{"a": 1, "b": 2}', '{"a": 1}'),  # a key left out
    ("json", '{"a": "2026-08-02"}', '{"a": "2025-02-02"}'),  # a value changed
    ("json", '{"a":1}\n{"a":2}\n', '{"a": 1}'),  # a line left out
    ("json", "curl: (7) Failed to connect", '{"a": 1}'),  # not JSON at all
    ("text", "200\n404\n", "200\n200\n"),
    ("text", "200\n404\nextra\n", "200\n404\n"),
    ("text", ANSWER_404, "HTTP/1.1 400 Bad Request\n\n" + SHOWN_404_BODY),  # status changed
    ("text", ANSWER_404, "HTTP/1.1 404 Not Found\ncontent-type: text/plain\n\n" + SHOWN_404_BODY),  # a header changed
    ("text", ANSWER_404, "HTTP/1.1 404 Not Found\n\n" + SHOWN_404_BODY.replace('"b"', '"c"')),  # body changed
    ("turtle", "<urn:a> <urn:b> <urn:c> , <urn:d> .", "<urn:a> <urn:b> <urn:c> ."),
])
def test_changed_outputs_fail(kind, printed, shown):
    with pytest.raises(AssertionError):
        check_output(kind, printed, shown)


def test_the_parser_refuses_hidden_or_unanswered_examples():
    with pytest.raises(AssertionError, match="```bash"):
        parse_examples("```bash\ncurl -s http://localhost:8000/health\n```\n```json\n{}\n```\n")
    with pytest.raises(AssertionError, match="followed by its output"):
        parse_examples("```sh\ncurl -s http://localhost:8000/health\n```\n\n```sh\nls\n```\n")
    found = parse_examples("```sh\npython3 -m venv .venv\n```\n```sh\ncurl -s x | jq .\n```\ntext\n```json\n1\n```\n")
    assert [(e.kind, e.shown, e.curl_calls) for e in found] == [("json", "1\n", 1)]


# ------------------------------------------------------------------------------------------------------------
# Running the examples against the live service
# ------------------------------------------------------------------------------------------------------------


def require_tools() -> None:
    """curl is the subject of the guide, and jq trims its answers; both are Debian packages."""
    for tool in ("curl", "jq"):
        require_program(tool, tool)


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """`lexgraph serve` as the README starts it (default settings, shipped data), on a free loopback port."""
    require_tools()
    server = start_server(tmp_path_factory.mktemp("guide-drafters"), {})
    try:
        yield server
    finally:
        stop_server(server)


def run_example(command: str, base: str, folder: Path) -> subprocess.CompletedProcess:
    """The example as a reader runs it, with the guide's base URL pointing at `base`. HOME is the empty folder,
    so no ~/.curlrc or ~/.jq changes the answer; no proxy is used for the local service."""
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "LC_ALL": "C.UTF-8",
        "NO_PROXY": "*",
        "no_proxy": "*",
    }
    return subprocess.run(
        ["sh", "-c", command.replace(GUIDE_BASE, base)], cwd=folder, env=environment,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        timeout=EXAMPLE_TIMEOUT, encoding="utf-8", errors="replace", check=False,
    )


def test_curl_and_jq_are_installed():
    require_tools()


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line-{e.line}" for e in EXAMPLES])
def test_example_prints_what_the_guide_shows(example, service, tmp_path):
    result = run_example(example.command, service.base, tmp_path)
    try:
        check_output(example.kind, result.stdout, example.shown)
    except AssertionError as error:
        raise AssertionError(
            f"docs/guide-drafters.md line {example.line}: {error}.\nThe command:\n{example.command}\n"
            f"printed (exit status {result.returncode}):\n{result.stdout}"
        ) from None
