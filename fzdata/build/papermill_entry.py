"""The ``papermill.engine`` entry point: ``papermill --engine fz-inprocess`` from the command line.

papermill loads its entry points while ``papermill.engines`` is still being imported, so the
entry point cannot name :class:`fzdata.build.engine.InProcessEngine` itself: that module
subclasses papermill's ``Engine`` and importing it first would import itself half-way. This
stand-in imports nothing and hands each call to the real engine, which
:func:`fzdata.build.engine.register` puts in its place in the registry as soon as it is used.
"""

from __future__ import annotations

from typing import Any


class InProcessEngine:
    """Stands in for :class:`fzdata.build.engine.InProcessEngine` until that is imported."""

    @classmethod
    def execute_notebook(cls, *args: Any, **kwargs: Any) -> Any:
        from fzdata.build.engine import InProcessEngine as Engine
        from fzdata.build.engine import register

        register()
        return Engine.execute_notebook(*args, **kwargs)
