"""The in-process papermill engine: registered with papermill, the same outputs as a kernel,
hung and crashing notebooks contained in their own unit-year; the DOCX table fix."""

from __future__ import annotations

import base64
import io
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import nbformat
import papermill as pm
import psutil
import pytest
from conftest import REPO, SAMPLE_DATA

from fzdata.build import core as fzbuild
from fzdata.build import engine, kernels

pytestmark = pytest.mark.slow


def _notebook(path: Path, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    params = "data_dir = ''\nunit = ''\nyear = 0\nout_dir = ''\ndate = ''"
    nb.cells = [nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


# ------------------------------------------------------------------ registry


def test_engine_registered_with_papermill_by_name() -> None:
    from papermill.engines import papermill_engines

    assert engine.register() == "fz-inprocess"
    assert papermill_engines.get_engine("fz-inprocess") is engine.InProcessEngine
    eps = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["entry-points"]
    assert eps["papermill.engine"]["fz-inprocess"] == "fzdata.build.papermill_entry:InProcessEngine"
    assert kernels.RUNNERS.keys() == {"inprocess", "kernel"}


def test_runner_chosen_by_fz_engine(monkeypatch) -> None:
    from fzdata.core.errors import FzError

    monkeypatch.setenv("FZ_ENGINE", "kernel")
    assert kernels.runner_name() == "kernel"
    monkeypatch.delenv("FZ_ENGINE")
    assert kernels.runner_name() == "inprocess"
    monkeypatch.setenv("FZ_ENGINE", "zmq")
    with pytest.raises(FzError, match="FZ_ENGINE"):
        kernels.runner_name()


def test_outputs_recorded_as_a_kernel_sends_them(tmp_path: Path) -> None:
    """papermill runs the notebook through the engine, in this process: streams, displays
    (PNG, HTML), results and errors become the cells' outputs; the failing cell is named."""
    png = base64.b64encode(b"\x89PNG fake").decode()
    source = _notebook(
        tmp_path / "in.ipynb",
        "print('一'); print('二')\nimport sys; print('err', file=sys.stderr)\nyear * 2",
        f"from IPython.display import display, HTML\ndisplay(HTML('<b>x</b>'))\n"
        f"display({{'image/png': '{png}', 'text/plain': '图'}}, raw=True)",
        "leftover = 1",
        "raise ValueError('台账有误')",
        "print('never')",
    )
    with pytest.raises(pm.PapermillExecutionError) as err:
        pm.execute_notebook(str(source), str(tmp_path / "out.ipynb"), parameters={"year": 21},
                            engine_name=engine.register(), progress_bar=False)  # fmt: skip
    assert err.value.ename == "ValueError" and err.value.evalue == "台账有误"
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == [1, 2, 3, 4, 5, 6, None]
    streams, result = code[2].outputs[:2], code[2].outputs[2]
    assert [(s.name, s.text) for s in streams] == [("stdout", "一\n二\n"), ("stderr", "err\n")]
    assert result.output_type == "execute_result" and result.data["text/plain"] == "42"
    assert result.execution_count == 3
    html, image = code[3].outputs
    assert html.data["text/html"] == "<b>x</b>" and image.data["image/png"] == png
    assert code[5].outputs[0].output_type == "error" and code[6].outputs == []
    # A fresh namespace for the next notebook: nothing is left from this one.
    source2 = _notebook(tmp_path / "in2.ipynb", "print('leftover' in dir())")
    pm.execute_notebook(str(source2), str(tmp_path / "out2.ipynb"),
                        engine_name=engine.register(), progress_bar=False)  # fmt: skip
    out2 = nbformat.read(tmp_path / "out2.ipynb", as_version=4)
    assert out2.cells[-1].outputs[0].text == "False\n" and out2.cells[-1].execution_count == 2


# ------------------------------------------------------- same outputs as a kernel


def _texts(root: Path) -> dict[str, object]:
    """What a reader gets: tables, the pages' text, every notebook output's data (no times)."""
    from bs4 import BeautifulSoup

    got: dict[str, object] = {}
    year = root / "李庄乡/2023"
    for p in sorted((year / "tables").glob("*.csv")):
        got[p.name] = p.read_bytes()
    for page in ("report.html", "progress.html", "shortcomings.html"):
        got[page] = BeautifulSoup((year / page).read_bytes(), "html.parser").get_text()
    for p in sorted((year / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(p, as_version=4)
        got[p.name] = [
            (c.source, c.get("execution_count"), [(o.output_type, o.get("data"), o.get("text"))
                                                  for o in c.get("outputs", [])])
            for c in nb.cells
        ]  # fmt: skip
    got["figures"] = sorted(p.name for p in (year / "figures").iterdir())
    got["docx"] = (year / "report.docx").read_bytes()
    return got


def test_inprocess_and_kernel_give_the_same_outputs(tmp_path: Path, monkeypatch) -> None:
    outputs = {}
    for name in ("inprocess", "kernel"):
        monkeypatch.setenv("FZ_ENGINE", name)
        report = fzbuild.build(SAMPLE_DATA, tmp_path / name, ["李庄乡"], [2023])
        assert report.counts()["built"] == 1, [r.error for r in report.results]
        outputs[name] = _texts(tmp_path / name)
    kernels.shutdown_process_kernel()
    assert outputs["inprocess"].keys() == outputs["kernel"].keys()
    for key in outputs["kernel"]:
        assert outputs["inprocess"][key] == outputs["kernel"][key], key


# --------------------------------------------------- hangs and crashes contained


REPORT_CELL = (
    "from IPython.display import HTML, display\n"
    "display(HTML('<article class=\"fz-report\"><h1>关于年度法治政府建设情况的报告</h1><p>正文。</p></article>'))"
)


def _tiny(tmp: Path, code: str) -> Path:
    """One-cell batch notebooks; the report's cell does ``code`` for 2022 only."""
    folder = tmp / "nb"
    for name in fzbuild.BATCH_NOTEBOOKS:
        cells = ["x = 1"]
        if name == "report":
            cells = ["if year == 2022:\n    " + code.replace("\n", "\n    "), REPORT_CELL]
        _notebook(folder / f"{name}.ipynb", *cells)
    return folder


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("import time\ntime.sleep(600)", "超时：超过 3 秒仍未完成，已中止"),
        ("import time\nwhile True:\n    try:\n        time.sleep(600)\n    except BaseException:\n        pass",
         "超时：超过 3 秒仍未完成，已终止执行进程"),
        ("import os\nos._exit(1)", "内核异常退出"),
    ],
    ids=["hang", "stubborn-hang", "dies"],
)  # fmt: skip
def test_hung_or_crashing_notebook_fails_its_unit_year_only(
    tmp_path: Path, code: str, message: str
) -> None:
    nbdir = _tiny(tmp_path, code)
    t = time.perf_counter()
    report = fzbuild.build(
        SAMPLE_DATA, tmp_path / "o", ["李庄乡"], [2022, 2023], notebooks_dir=nbdir, timeout=3
    )
    assert time.perf_counter() - t < 300  # far less than the 600 s sleep, even on a loaded machine
    status = {r.year: r.status for r in report.results}
    assert status == {2022: "failed", 2023: "built"}, [r.error for r in report.results]
    assert message in report.failed[0].error and report.failed[0].notebook == "report.ipynb"
    if "已中止" in message:  # the cell that overran is named, and the process stayed warm
        assert (
            "time.sleep(600)" in report.failed[0].cell or "if year == 2022" in report.failed[0].cell
        )


def test_ctrl_c_leaves_no_notebook_process(tmp_path: Path) -> None:
    nbdir = _tiny(tmp_path, "import time\ntime.sleep(600)")
    proc = subprocess.Popen(
        [sys.executable, "-m", "fzdata", "build", "--jobs", "2", "--unit", "李庄乡", "--out",
         str(tmp_path / "o"), "--notebooks", str(nbdir), "--data", str(SAMPLE_DATA)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    hosts: list[psutil.Process] = []
    deadline = time.monotonic() + 60
    while len(hosts) < 2 and time.monotonic() < deadline:
        time.sleep(0.3)
        kids = psutil.Process(proc.pid).children(recursive=True)
        hosts = [k for k in kids if "fzdata.build.host" in " ".join(k.cmdline())]
    assert hosts, "no notebook process started"
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    _, alive = psutil.wait_procs(hosts, timeout=15)
    assert not alive, "notebook processes left running after Ctrl-C"


# ---------------------------------------------------------------- DOCX tables


def _reference_table(doc, node) -> None:
    """The DOCX table as it was written before (``table.cell(i, j)``, column cells)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    from fzdata.export import docx as fzdocx

    caption = node.find("caption")
    if caption:
        cp = fzdocx._paragraph(doc, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
        cp.paragraph_format.keep_with_next = True
        fzdocx._fonts(cp.add_run(fzdocx._text(caption)), fzdocx.HEI, fzdocx.TABLE_PT)
    rows = [[fzdocx._text(c) for c in tr.find_all(["th", "td"])] for tr in node.find_all("tr")]
    numeric = [[("fz-num" in (c.get("class") or [])) for c in tr.find_all(["th", "td"])]
               for tr in node.find_all("tr")]  # fmt: skip
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    wants = []
    for j in range(width):
        lengths = sorted(sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in r[j])
                         for r in rows if j < len(r)) or [2.0]  # fmt: skip
        wants.append(min(max(lengths[min(len(lengths) - 1, int(len(lengths) * 0.75))], 4.5), 22.0))
    table.autofit = False
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    for j, want in enumerate(wants):
        w = Mm(fzdocx.TEXT_WIDTH_MM * want / sum(wants))
        if j < len(grid):
            grid[j].set(qn("w:w"), str(int(w.twips)))
        for cell in table.columns[j].cells:
            cell.width = w
    for i, row in enumerate(rows):
        tr_pr = table.rows[i]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if i == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))
        for j, value in enumerate(row):
            para = table.cell(i, j).paragraphs[0]
            if i == 0:
                para.paragraph_format.keep_with_next = True
            if j < len(numeric[i]) and numeric[i][j]:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fzdocx._fonts(para.add_run(value), fzdocx.HEI if i == 0 else fzdocx.BODY_FONT,
                          fzdocx.TABLE_PT)  # fmt: skip


def test_docx_table_row_by_row_is_byte_identical(monkeypatch) -> None:
    from fzdata.export import docx as fzdocx

    body = "".join(
        f"<tr><td>第{i}村</td><td class='fz-num'>{i * 7}</td><td>说明{'长' * (i % 30)}</td></tr>"
        for i in range(120)
    )
    html = (
        "<article><h1>关于2023年法治政府建设情况的报告</h1><p>正文。</p><table><caption>各村</caption>"
        f"<tr><th>村</th><th>人数</th><th>说明</th></tr>{body}<tr><td>合计</td></tr></table></article>"
    )
    new = fzdocx.report_docx(html)
    monkeypatch.setattr(fzdocx, "_table", _reference_table)
    assert fzdocx.report_docx(html) == new
    from docx import Document

    cells = Document(io.BytesIO(new)).tables[0].rows[5].cells
    assert [c.text for c in cells] == ["第4村", "28", "说明长长长长"]


def test_entry_point_loads_without_an_import_cycle(tmp_path: Path) -> None:
    """With the entry point installed (a fresh `make setup`), papermill loads it while its own
    engines module is half-imported: a fresh process that imports the engine first must work."""
    import subprocess
    import sys

    code = (
        "import importlib.metadata as md, sys\n"
        "from papermill.engines import papermill_engines\n"  # loads installed entry points
        "import fzdata.build.papermill_entry as entry\n"
        "from fzdata.build import engine\n"
        "assert engine.register() == 'fz-inprocess'\n"
        "assert papermill_engines.get_engine('fz-inprocess') is engine.InProcessEngine\n"
        "assert not hasattr(entry, 'Engine')\n"
    )
    r = subprocess.run([sys.executable, "-c", "import fzdata.build.engine\n" + code],
                       capture_output=True, text=True, cwd=REPO, check=False)  # fmt: skip
    assert r.returncode == 0, r.stderr


def test_papermill_command_line_runs_the_engine_by_name(tmp_path: Path) -> None:
    """`papermill --engine fz-inprocess` (the entry point's stand-in forwards everything
    papermill asks of an engine: its kernel name, language, execute_notebook)."""
    import shutil
    import subprocess
    import sys

    papermill = shutil.which("papermill", path=str(Path(sys.executable).parent))
    if papermill is None:
        pytest.skip("papermill command not installed beside this Python")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, tmp_path / "in.ipynb")
    r = subprocess.run([papermill, "--engine", "fz-inprocess", "in.ipynb", "out.ipynb"],
                       capture_output=True, text=True, cwd=tmp_path, check=False)  # fmt: skip
    assert r.returncode == 0, r.stderr
    out = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert out.cells[0].outputs[0]["text"] == "42\n"
