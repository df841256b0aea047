"""An in-process papermill engine: notebooks run in an IPython shell, with no kernel and no ZMQ.

papermill still parameterises and runs every notebook (``papermill.execute_notebook(...,
engine_name="fz-inprocess")``); the engine executes the cells in an
:class:`~IPython.core.interactiveshell.InteractiveShell` of the process that calls papermill,
with a fresh namespace per notebook (modules stay imported, no garbage collection), and
records what a kernel would send as outputs: ``stream``, ``display_data`` (PNG, HTML, …),
``execute_result`` and ``error``.

A notebook can hang or end its process (``os._exit``), so a build never runs it in its own
process: :class:`fzdata.build.host.NotebookHost` keeps a child process that calls :func:`serve`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from multiprocessing.connection import Connection
from typing import Any, ClassVar

from papermill.engines import Engine

ENGINE_NAME = "fz-inprocess"

# ------------------------------------------------------------------ the engine (child side)


class _Stream:
    """``sys.stdout`` / ``sys.stderr`` of a cell: text goes to the cell's outputs, adjacent
    writes to the same stream joined as a kernel's buffered stream would be."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, name: str, outputs: list[dict[str, Any]]) -> None:
        self.name = name
        self.outputs = outputs

    def write(self, text: str) -> int:
        if text:
            last = self.outputs[-1] if self.outputs else None
            if last and last["output_type"] == "stream" and last["name"] == self.name:
                last["text"] += text
            else:
                self.outputs.append({"output_type": "stream", "name": self.name, "text": text})
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError("a notebook cell's output has no file descriptor")

    @property
    def closed(self) -> bool:
        return False


_SHELL: Any = None


def shell() -> Any:
    """This process's IPython shell, made once; its display hook and publisher write into
    the outputs of the cell being run (``shell.fz_outputs``)."""
    global _SHELL
    if _SHELL is not None:
        return _SHELL
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class Publisher(DisplayPublisher):
        def publish(self, data: dict, metadata: dict | None = None, source: Any = None, *,
                    transient: Any = None, update: bool = False, **kwargs: Any) -> None:  # fmt: skip
            self.shell.fz_outputs.append(
                {"output_type": "display_data", "data": data, "metadata": metadata or {}}
            )

        def clear_output(self, wait: bool = False) -> None:
            self.shell.fz_outputs.clear()

    class Hook(DisplayHook):
        """``execute_result`` with every format, numbered as the kernel numbers it."""

        def start_displayhook(self) -> None:
            self._fz = {"output_type": "execute_result", "data": {}, "metadata": {},
                        "execution_count": self.prompt_count}  # fmt: skip

        def write_output_prompt(self) -> None:
            pass

        def write_format_data(self, format_dict: dict, md_dict: dict | None = None) -> None:
            self._fz["data"], self._fz["metadata"] = format_dict, md_dict or {}

        def finish_displayhook(self) -> None:
            self.shell.fz_outputs.append(self._fz)

    class Shell(InteractiveShell):
        fz_outputs: ClassVar[list[dict[str, Any]]] = []

        def _showtraceback(self, etype: Any, evalue: Any, stb: list[str]) -> None:
            self.fz_outputs.append({"output_type": "error", "ename": str(etype.__name__),
                                    "evalue": str(evalue), "traceback": stb})  # fmt: skip

        def enable_gui(self, gui: Any = None) -> None:  # no event loop here, as in a kernel
            pass

    config = Config()
    config.HistoryManager.enabled = False  # no SQLite history of every cell
    _SHELL = Shell.instance(config=config, displayhook_class=Hook, display_pub_class=Publisher)
    _SHELL.fz_outputs = []
    return _SHELL


def _fresh(sh: Any) -> None:
    """A new namespace and counter for the next notebook, as a new kernel would have:
    ``InteractiveShell.reset`` without its garbage collection (modules stay imported)."""
    sh.execution_count = 1
    sh.last_execution_succeeded = True
    sh.last_execution_result = None
    dh = sh.displayhook
    dh._, dh.__, dh.___ = "", "", ""
    if sh.history_manager is not None:
        sh.history_manager.reset(new_session=False)
    ns = sh.user_ns
    for key in [k for k in ns if k not in ("__builtin__", "__builtins__", "__name__")]:
        del ns[key]
    sh.user_ns_hidden.clear()
    sh.init_user_ns()
    sh.compile.reset_compiler_flags()  # a notebook's `from __future__` is its own
    sh.clear_main_mod_cache()


