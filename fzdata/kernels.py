"""A warm Jupyter kernel per worker process, so notebooks do not pay kernel start-up each time.

papermill's nbclient engine reuses a kernel manager whose kernel is already running; between
notebooks the namespace is cleared with ``%reset -f`` (imported modules stay loaded, which is
the point). A kernel that dies or overruns the timeout is killed and replaced; the notebook
ends as a failure with a clear message, never a hung build.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

KERNEL_NAME = "python3"
_RESET_TAG = "fz-reset"


@dataclass
class NotebookFailure(Exception):
    """A notebook that did not run to the end: which cell, what error."""

    notebook: str
    cell: str
    error: str

    def __str__(self) -> str:
        return f"{self.notebook}：{self.cell}：{self.error}"


class WarmKernel:
    """One kernel, started on first use, reset between notebooks, replaced when it dies."""

    def __init__(self, kernel_name: str = KERNEL_NAME) -> None:
        self.kernel_name = kernel_name
        self.km: Any = None
        self._ipc_dir = tempfile.mkdtemp(prefix="fz-kernel-")
        self._timed_out = False

    def _start(self) -> None:
        from jupyter_client.manager import KernelManager

        # ipc sockets in a private folder: no TCP port, nothing reachable from outside.
        self.km = KernelManager(
            kernel_name=self.kernel_name, transport="ipc", ip=os.path.join(self._ipc_dir, "k")
        )
        self.km.start_kernel()

    def _alive(self) -> bool:
        return self.km is not None and self.km.is_alive()

    def shutdown(self) -> None:
        if self.km is not None:
            with contextlib.suppress(Exception):
                self.km.shutdown_kernel(now=True)
            self.km = None

    def _kill(self) -> None:
        self._timed_out = True
        if self.km is not None:
            with contextlib.suppress(Exception):
                self.km.kill_kernel()

    def run(
        self,
        source: Path,
        output: Path,
        parameters: dict[str, Any],
        timeout: float | None,
        cwd: Path,
    ) -> None:
        """Execute ``source`` with ``parameters`` into ``output``; raises NotebookFailure."""
        import papermill as pm
        from papermill.exceptions import PapermillExecutionError

        try:
            if not self._alive():
                self._start()
        except Exception as exc:
            self.km = None
            raise NotebookFailure(
                source.stem,
                "—",
                f"无法启动 Jupyter 内核（{type(exc).__name__}: {exc}）；请运行 make setup",
            ) from None
        nb = nbformat.read(source, as_version=4)
        reset = nbformat.v4.new_code_cell(
            "%reset -f", metadata={"tags": ["remove-cell", _RESET_TAG]}
        )
        nb.cells.insert(0, reset)
        name = source.stem
        self._timed_out = False
        watchdog = threading.Timer(timeout, self._kill) if timeout else None
        if watchdog:
            watchdog.daemon = True
            watchdog.start()
        try:
            pm.execute_notebook(
                nb,
                str(output),
                parameters=parameters,
                km=self.km,
                progress_bar=False,
                log_output=False,
                cwd=str(cwd),
                execution_timeout=timeout,
                kernel_name=self.kernel_name,
            )
        except PapermillExecutionError as exc:
            cell = _cell_text(output, exc.cell_index, exc.exec_count)
            raise NotebookFailure(name, cell, f"{exc.ename}: {exc.evalue}") from None
        except Exception as exc:
            self.shutdown()
            if self._timed_out:
                raise NotebookFailure(
                    name, "—", f"超时：超过 {timeout:g} 秒仍未完成，已终止内核"
                ) from None
            raise NotebookFailure(
                name, "—", f"内核异常退出或无法执行（{type(exc).__name__}: {exc}）"
            ) from None
        finally:
            if watchdog:
                watchdog.cancel()
        _strip_reset(output)


def _cell_text(output: Path, index: int, count: Any) -> str:
    """``第3格：nb.table(...)`` — the failing cell, counted without our reset cell."""
    try:
        nb = nbformat.read(output, as_version=4)
        source = (
            nb.cells[index].source.strip().splitlines()[0] if nb.cells[index].source.strip() else ""
        )
    except Exception:
        source = ""
    return f"第{index}格（执行序号 {count}）：{source[:80]}"


def _strip_reset(output: Path) -> None:
    nb = nbformat.read(output, as_version=4)
    nb.cells = [c for c in nb.cells if _RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    nbformat.write(nb, output)


_PROCESS_KERNEL: WarmKernel | None = None
_LOCK = threading.Lock()


def process_kernel() -> WarmKernel:
    """The warm kernel of this process (a build worker, a Dask worker, or the CLI itself)."""
    global _PROCESS_KERNEL
    with _LOCK:
        if _PROCESS_KERNEL is None:
            _PROCESS_KERNEL = WarmKernel()
            atexit.register(_PROCESS_KERNEL.shutdown)
        return _PROCESS_KERNEL


def shutdown_process_kernel() -> None:
    if _PROCESS_KERNEL is not None:
        _PROCESS_KERNEL.shutdown()


def worker_init() -> None:
    """Initialiser of build worker processes: Ctrl-C is the parent's to handle; SIGTERM
    shuts this worker's kernel down before exiting, so no kernel is left behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def _term(signum: int, frame: Any) -> None:
        shutdown_process_kernel()
        os._exit(143)

    signal.signal(signal.SIGTERM, _term)
