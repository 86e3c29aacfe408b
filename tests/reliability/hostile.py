"""The hostile catalogue: requests an attacker or a careless client sends, each with the answer it must get.

Every entry is a request (method, path, parameters or body, headers) and what the service must say: the
status and a fragment of the JSON message. The same catalogue runs in process (test_hostile_*.py) and against
a live service whose processes are all under a network watch (test_network_isolation.py): SERVICE, FROM and
LOAD targets name loopback and private addresses, and a canary listener on `port` records any connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class Hostile:
    name: str
    method: str
    path: str
    params: tuple[tuple[str, str], ...] | None = None
    data: tuple[tuple[str, str], ...] | None = None  # a form body
    content: bytes | str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    status: tuple[int, ...] = (400,)
    says: str = ""  # a fragment of the message, compared case-insensitively
    in_process_only: bool = False  # a lie (a false Content-Length) that an HTTP client refuses to send

    def send(self, client):
        kwargs: dict = {"headers": self.headers}
        if self.params is not None:
            kwargs["params"] = list(self.params)
        if self.data is not None:
            kwargs["content"] = _form(self.data)
            kwargs["headers"] = {"Content-Type": FORM, **self.headers}
        if self.content is not None:
            kwargs["content"] = self.content
        return client.request(self.method, self.path, **kwargs)


def _form(pairs) -> bytes:
    from urllib.parse import urlencode

    return urlencode(list(pairs)).encode()


def by_every_route(name: str, text: str, status: int, says: str) -> list[Hostile]:
    """The same text by GET query=, POST form query=, POST form update=, POST sparql-query, POST sparql-update
    and GET update=: the six ways a SPARQL text reaches the endpoint."""
    return [
        Hostile(f"{name} by GET query=", "GET", "/sparql", params=(("query", text),), status=(status,), says=says),
        Hostile(f"{name} by POST form query=", "POST", "/sparql", data=(("query", text),), status=(status,),
                says=says),
        Hostile(f"{name} by POST form update=", "POST", "/sparql", data=(("update", text),), status=(403,),
                says="read-only"),
        Hostile(f"{name} by POST sparql-query", "POST", "/sparql", content=text, headers={"Content-Type": DIRECT},
                status=(status,), says=says),
        Hostile(f"{name} by POST sparql-update", "POST", "/sparql", content=text,
                headers={"Content-Type": UPDATE}, status=(403,), says="read-only"),
        Hostile(f"{name} by GET update=", "GET", "/sparql", params=(("update", text),), status=(403,),
                says="read-only"),
    ]


def updates(port: int) -> list[Hostile]:
    """Every SPARQL Update operation, plain and disguised, by every route: refused with 403."""
    here = f"http://127.0.0.1:{port}"
    forms = {
        "INSERT DATA": "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }",
        "DELETE DATA": "DELETE DATA { <https://w3id.org/lexgraph/id/eu> a "
                       "<https://w3id.org/lexgraph/ontology#Jurisdiction> }",
        "DELETE WHERE": "DELETE WHERE { ?s ?p ?o }",
        "DELETE/INSERT WHERE": "DELETE { ?s ?p ?o } INSERT { ?s ?p 'defaced' } WHERE { ?s ?p ?o }",
        "INSERT WHERE": "INSERT { ?s <urn:x:p> 1 } WHERE { ?s ?p ?o }",
        "WITH ... DELETE": "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "LOAD remote": f"LOAD <{here}/data.ttl> INTO GRAPH <urn:x:g>",
        "LOAD metadata address": "LOAD SILENT <http://169.254.169.254/latest/meta-data/>",
        "LOAD file": "LOAD <file:///etc/passwd>",
        "CLEAR": "CLEAR ALL",
        "DROP": "DROP GRAPH <https://w3id.org/lexgraph/graph/data/jurisdictions>",
        "CREATE": "CREATE GRAPH <urn:x:g>",
        "ADD": "ADD DEFAULT TO <urn:x:g>",
        "MOVE": "MOVE <https://w3id.org/lexgraph/graph/data/jurisdictions> TO <urn:x:g>",
        "COPY": "COPY <https://w3id.org/lexgraph/graph/data/jurisdictions> TO DEFAULT",
        "lower case": "insert data { <urn:x:s> <urn:x:p> <urn:x:o> }",
        "after a comment": "# harmless\n  DrOp ALL",
        "after PREFIX and BASE": "BASE <urn:x:> PREFIX x: <urn:x:> INSERT DATA { x:s x:p x:o }",
        "two operations": "CLEAR DEFAULT ; INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }",
    }
    cases = []
    for name, text in forms.items():
        cases += by_every_route(f"update {name}", text, 403, "read-only")
    return cases


# SERVICE targets: the canary on loopback in its spellings, private and link-local addresses, the service itself.
def service_targets(port: int) -> dict[str, str]:
    return {
        "127.0.0.1": f"http://127.0.0.1:{port}/sparql",
        "[::1]": f"http://[::1]:{port}/sparql",
        "localhost": f"http://localhost:{port}/sparql",
        "127.1 short form": f"http://127.1:{port}/sparql",
        "decimal 2130706433": f"http://2130706433:{port}/sparql",
        "IPv4-mapped IPv6": f"http://[::ffff:127.0.0.1]:{port}/sparql",
        "0.0.0.0": f"http://0.0.0.0:{port}/sparql",
        "10.x private": "http://10.0.0.1/sparql",
        "192.168.x private": "http://192.168.1.1:8080/sparql",
        "169.254.169.254 metadata": "http://169.254.169.254/latest/meta-data/",
        "file": "file:///etc/passwd",
    }


def services(port: int) -> list[Hostile]:
    """SERVICE in every spelling and position the grammar allows: refused with 400 before anything runs."""
    cases = []
    for target_name, target in service_targets(port).items():
        for shape, text in {
            "plain": f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            "lower case SILENT": f"select * where {{ service silent <{target}> {{ ?s ?p ?o }} }}",
        }.items():
            cases.append(Hostile(f"SERVICE {target_name} {shape}", "GET", "/sparql", params=(("query", text),),
                                 says="SERVICE"))
    canary = f"http://127.0.0.1:{port}/sparql"
    disguised = {
        "comment between tokens": f"SELECT * WHERE {{ SERVICE#x\n<{canary}>#y\n{{ ?s ?p ?o }} }}",
        "no spaces": f"SELECT*WHERE{{SERVICE<{canary}>{{?s ?p ?o}}}}",
        "tabs and CR": f"SELECT * WHERE {{\tSERVICE\r<{canary}>\t{{ ?s ?p ?o }} }}",
        "mixed case": f"SELECT * WHERE {{ SeRvIcE <{canary}> {{ ?s ?p ?o }} }}",
        "prefixed name": f"PREFIX m: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE m:sparql {{ ?s ?p ?o }} }}",
        "metadata by prefix": "PREFIX m: <http://169.254.169.254/latest/> SELECT * WHERE { SERVICE m:x { ?s ?p ?o } }",
        "relative to BASE": f"BASE <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        "relative to the endpoint itself": "SELECT * WHERE { SERVICE <sparql> { ?s ?p ?o } }",
        "variable endpoint": f"SELECT * WHERE {{ VALUES ?e {{ <{canary}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "inside OPTIONAL": f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE <{canary}> {{ ?a ?x ?y }} }} }}",
        "inside UNION": f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{canary}> {{ ?a ?b ?c }} }} }}",
        "inside FILTER EXISTS": f"ASK {{ FILTER EXISTS {{ SERVICE <{canary}> {{ ?s ?p ?o }} }} }}",
        "inside MINUS": f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{canary}> {{ ?s ?p ?o }} }} }}",
        "inside a subquery": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{canary}> {{ ?s ?p ?o }} }} }} }}",
        "in CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{canary}> {{ ?s ?p ?o }} }}",
        "in DESCRIBE": f"DESCRIBE ?s WHERE {{ SERVICE <{canary}> {{ ?s ?p ?o }} }}",
        "after FILTER with <": f"SELECT * WHERE {{ ?a ?b ?c FILTER(?a<?b)SERVICE<{canary}>{{?s ?p ?o}} }}",
        "after a string with quotes": f"SELECT * WHERE {{ BIND('a\\'' AS ?x) SERVICE <{canary}> {{ }} }}",
        "after a long string": f'SELECT * WHERE {{ BIND("""a""b""" AS ?x) SERVICE <{canary}> {{ }} }}',
    }
    for shape, text in disguised.items():
        for method in ("GET", "POST"):
            if method == "GET":
                cases.append(Hostile(f"SERVICE {shape} by GET", "GET", "/sparql", params=(("query", text),),
                                     says="SERVICE"))
            else:
                cases.append(Hostile(f"SERVICE {shape} by POST", "POST", "/sparql", content=text,
                                     headers={"Content-Type": DIRECT}, says="SERVICE"))
    # Unicode escapes are not processed outside strings and IRIs by Oxigraph: these are malformed, not SERVICE.
    for shape, text in {
        "\\u0053ERVICE": f"SELECT * WHERE {{ \\u0053ERVICE <{canary}> {{ ?s ?p ?o }} }}",
        "SERV\\u0049CE": f"SELECT * WHERE {{ SERV\\u0049CE <{canary}> {{ ?s ?p ?o }} }}",
        "long s (U+017F)": f"SELECT * WHERE {{ \u017fervice <{canary}> {{ ?s ?p ?o }} }}",
        "zero-width space inside": f"SELECT * WHERE {{ SERV\u200bICE <{canary}> {{ ?s ?p ?o }} }}",
        "fullwidth letters": "SELECT * WHERE { \uff33\uff25\uff32\uff36\uff29\uff23\uff25 "
                             f"<{canary}> {{ ?s ?p ?o }} }}",
    }.items():
        cases.append(Hostile(f"SERVICE escaped {shape}", "GET", "/sparql", params=(("query", text),)))
    return cases


def datasets(port: int) -> list[Hostile]:
    """FROM, FROM NAMED and the protocol's graph parameters naming remote or file: IRIs: 400, never fetched."""
    remote = {
        "loopback canary": f"http://127.0.0.1:{port}/graph.ttl",
        "metadata address": "http://169.254.169.254/latest/meta-data/",
        "private address": "http://10.0.0.1/graph.ttl",
        "file": "file:///etc/passwd",
        "ftp": "ftp://127.0.0.1/graph.ttl",
    }
    ask = "ASK { ?s ?p ?o }"
    cases = []
    for name, iri in remote.items():
        cases += [
            Hostile(f"FROM {name}", "GET", "/sparql",
                    params=(("query", f"SELECT * FROM <{iri}> WHERE {{ ?s ?p ?o }}"),), says="never fetched"),
            Hostile(f"FROM NAMED {name}", "POST", "/sparql", data=(("query", f"SELECT * FROM NAMED <{iri}> "
                                                                    "WHERE { GRAPH ?g { ?s ?p ?o } }"),),
                    says="never fetched"),
            Hostile(f"default-graph-uri {name} by GET", "GET", "/sparql",
                    params=(("query", ask), ("default-graph-uri", iri)), says="never fetched"),
            Hostile(f"named-graph-uri {name} by POST form", "POST", "/sparql",
                    data=(("query", ask), ("named-graph-uri", iri)), says="never fetched"),
            Hostile(f"default-graph-uri {name} by POST direct", "POST", f"/sparql?default-graph-uri={iri}",
                    content=ask, headers={"Content-Type": DIRECT}, says="never fetched"),
        ]
    cases += [
        Hostile("FROM by prefixed name", "GET", "/sparql",
                params=(("query", "PREFIX f: <file:///etc/> SELECT * FROM f:passwd WHERE { ?s ?p ?o }"),),
                says="file:///etc/passwd"),
        Hostile("FROM relative to BASE", "GET", "/sparql",
                params=(("query", "BASE <http://169.254.169.254/> SELECT * FROM <latest> WHERE { ?s ?p ?o }"),),
                says="169.254.169.254"),
        Hostile("FROM an undeclared prefix", "GET", "/sparql",
                params=(("query", "SELECT * FROM nope:g WHERE { ?s ?p ?o }"),), says="FROM"),
        Hostile("default-graph-uri of 100,000 characters", "POST", "/sparql",
                data=(("query", ask), ("default-graph-uri", "urn:x:" + "g" * 100_000)), says="never fetched"),
        Hostile("FROM an IRI of 100,000 characters", "POST", "/sparql",
                content=f"SELECT * FROM <urn:x:{'g' * 100_000}> WHERE {{ ?s ?p ?o }}",
                headers={"Content-Type": DIRECT}, says="never fetched"),
    ]
    return cases