class CellTimeout(BaseException):
    """Raised in a cell still running when its notebook's time is up (``SIGUSR1`` from the
    host's supervisor); a BaseException, so a cell's ``except Exception`` does not swallow it."""


#: Inside a cell (a timeout interrupts it) or between cells (the next cell does not start).
_STATE = {"in_cell": False, "timed_out": False}


def _on_timeout(signum: int, frame: Any) -> None:
    _STATE["timed_out"] = True
    if _STATE["in_cell"]:
        _STATE["in_cell"] = False
        raise CellTimeout("超时")


class InProcessEngine(Engine):
    """papermill engine that runs the cells in this process's IPython shell."""

    @classmethod
    def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
        import nbformat

        sh = shell()
        _fresh(sh)
        for index, cell in enumerate(nb_man.nb.cells):
            nb_man.cell_start(cell, index)
            try:
                if cell.cell_type != "code":
                    continue
                outputs: list[dict[str, Any]] = []
                sh.fz_outputs = outputs
                stdout, stderr = sys.stdout, sys.stderr
                sys.stdout, sys.stderr = _Stream("stdout", outputs), _Stream("stderr", outputs)
                try:
                    if _STATE["timed_out"]:
                        source = "raise __import__('fzdata.build.engine').build.engine.CellTimeout('超时')"
                    else:
                        source = cell.source
                    _STATE["in_cell"] = True
                    result = sh.run_cell(source, store_history=True)
                finally:
                    _STATE["in_cell"] = False
                    sys.stdout, sys.stderr = stdout, stderr
                    sh.fz_outputs = []
                cell.execution_count = result.execution_count
                cell.outputs = [nbformat.from_dict(o) for o in outputs]
                if not result.success and any(o["output_type"] == "error" for o in outputs):
                    nb_man.cell_exception(cell, cell_index=index)
                    break
            finally:
                nb_man.cell_complete(cell, cell_index=index)
        return nb_man.nb


def register() -> str:
    """Register the engine with papermill by name (the ``papermill.engine`` entry point is a
    stand-in, :mod:`fzdata.build.papermill_entry`, that this replaces)."""
    from papermill.engines import papermill_engines

    if papermill_engines._engines.get(ENGINE_NAME) is not InProcessEngine:
        papermill_engines.register(ENGINE_NAME, InProcessEngine)
    return ENGINE_NAME


def execute(source: str, output: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """Run one notebook through papermill with this engine; the outcome as plain data."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    try:
        pm.execute_notebook(
            source,
            output,
            parameters=parameters,
            engine_name=register(),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,  # saved once at the end (and on an error)
        )
    except PapermillExecutionError as exc:
        return {"status": "error", "cell_index": exc.cell_index, "exec_count": exc.exec_count,
                "ename": exc.ename, "evalue": exc.evalue}  # fmt: skip
    except CellTimeout:  # interrupted outside a cell's own code
        return {"status": "timeout"}
    except Exception as exc:
        return {"status": "crash", "error": f"{type(exc).__name__}: {exc}"}
    return {"status": "ok"}


def _die_with_parent() -> None:
    """Linux: this host is killed when the worker that started it dies, even by SIGKILL."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def serve(commands: Connection, replies: Connection) -> None:
    """The host's loop: warm up, then run each notebook asked for until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    _die_with_parent()
    # What a kernel shows pandas: an 80-column frontend with 60 rows (its display defaults).
    os.environ.setdefault("COLUMNS", "80")
    os.environ.setdefault("LINES", "60")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    try:
        import fzdata.nb  # noqa: F401  (the notebooks' helpers, before any clock starts)

        register()
        shell()
        replies.send({"status": "ready"})
    except Exception as exc:
        replies.send({"status": "crash", "error": f"{type(exc).__name__}: {exc}"})
        return
    signal.signal(signal.SIGUSR1, _on_timeout)
    while True:
        try:
            request = commands.recv()
        except (EOFError, OSError):
            return
        _STATE["timed_out"] = False
        reply = execute(request["source"], request["output"], request["parameters"])
        _STATE["in_cell"] = False
        replies.send(reply)
