"""The process that runs a build worker's notebooks with the in-process papermill engine.

A notebook can hang or end its process (``os._exit``), so a build never runs one in its own
process: :class:`NotebookHost` keeps one child process per build worker (``python -m
fzdata.build.host``, which serves :func:`fzdata.build.engine.serve`) that runs notebooks on
request over a pipe: the path in, the executed notebook written where asked, a small reply
back. A notebook that overruns its timeout or ends the child fails alone; the child is killed
and the next notebook gets a new one. Importing this module imports neither papermill nor
IPython (the worker does not need them).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ENGINE_NAME = "fz-inprocess"
#: Seconds a new host may take to start and import fzdata (not counted in a notebook's timeout).
WARM_TIMEOUT = 120
#: Seconds a cell has to stop once its notebook's time is up, before the process is killed.
GRACE = 5


class NotebookHost:
    """A child process that runs notebooks with the in-process engine, started on first use,
    killed and replaced when a notebook overruns its timeout or ends the process."""

    engine = ENGINE_NAME

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.commands: Connection | None = None
        self.replies: Connection | None = None
        self.ready = False

    def _spawn(self) -> None:
        cmd_r, cmd_w = os.pipe()
        rep_r, rep_w = os.pipe()
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])  # this fzdata, first on the path
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "fzdata.build.host", str(cmd_r), str(rep_w)],
                pass_fds=(cmd_r, rep_w),
                stdin=subprocess.DEVNULL,
                cwd=root,
                env=env,
            )
        finally:
            os.close(cmd_r), os.close(rep_w)
        self.commands, self.replies = (
            Connection(cmd_w, readable=False),
            Connection(rep_r, writable=False),
        )
        self.ready = False

    def prestart(self) -> None:
        """Start the process now, without waiting: it imports while the worker analyses."""
        if not self._alive():
            with contextlib.suppress(Exception):
                self._kill()
                self._spawn()

    def _start(self) -> None:
        if not self._alive():
            self._kill()
            self._spawn()
        if self.ready:
            return
        assert self.replies is not None
        if not self.replies.poll(WARM_TIMEOUT):
            raise RuntimeError(f"no answer in {WARM_TIMEOUT} s")
        try:
            hello = self.replies.recv()
        except EOFError:
            raise RuntimeError("the process ended while starting") from None
        if hello.get("status") != "ready":
            raise RuntimeError(hello.get("error", hello))
        self.ready = True

    def _alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _kill(self) -> None:
        proc, self.proc = self.proc, None
        for conn in (self.commands, self.replies):
            if conn is not None:
                with contextlib.suppress(OSError):
                    conn.close()
        self.commands = self.replies = None
        self.ready = False
        if proc is not None:
            with contextlib.suppress(OSError):
                proc.kill()
            with contextlib.suppress(Exception):
                proc.wait(timeout=10)

    def shutdown(self) -> None:
        self._kill()

    def run(
        self, source: Path, output: Path, parameters: dict[str, Any], timeout: float | None
    ) -> None:
        """Execute ``source`` with ``parameters`` into ``output``; raises NotebookFailure."""
        from fzdata.build.kernels import _cell_text, _user_errors
        from fzdata.core.errors import NotebookFailure

        name = source.stem
        try:
            self._start()
        except Exception as exc:
            self._kill()
            raise NotebookFailure(
                name,
                "—",
                f"无法启动 notebook 执行进程（{type(exc).__name__}: {exc}）；请运行 make setup",
            ) from None
        assert self.commands is not None and self.replies is not None
        try:
            self.commands.send(
                {
                    "source": str(Path(source).resolve()),
                    "output": str(Path(output).resolve()),
                    "parameters": parameters,
                }
            )
            deadline = time.monotonic() + timeout if timeout else None
            interrupted = False
            while not self.replies.poll(0.2):
                if not self._alive():
                    raise EOFError
                if deadline is not None and time.monotonic() > deadline:
                    if interrupted:  # the cell did not stop: the process goes
                        self._kill()
                        raise NotebookFailure(
                            name, "—", f"超时：超过 {timeout:g} 秒仍未完成，已终止执行进程"
                        )
                    # First ask the running cell to stop (CellTimeout), and keep the warm process.
                    interrupted = True
                    assert self.proc is not None
                    self.proc.send_signal(signal.SIGUSR1)
                    deadline = time.monotonic() + GRACE
            reply = self.replies.recv()
        except (EOFError, OSError):
            self._kill()
            raise NotebookFailure(
                name, "—", "内核异常退出（notebook 执行进程已终止），该 notebook 未能完成"
            ) from None
        if reply["status"] == "timeout":
            raise NotebookFailure(name, "—", f"超时：超过 {timeout:g} 秒仍未完成，已中止")
        if reply["status"] == "error" and reply["ename"] == "CellTimeout":
            raise NotebookFailure(
                name,
                _cell_text(output, reply["cell_index"], reply["exec_count"]),
                f"超时：超过 {timeout:g} 秒仍未完成，已中止",
            )
        if reply["status"] == "error":
            raise NotebookFailure(
                name,
                _cell_text(output, reply["cell_index"], reply["exec_count"]),
                reply["evalue"]
                if reply["ename"] in _user_errors()
                else f"{reply['ename']}: {reply['evalue']}",
            )
        if reply["status"] != "ok":
            raise NotebookFailure(name, "—", f"notebook 无法执行（{reply.get('error')}）")


if __name__ == "__main__":
    from fzdata.build.engine import serve

    serve(
        Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False)
    )
