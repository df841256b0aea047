"""Notebook runners by name; the warm Jupyter kernel (``FZ_ENGINE=kernel``) is defined here.

A warm Jupyter kernel per worker process, so notebooks do not pay kernel start-up each time.

papermill's nbclient engine reuses a kernel manager whose kernel is already running; between
notebooks the namespace is cleared with ``%reset -f`` (imported modules stay loaded, which is
the point). A kernel that dies or overruns the timeout is killed and replaced; the notebook
ends as a failure with a clear message, never a hung build.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing.util
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from fzdata.core.errors import NotebookFailure

KERNEL_NAME = "python3"
#: Seconds a new kernel may take to start and import fzdata (not counted in a notebook's timeout).
WARM_TIMEOUT = 120
_RESET_TAG = "fz-reset"


class WarmKernel:
    """One kernel, started on first use, reset between notebooks, replaced when it dies."""

    def __init__(self, kernel_name: str = KERNEL_NAME) -> None:
        self.kernel_name = kernel_name
        self.km: Any = None
        self._ipc_dir = tempfile.mkdtemp(prefix="fz-kernel-")
        self._timed_out = False

    def _start(self) -> None:
        from jupyter_client.manager import KernelManager

        os.makedirs(self._ipc_dir, mode=0o700, exist_ok=True)  # removed by a previous shutdown

        # ipc sockets in a private folder: no TCP port, nothing reachable from outside.
        self.km = KernelManager(
            kernel_name=self.kernel_name, transport="ipc", ip=os.path.join(self._ipc_dir, "k")
        )
        # papermill's cwd option changes the whole process's directory, which is unsafe with
        # threads; kernels start in a folder that always exists and notebooks use absolute paths.
        self.km.start_kernel(cwd=self._ipc_dir)
        self._warm()

    def _warm(self) -> None:
        """Import fzdata's notebook helpers in the new kernel before any notebook runs: a
        notebook's timeout is for its own work, not for a kernel's start-up and imports (which
        a loaded machine can stretch past a short timeout). ``%reset -f`` keeps modules."""
        kc = self.km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=WARM_TIMEOUT)
            reply = kc.execute_interactive(
                "import fzdata.nb", timeout=WARM_TIMEOUT, store_history=False, output_hook=_quiet
            )
            if reply["content"].get("status") != "ok":
                content = reply["content"]
                raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")
        finally:
            kc.stop_channels()

    def _alive(self) -> bool:
        return self.km is not None and self.km.is_alive()

    def shutdown(self) -> None:
        """Stop the kernel and remove its private folder (fz-kernel-*)."""
        if self.km is not None:
            with contextlib.suppress(Exception):
                self.km.shutdown_kernel(now=True)
            self.km = None
        shutil.rmtree(self._ipc_dir, ignore_errors=True)

    def _kill(self) -> None:
        """Kill the kernel process itself (KernelManager has no public kill that works from
        another thread), then forget it: the next notebook starts a fresh one."""
        km, self.km = self.km, None
        if km is not None:
            proc = getattr(getattr(km, "provisioner", None), "process", None)
            with contextlib.suppress(Exception):
                if proc is not None:
                    proc.kill()
                km.cleanup_resources()

    def run(
        self,
        source: Path,
        output: Path,
        parameters: dict[str, Any],
        timeout: float | None,
    ) -> None:
        """Execute ``source`` with ``parameters`` into ``output``; raises NotebookFailure.

        papermill runs in a helper thread that this one supervises: with a reused kernel,
        neither papermill's execution timeout nor nbclient's dead-kernel check ends a hung or
        killed kernel, so the deadline and the kernel's life are watched here.
        """
        import nbformat
        import papermill as pm
        from papermill.exceptions import PapermillExecutionError

        name = source.stem
        try:
            if not self._alive():
                self._start()
        except Exception as exc:
            self._kill()  # a kernel that started but could not import fzdata is not kept
            raise NotebookFailure(
                name,
                "—",
                f"无法启动 Jupyter 内核（{type(exc).__name__}: {exc}）；请运行 make setup",
            ) from None
        nb = nbformat.read(source, as_version=4)
        reset = nbformat.v4.new_code_cell(
            "%reset -f", metadata={"tags": ["remove-cell", _RESET_TAG]}
        )
        nb.cells.insert(0, reset)
        outcome: dict[str, BaseException] = {}
        km = self.km

        def execute() -> None:
            try:
                pm.execute_notebook(
                    nb,
                    str(output),
                    parameters=parameters,
                    km=km,
                    progress_bar=False,
                    log_output=False,
                    kernel_name=self.kernel_name,
                    engine_name=_engine(),
                )
            except BaseException as exc:
                outcome["error"] = exc

        worker = threading.Thread(target=execute, name=f"fz-{name}", daemon=True)
        worker.start()
        deadline = time.monotonic() + timeout if timeout else None
        dead_since = None
        while worker.is_alive():
            worker.join(0.2)
            if not worker.is_alive():
                break
            now = time.monotonic()
            if deadline is not None and now > deadline:
                self._kill()  # the helper thread is abandoned with the kernel it waits on
                raise NotebookFailure(name, "—", f"超时：超过 {timeout:g} 秒仍未完成，已终止内核")
            if not km.is_alive():
                dead_since = dead_since or now
                if now - dead_since > 3:
                    self._kill()
                    raise NotebookFailure(
                        name, "—", "内核异常退出（进程已终止），该 notebook 未能完成"
                    )
        error = outcome.get("error")
        if isinstance(error, PapermillExecutionError):
            raise NotebookFailure(
                name,
                _cell_text(output, error.cell_index, error.exec_count),
                # A user's mistake (an FzError) is its message; anything else names its type.
                error.evalue if error.ename in _user_errors() else f"{error.ename}: {error.evalue}",
            )
        if error is not None:
            self._kill()
            raise NotebookFailure(
                name, "—", f"内核异常退出或无法执行（{type(error).__name__}: {error}）"
            )
        _strip_reset(output)


_ENGINE = "fz-warm"


def _engine() -> str:
    """papermill's nbclient engine, except that each notebook's kernel *client* is closed when
    the notebook ends. With a kernel manager passed in, nbclient keeps the client open (it does
    not own the kernel), and each notebook would leave a heartbeat thread and its sockets
    behind: some 75 MB of address space per unit-year, until thread creation fails."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    if _ENGINE in papermill_engines._engines:
        return _ENGINE

    class Client(PapermillNotebookClient):
        def execute(self, **kwargs: Any) -> Any:
            try:
                return super().execute(**kwargs)
            finally:
                kc, self.kc = self.kc, None
                if kc is not None:
                    with contextlib.suppress(Exception):
                        kc.stop_channels()

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                     stdout_file: Any = None, stderr_file: Any = None,
                                     start_timeout: int = 60, execution_timeout: Any = None,
                                     **kwargs: Any) -> Any:  # fmt: skip
            # As papermill's NBClientEngine (2.x), with the client above.
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(
                safe_kwargs,
                timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logging.getLogger("papermill"),
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            return Client(nb_man, **final_kwargs).execute()

    papermill_engines.register(_ENGINE, Engine)
    return _ENGINE


def _user_errors() -> set[str]:
    from fzdata.core import errors

    def subclasses(cls: type) -> set[str]:
        return {cls.__name__}.union(*(subclasses(c) for c in cls.__subclasses__()))

    return subclasses(errors.FzError)


def _quiet(msg: Any) -> None:
    """Output of the warm-up import is not shown."""


def _cell_text(output: Path, index: int, count: Any) -> str:
    """``第3格（执行序号 5）：nb.table(...)`` — the cell holding the error output, counted among the
    notebook's own cells (not our reset cell, papermill's parameters or error-marker cells)."""
    import nbformat

    ours = {_RESET_TAG, "injected-parameters", "papermill-error-cell-tag"}
    try:
        nb = nbformat.read(output, as_version=4)
    except Exception:
        return f"执行序号 {count}"
    own = [c for c in nb.cells if not ours & set(c.get("metadata", {}).get("tags", []))]
    for i, cell in enumerate(own, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            return f"第{i}格（执行序号 {count}）：{first[:80]}"
    return f"执行序号 {count}"


def _strip_reset(output: Path) -> None:
    """Drop our reset cell and number the executed cells 1…n, as a fresh kernel would: the warm
    kernel's counter depends on what ran before, and outputs must not."""
    import nbformat

    nb = nbformat.read(output, as_version=4)
    nb.cells = [c for c in nb.cells if _RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = count
    nbformat.write(nb, output)


#: Notebook runners by name (``FZ_ENGINE``): the in-process papermill engine in a child
#: process (:mod:`fzdata.build.host`, the default) or a warm Jupyter kernel (above).
RUNNERS = {"inprocess": "fzdata.build.host:NotebookHost", "kernel": f"{__name__}:WarmKernel"}
DEFAULT_RUNNER = "inprocess"
_PROCESS_KERNELS: dict[str, Any] = {}
_LOCK = threading.Lock()


def runner_name() -> str:
    """The notebook runner chosen by ``FZ_ENGINE`` (default ``inprocess``)."""
    name = os.environ.get("FZ_ENGINE", "").strip() or DEFAULT_RUNNER
    if name not in RUNNERS:
        from fzdata.core.errors import FzError

        raise FzError(f"环境变量 FZ_ENGINE 只能是 {'、'.join(RUNNERS)}，而不是「{name}」")
    return name


def process_kernel() -> Any:
    """This process's notebook runner (a build worker, a Dask worker, or the CLI itself):
    ``run(source, output, parameters, timeout)`` raising NotebookFailure, and ``shutdown()``."""
    import importlib

    name = runner_name()
    with _LOCK:
        if name not in _PROCESS_KERNELS:
            module, _, cls = RUNNERS[name].partition(":")
            runner = getattr(importlib.import_module(module), cls)()
            _PROCESS_KERNELS[name] = runner
            atexit.register(runner.shutdown)
            # A pool or Dask worker process ends without atexit: stop (and wait for) it there too.
            multiprocessing.util.Finalize(runner, runner.shutdown, exitpriority=10)
        return _PROCESS_KERNELS[name]


def shutdown_process_kernel() -> None:
    for runner in list(_PROCESS_KERNELS.values()):
        runner.shutdown()


def worker_init() -> None:
    """Initialiser of build worker processes: Ctrl-C is the parent's to handle; SIGTERM
    shuts this worker's kernel down before exiting, so no kernel is left behind."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def _term(signum: int, frame: Any) -> None:
        shutdown_process_kernel()
        os._exit(143)

    signal.signal(signal.SIGTERM, _term)