def malformed(port: int) -> list[Hostile]:
    """Syntax errors, non-UTF-8 text, protocol misuse and unknown media types."""
    select = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    cases = [Hostile(f"syntax: {name}", "GET", "/sparql", params=(("query", text),), says="malformed")
             for name, text in {
                 "misspelt keyword": "SELEC * WHERE { ?s ?p ?o }",
                 "unbalanced braces": "SELECT * WHERE { ?s ?p ?o ",
                 "unknown prefix": "SELECT * WHERE { ?s nope:p ?o }",
                 "empty": "",
                 "keyword only": "SELECT",
                 "control characters": "SELECT \x01\x02 WHERE {}",
                 "NUL byte": "SELECT * WHERE { ?s ?p ?o }\x00",
                 "stray closing brace": "SELECT * WHERE { } }",
                 "bad IRI": "SELECT * WHERE { <http://exa mple.org/> ?p ?o }",
                 "binary noise": "\ufffd\ufffd\x7f\x1b[31m",
             }.items()]
    cases += [
        Hostile("non-UTF-8 direct body", "POST", "/sparql", content=b"SELECT * WHERE { ?s ?p '\xff\xfe' }",
                headers={"Content-Type": DIRECT}, status=(415,), says="UTF-8"),
        Hostile("non-UTF-8 form body", "POST", "/sparql", content=b"query=SELECT%20*%20{}\xff",
                headers={"Content-Type": FORM}, status=(415,), says="UTF-8"),
        Hostile("percent-encoded non-UTF-8 in a form", "POST", "/sparql", content=b"query=ASK%20{}%FF%FE",
                headers={"Content-Type": FORM}, says="UTF-8"),
        Hostile("percent-encoded non-UTF-8 in the URL", "GET", "/sparql?query=ASK%20%7B%7D%FF%FE", says="UTF-8"),
        Hostile("UTF-16 body", "POST", "/sparql", content=select.encode("utf-16"),
                headers={"Content-Type": DIRECT}, status=(415,), says="UTF-8"),
        Hostile("latin-1 charset", "POST", "/sparql", content=select,
                headers={"Content-Type": f"{DIRECT}; charset=latin-1"}, status=(415,), says="UTF-8"),
        Hostile("query twice by GET", "GET", "/sparql", params=(("query", select), ("query", select)),
                says="exactly one"),
        Hostile("query twice in a form", "POST", "/sparql", data=(("query", select), ("query", "ASK {}")),
                says="exactly one"),
        Hostile("query in the URL and in the form", "POST", "/sparql?query=ASK%20%7B%7D", data=(("query", select),),
                says="exactly one"),
        Hostile("query in the URL and as the body", "POST", "/sparql?query=ASK%20%7B%7D", content=select,
                headers={"Content-Type": DIRECT}, says="exactly one"),
        Hostile("query and update together", "POST", "/sparql", data=(("query", select), ("update", "CLEAR ALL")),
                status=(403,), says="read-only"),
        Hostile("update in the URL of a POST", "POST", "/sparql?update=CLEAR%20ALL", data=(("query", select),),
                status=(403,), says="read-only"),
        Hostile("form without a query", "POST", "/sparql", data=(("default-graph-uri", "urn:x"),),
                says="exactly one"),
    ]
    for media in ("text/plain", "application/json", "multipart/form-data; boundary=x", "application/xml",
                  "garbage", "application/sparql-query+evil", ";;;"):
        cases.append(Hostile(f"POST body as {media}", "POST", "/sparql", content=select,
                             headers={"Content-Type": media}, status=(415,), says="takes"))
    cases += [
        Hostile("POST without Content-Type", "POST", "/sparql", content=select, status=(415,), says="takes"),
        Hostile("JSON-LD with a remote @context at /sparql", "POST", "/sparql",
                content='{"@context": "http://169.254.169.254/latest/context.jsonld", "@id": "urn:x"}',
                headers={"Content-Type": "application/ld+json"}, status=(415,), says="takes"),
        Hostile("JSON-LD PUT to the graph store", "PUT", "/rdf-graph-store?default",
                content=f'{{"@context": "http://127.0.0.1:{port}/context.jsonld", "@id": "urn:x"}}',
                headers={"Content-Type": "application/ld+json"}, status=(405,), says="read-only"),
        Hostile("JSON-LD POST to the graph store", "POST", "/rdf-graph-store?graph=urn:x",
                content=f'{{"@context": "http://127.0.0.1:{port}/context.jsonld"}}',
                headers={"Content-Type": "application/ld+json"}, status=(405,), says="read-only"),
        Hostile("DELETE on the graph store", "DELETE", "/rdf-graph-store?default", status=(405,), says="read-only"),
        Hostile("POST to /export", "POST", "/export", content="{}", headers={"Content-Type": "application/json"},
                status=(405,), says="read-only"),
        Hostile("unknown Accept for SELECT", "GET", "/sparql", params=(("query", select),),
                headers={"Accept": "application/x-nonsense"}, status=(406,), says="acceptable"),
        Hostile("SELECT as Turtle", "GET", "/sparql", params=(("query", select),),
                headers={"Accept": "text/turtle"}, status=(406,), says="acceptable"),
        Hostile("CONSTRUCT as CSV", "GET", "/sparql", params=(("query", "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"),),
                headers={"Accept": "text/csv"}, status=(406,), says="acceptable"),
        Hostile("everything refused by q=0", "GET", "/sparql", params=(("query", select),),
                headers={"Accept": "*/*;q=0"}, status=(406,), says="acceptable"),
    ]
    return cases


