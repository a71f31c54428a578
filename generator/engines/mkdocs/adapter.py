"""MkDocs with Material for MkDocs as foilog's engine: the MkDocs build and serve calls.

Under `foilog build` the driver has generated the docs folder and will check and swap the
site, so foilog's MkDocs hook (generator/engines/mkdocs/hook.py) must only do the parts
inside MkDocs's build: the fast path and the pages written on several processes. The
adapter says so with a key it puts in the configuration it loads (DRIVEN); a plain
`mkdocs build` or `mkdocs serve` loads the configuration without it, and the hook then
runs the driver's steps itself.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from generator.engines.base import EngineFailed, EngineMissing, EngineReport

# The configuration key that tells foilog's hook the driver runs this build.
DRIVEN = "foilog_driven"


class _Counter(logging.Handler):
    """Counts what MkDocs's loggers warn about, as MkDocs does for strict mode."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class MkDocsEngine:
    name = "mkdocs"

    def check_installed(self) -> None:
        try:
            import material  # noqa: F401
            import mkdocs  # noqa: F401
        except ImportError as err:
            raise EngineMissing(f"MkDocs or Material for MkDocs is not installed ({err}); "
                                "run ./scripts/bootstrap to install them") from None

    def build(self, repo: Path, docs_dir: Path, out_dir: Path, *, strict: bool = True) -> EngineReport:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        counter = _Counter()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(counter)
        try:
            config = load_config(str(repo / "mkdocs.yml"), strict=strict, site_dir=str(out_dir),
                                 docs_dir=str(docs_dir))
            config[DRIVEN] = True
            build(config)
        except MkDocsException as err:  # Abort (strict mode too), or MkDocs's own configuration errors
            raise EngineFailed(str(err), self._report(counter)) from None
        finally:
            logger.removeHandler(counter)
        return self._report(counter)

    def _report(self, counter: _Counter) -> EngineReport:
        return EngineReport(self.name, len(counter.messages), list(counter.messages))

    def serve(self, repo: Path, dev_addr: str, dirty: bool = False) -> None:
        """`mkdocs serve`: foilog's hook generates the pages before each build and shows
        the problems on the last good pages while content is wrong."""
        from mkdocs.commands.serve import serve
        from mkdocs.exceptions import MkDocsException

        os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
        try:
            serve(str(repo / "mkdocs.yml"), open_in_browser=False, dev_addr=dev_addr,
                  build_type="dirty" if dirty else None)
        except MkDocsException as err:  # the first build failed, or the address is not one to serve on
            raise EngineFailed(str(err)) from None
