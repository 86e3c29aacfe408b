"""The web page's templates and static files, found beside this module so an installed wheel serves them."""

from __future__ import annotations

from pathlib import Path

from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from lexgraph import __version__

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
STATIC_PATH = "/static"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.globals.update(version=__version__, static=STATIC_PATH)


def static_files() -> StaticFiles:
    """Every script, style and font the pages use, served by the service itself: nothing comes from a CDN."""
    return StaticFiles(directory=str(STATIC_DIR))