def oversized(port: int, max_bytes: int) -> list[Hostile]:
    """Bodies over the byte limit, queries over the token limit. (A URL over the limit is longer than httpx
    sends: test_limits.py sends it over a raw socket.)"""
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * max_bytes

    def chunks():
        for _ in range(max_bytes // 8192 + 2):
            yield b"#" * 8192

    return [
        Hostile("direct body over the limit", "POST", "/sparql", content=big, headers={"Content-Type": DIRECT},
                status=(413,), says="larger than"),
        Hostile("form body over the limit", "POST", "/sparql", data=(("query", big),), status=(413,),
                says="larger than"),
        Hostile("chunked body over the limit, no Content-Length", "POST", "/sparql", content=_Replayable(chunks),
                headers={"Content-Type": DIRECT}, status=(413,), says="larger than"),
        Hostile("Content-Length over the limit", "POST", "/sparql", content=b"ASK {}",
                headers={"Content-Type": DIRECT, "Content-Length": str(10 * max_bytes)}, status=(413,),
                says="larger than", in_process_only=True),
        Hostile("more tokens than allowed", "POST", "/sparql",
                content="SELECT * WHERE { VALUES ?x { " + "1 " * 110_000 + "} }", headers={"Content-Type": DIRECT},
                says="tokens"),
    ]


class _Replayable:
    """A streamed body (no Content-Length) that can be sent more than once."""

    def __init__(self, make):
        self.make = make

    def __iter__(self):
        return iter(self.make())


def deep(port: int) -> list[Hostile]:
    """Nesting that would exhaust Oxigraph's stack and kill a worker: refused with 400 before it runs."""
    shapes = {
        "groups": "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
        "parentheses": "SELECT * WHERE { FILTER(" + "(" * 20000 + "1" + ")" * 20000 + ") }",
        "FILTER EXISTS": "ASK { " + "FILTER EXISTS { " * 1000 + "}" * 1000 + " }",
        "OPTIONAL": "SELECT * WHERE { " + "OPTIONAL { " * 3000 + "?s ?p ?o" + " }" * 3000 + " }",
        "subqueries": "SELECT * WHERE " + "{ SELECT * WHERE " * 3000 + "{}" + "}" * 3000,
        "blank node property lists": "SELECT * WHERE { ?s ?p " + "[ ?p " * 3000 + "1" + " ]" * 3000 + " }",
        "path groups": "ASK { ?s " + "(" * 20000 + "<urn:p>" + ")" * 20000 + " ?o }",
        "just over the limit": "SELECT * WHERE " + "{" * 129 + "}" * 129,
    }
    return [Hostile(f"deep {name}", "POST", "/sparql", content=text, headers={"Content-Type": DIRECT},
                    says="deep") for name, text in shapes.items()]


def sparql_catalogue(port: int, max_bytes: int) -> list[Hostile]:
    return updates(port) + services(port) + datasets(port) + malformed(port) + oversized(port, max_bytes) + deep(port)


def export_catalogue(port: int, max_bytes: int) -> list[Hostile]:
    """/export, the Graph Store Protocol and /id/: unknown and malformed names, formats and syntaxes."""
    long = "a" * 5000
    cases = [
        Hostile(f"export format {name}", "GET", "/export", params=(("format", value),), says="expected one of")
        for name, value in {"exe": "exe", "empty": "", "NUL": "turtle\x00", "traversal": "../turtle",
                            "media type": "application/x-msdownload", "very long": long}.items()
    ]
    cases += [
        Hostile("export format twice, the last unknown", "GET", "/export",
                params=(("format", "turtle"), ("format", "exe")), says="expected one of"),
        Hostile("export unknown graph", "GET", "/export", params=(("graph", "data/eu/nope"),), status=(404,),
                says="unknown graph"),
        Hostile("export graph by path traversal", "GET", "/export", params=(("graph", "../../../etc/passwd"),),
                status=(404,), says="unknown graph"),
        Hostile("export graph file:", "GET", "/export", params=(("graph", "file:///etc/passwd"),), status=(404,),
                says="unknown graph"),
        Hostile("export graph on the canary", "GET", "/export", params=(("graph", f"http://127.0.0.1:{port}/g"),),
                status=(404,), says="unknown graph"),
        Hostile("export graph with NUL", "GET", "/export", params=(("graph", "data/eu/\x00"),), says="not a graph IRI"),
        Hostile("export graph very long", "GET", "/export", params=(("graph", long),), says="longer than"),
        Hostile("export graph in Cyrillic look-alikes", "GET", "/export",
                params=(("graph", "data/\u0435u/reg-2024-1689"),), status=(404,), says="unknown graph"),
        Hostile("graph store: neither default nor graph", "GET", "/rdf-graph-store", says="exactly one graph"),
        Hostile("graph store: both default and graph", "GET", "/rdf-graph-store",
                params=(("default", ""), ("graph", "data/jurisdictions")), says="exactly one graph"),
        Hostile("graph store: metadata address", "GET", "/rdf-graph-store",
                params=(("graph", "http://169.254.169.254/latest/"),), status=(404,), says="unknown graph"),
        Hostile("graph store: HTML only", "GET", "/rdf-graph-store?default", headers={"Accept": "text/html"},
                status=(406,), says="acceptable"),
        Hostile("resource: encoded traversal", "GET", "/id/%2e%2e/%2e%2e/etc/passwd", status=(404,),
                says="unknown resource"),
        Hostile("resource: Cyrillic look-alike", "GET", "/id/\u0435u", status=(404,), says="unknown resource"),
        Hostile("resource: NUL byte", "GET", "/id/eu%00", says="not a resource path"),
        Hostile("resource: invalid percent-encoding", "GET", "/id/%ff%fe", says="not a resource path"),
        Hostile("resource: very long", "GET", "/id/" + long, says="longer than"),
        Hostile("resource: empty", "GET", "/id/", says="not a resource path"),
        Hostile("resource: no syntax served", "GET", "/id/eu", headers={"Accept": "application/pdf"}, status=(406,),
                says="text/html"),
        Hostile("unknown route", "GET", "/etc/passwd", status=(404,), says="no route"),
        Hostile("unknown route, encoded traversal", "GET", "/%2e%2e/%2e%2e/etc/passwd", status=(404,),
                says="no route"),
    ]
    return cases


def hostile_ids(port: int) -> dict[str, str]:
    """Provision ids an attacker or a careless client sends: each must be refused as malformed."""
    return {
        "path traversal": "eu/reg-2024-1689/../../../etc/passwd",
        "encoded slash": "eu%2Freg-2024-1689%2Fart_5",
        "Cyrillic e in the jurisdiction": "\u0435u/reg-2024-1689/art_5",
        "Cyrillic a in the eId": "eu/reg-2024-1689/\u0430rt_5",
        "fullwidth digit": "eu/reg-2024-1689/art_\uff15",
        "NUL byte": "eu/reg-2024-1689/art_5\x00",
        "newline": "eu/reg-2024-1689/art_5\n",
        "upper case": "EU/REG-2024-1689/ART_5",
        "very long": "eu/reg-2024-1689/" + "art_5__" * 800 + "para_1",
        "an IRI elsewhere": f"http://127.0.0.1:{port}/eu/reg-2024-1689/art_5",
        "empty": "",
    }


def rest_catalogue(port: int) -> list[Hostile]:
    """The drafters' routes: malformed and unknown ids, look-alikes, absurd pagination, duplicate parameters."""
    art5 = "eu/reg-2024-1689/art_5__para_1"
    bad = (400, 422)
    cases = []
    for name, value in hostile_ids(port).items():
        cases += [
            Hostile(f"equivalents of an id: {name}", "GET", "/equivalents",
                    params=(("provision", value), ("jurisdiction", "kz")), status=bad),
            Hostile(f"compare with an id: {name}", "GET", "/compare", params=(("left", art5), ("right", value)),
                    status=bad),
        ]
    cases += [
        Hostile("provision path traversal", "GET", "/provisions/%2e%2e/%2e%2e/%2e%2e", status=(400, 404)),
        # %2F is decoded before routing: four segments match no route.
        Hostile("provision encoded slashes", "GET", "/provisions/eu/reg-2024-1689/art_5%2F..%2F..", status=(404,),
                says="no route"),
        Hostile("provision Cyrillic look-alike", "GET", "/provisions/\u0435u/reg-2024-1689/art_5", status=bad),
        Hostile("provision NUL", "GET", "/provisions/eu/reg-2024-1689/art_5%00", status=bad),
        Hostile("provision very long", "GET", "/provisions/eu/reg-2024-1689/" + "art_5__" * 800 + "para_1",
                status=bad),
        Hostile("provision unknown", "GET", "/provisions/eu/reg-2024-1689/art_999", status=(404,), says="art_99"),
        Hostile("equivalents unknown jurisdiction", "GET", "/equivalents",
                params=(("provision", art5), ("jurisdiction", "zz")), status=(404,), says="zz"),
        Hostile("equivalents look-alike jurisdiction", "GET", "/equivalents",
                params=(("provision", art5), ("jurisdiction", "\u043a\u0437")), status=bad),
        Hostile("equivalents without a jurisdiction", "GET", "/equivalents", params=(("provision", art5),),
                status=bad),
        Hostile("equivalents asOf not a date", "GET", "/equivalents",
                params=(("provision", art5), ("jurisdiction", "kz"), ("asOf", "2025-02-30")), status=bad),
        Hostile("equivalents asOf in other digits", "GET", "/equivalents",
                params=(("provision", art5), ("jurisdiction", "kz"), ("asOf", "\u0662\u0660\u0662\u0665-01-01")),
                status=bad),
        Hostile("gaps unknown jurisdiction", "GET", "/gaps", params=(("from", "eu"), ("to", "zz")), status=(404,)),
        Hostile("gaps the same jurisdiction twice, the last unknown", "GET", "/gaps",
                params=(("from", "eu"), ("to", "kz"), ("to", "zz")), status=(404,)),
        Hostile("search empty", "GET", "/search", params=(("q", "  "),), status=bad),
        Hostile("search too long", "GET", "/search", params=(("q", "x" * 5000),), status=bad),
        Hostile("search with a bad language", "GET", "/search", params=(("q", "ai"), ("lang", "<script>")),
                status=bad),
        Hostile("instruments of an unknown jurisdiction", "GET", "/instruments", params=(("jurisdiction", "zz"),),
                status=(404,)),
        Hostile("POST to a REST route", "POST", "/compare", content='{"@context": "http://169.254.169.254/"}',
                headers={"Content-Type": "application/ld+json"}, status=(405,)),
    ]
    for route, extra in (("/gaps", (("from", "eu"), ("to", "kz"))), ("/search", (("q", "ai"),)),
                         ("/instruments", ())):
        for name, limit, offset in (("negative limit", "-1", "0"), ("zero limit", "0", "0"),
                                    ("huge limit", str(10**20), "0"), ("limit not a number", "ten", "0"),
                                    ("negative offset", "10", "-5"), ("huge offset", "10", str(10**30)),
                                    ("fractional limit", "1.5", "0"), ("limit NaN", "NaN", "0")):
            cases.append(Hostile(f"{route} {name}", "GET", route,
                                 params=(*extra, ("limit", limit), ("offset", offset)), status=bad))
    return cases
