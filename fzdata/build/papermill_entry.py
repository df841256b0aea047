"""The ``papermill.engine`` entry point: ``papermill --engine fz-inprocess`` from the command line.

papermill loads its entry points while ``papermill.engines`` is still being imported, so the
entry point cannot name :class:`fzdata.build.engine.InProcessEngine` itself: that module
subclasses papermill's ``Engine`` and importing it first would import itself half-way. This
stand-in imports nothing and hands each call to the real engine, which
:func:`fzdata.build.engine.register` puts in its place in the registry as soon as it is used.
"""

from __future__ import annotations

from typing import Any


class _Forward(type):
    """Every attribute papermill asks of the engine (``execute_notebook``, ``nb_kernel_name``,
    ``nb_language`` …) comes from the real engine, registered on first use."""

    def __getattr__(cls, name: str) -> Any:
        from fzdata.build.engine import InProcessEngine as Engine
        from fzdata.build.engine import register

        register()
        return getattr(Engine, name)


class InProcessEngine(metaclass=_Forward):
    """Stands in for :class:`fzdata.build.engine.InProcessEngine` until that is imported."""
