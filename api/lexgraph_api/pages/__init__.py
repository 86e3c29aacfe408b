"""What the web pages show, built from the library: one module per kind of page (`search`, `compare`, `gaps`,
`resource` for the `/id/` pages) and `views` for the pieces they share (links, texts by language, relation
badges, instrument dates, a provision's place in its instrument).

Kept apart from `routers/web.py` so that the routes only read parameters, call one of these and render: the
content of a page can be built and tested without HTTP, and a route's logic is not buried in its page's.
Each function returns the context its Jinja template reads, plain dicts and lists.
"""
