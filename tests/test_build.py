"""``fz build``: notebooks through papermill, the output contract, offline HTML, incremental and
atomic builds, failures, timeouts, parallel and Dask runs giving the same outputs."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import jupytext
import nbformat
import openpyxl
import psutil
import pytest
from bs4 import BeautifulSoup
from conftest import BUILT_SAMPLE_COUNTS, REPO, SAMPLE_DATA, copy_built, write_tiny_notebooks

from fzdata.analysis import analyse
from fzdata.build import core as fzbuild
from fzdata.build import kernels
from fzdata.build.host import NotebookHost
from fzdata.core.errors import DataDirError, FzError
from fzdata.core.schema import FINDING_COLUMNS, REJECT_COLUMNS

NOTEBOOKS = REPO / "notebooks"
BATCH = list(fzbuild.BATCH_NOTEBOOKS)
pytestmark = pytest.mark.slow


# ------------------------------------------------------------------ notebooks


@pytest.mark.parametrize("name", [*BATCH, "explore"])
def test_notebooks_paired_and_clean(name: str) -> None:
    ipynb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    for cell in ipynb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, (
                "commit notebooks without outputs"
            )
    paired = jupytext.read(NOTEBOOKS / f"{name}.py")
    assert [c.source for c in paired.cells] == [c.source for c in ipynb.cells], (
        "run: jupytext --sync notebooks/*.ipynb"
    )


@pytest.mark.parametrize("name", BATCH)
def test_batch_notebooks_have_one_parameters_cell(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for param in ("data_dir", "unit", "year", "out_dir"):
        assert f"{param} =" in tagged[0].source


def test_missing_parameters_cell_is_an_error(tmp_path: Path) -> None:
    shutil.copytree(NOTEBOOKS, tmp_path / "nb")
    nb = nbformat.read(tmp_path / "nb" / "report.ipynb", as_version=4)
    for c in nb.cells:
        c.metadata.pop("tags", None)
    nbformat.write(nb, tmp_path / "nb" / "report.ipynb")
    with pytest.raises(FzError, match="parameters"):
        fzbuild.build(SAMPLE_DATA, tmp_path / "out", notebooks_dir=tmp_path / "nb")


@pytest.mark.parametrize(
    ("units", "years", "message"),
    [
        (["王庄镇"], None, "单位「王庄镇」"),
        (["李庄乡"], [2019], "没有2019年"),
        (["李庄乡"], [2010, 2011], "没有2010—2011年"),
    ],
)
def test_unknown_unit_or_year_before_any_kernel(
    tmp_path: Path, units, years, message, monkeypatch
) -> None:
    monkeypatch.setattr(
        kernels.WarmKernel, "_start", lambda self: pytest.fail("no kernel may start")
    )
    monkeypatch.setattr(NotebookHost, "_start", lambda self: pytest.fail("no notebook may run"))
    with pytest.raises(DataDirError, match=message) as info:
        fzbuild.build(SAMPLE_DATA, tmp_path, units, years)
    assert "现有" in str(info.value)


def test_parse_years() -> None:
    assert fzbuild.parse_years("2021-2024") == [2021, 2022, 2023, 2024]
    assert fzbuild.parse_years("2023") == [2023]
    with pytest.raises(FzError, match="2021-2024"):
        fzbuild.parse_years("前年")


# ------------------------------------------------------------------- one build


@pytest.fixture
def built(built_sample: Path) -> Path:
    """The sample built once for the whole test run (conftest.py); read-only."""
    return built_sample


def test_each_year_read_once_and_analysed_once(built: Path) -> None:
    """The sample was built with --jobs 1, its tasks in one process from a cold start: the
    counts are the whole build's. Every year is read and analysed once, though each is in the
    window of up to five unit-years (the trend chart, the comparison, the follow-up)."""
    counts = json.loads((built / BUILT_SAMPLE_COUNTS).read_text("utf-8"))
    loads = {(u, y): n for kind, u, y, n in counts if kind == "load_year"}
    analyses = {(u, y): n for kind, u, y, n in counts if kind == "analyse"}
    every = {(m.parts[-3], int(m.parts[-2])): 1 for m in built.glob("*/*/manifest.json")}
    assert ("李庄乡", 2021) in every and ("某县市场监督管理局", 2024) in every
    assert loads == every
    assert analyses == every


def test_notebooks_use_the_builds_analysis(tmp_path: Path, monkeypatch) -> None:
    import pickle

    from fzdata import nb
    from fzdata.core.config import ANALYSIS_FILE

    a = analyse.analyse_year(SAMPLE_DATA, "李庄乡", 2023)
    (tmp_path / ANALYSIS_FILE).write_bytes(pickle.dumps(a))
    monkeypatch.setattr(nb, "analyse_year", lambda *_: pytest.fail("analysed again"))
    got = nb.analysis(SAMPLE_DATA, "李庄乡", 2023, tmp_path)
    assert got.indicators.equals(a.indicators) and got.trends.equals(a.trends)


def test_window_covers_every_year_the_trend_chart_shows(tmp_path: Path) -> None:
    """Editing a ledger of any year in a report's trend chart changes its fingerprint."""
    from fzdata.analysis.window import TREND_YEARS

    data = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, data)
    nbdir = REPO / "notebooks"
    a = analyse.analyse_year(data, "李庄乡", 2024)
    assert a.window is not None and a.window.shown == (2021, 2022, 2023, 2024)
    assert sorted(set(a.trends["year"])) == [2021, 2022, 2023, 2024]
    assert TREND_YEARS >= 4
    before = fzbuild.fingerprint(fzbuild.inputs_of(data, "李庄乡", 2024, nbdir))
    ledger = next((data / "李庄乡" / "2021").glob("*.xls*"))
    ledger.write_bytes(ledger.read_bytes() + b"\0")
    after = fzbuild.fingerprint(fzbuild.inputs_of(data, "李庄乡", 2024, nbdir))
    assert after != before


def test_output_contract(built: Path) -> None:
    folder = built / "李庄乡" / "2023"
    expected = {"report.html", "progress.html", "shortcomings.html", "manifest.json"}
    assert expected <= {p.name for p in folder.iterdir()}
    assert (folder / "report.docx").stat().st_size > 20_000  # the Word file, from the same report
    assert {p.name for p in (folder / "notebooks").iterdir()} == {f"{n}.ipynb" for n in BATCH}
    assert {p.name for p in (folder / "figures").iterdir()} == {
        "indicator_trends.png", "village_scorecard.png", "case_outcomes.png", "training_hours.png"}  # fmt: skip
    tables = folder / "tables"
    for name in ("indicators", "villages", "shortcomings", "followup", "rejects", "findings"):
        raw = (tables / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{name}.csv needs a BOM for Excel"
        header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
        if name == "rejects":
            assert header == list(REJECT_COLUMNS)
        if name == "findings":
            assert header == list(FINDING_COLUMNS)
    wb = openpyxl.load_workbook(tables / "tables.xlsx", read_only=True)
    assert wb.sheetnames == [
        "主要指标",
        "各村达标",
        "存在不足",
        "整改情况",
        "拒收行",
        "数据问题",
        "数据完整性",
    ]
    # The workbook is for people: no internal codes (the CSVs keep them).
    assert next(wb["存在不足"].iter_rows(max_row=1, values_only=True))[:3] == (
        "规则",
        "严重程度",
        "数值",
    )
    header = next(csv.reader(io.StringIO((tables / "completeness.csv").read_text("utf-8-sig"))))
    assert header == ["kind", "ledger", "field", "missing", "total", "blocking", "message"]


def test_tables_carry_the_analysis(built: Path) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO((built / "李庄乡/2023/tables/shortcomings.csv").read_text("utf-8-sig"))
        )
    )
    assert "仍有3个行政村法律明白人不足5名（北岭村、石桥村、高楼村）" in [
        r["evidence"] for r in rows
    ]
    ind = {
        r["key"]: r
        for r in csv.DictReader(
            io.StringIO((built / "李庄乡/2023/tables/indicators.csv").read_text("utf-8-sig"))
        )
    }
    assert (ind["legal_literates"]["value"], ind["materials_distributed"]["qualifier"]) == (
        "137.0",
        "多",
    )


def test_manifest(built: Path) -> None:
    m = json.loads((built / "李庄乡/2023/manifest.json").read_text("utf-8"))
    paths = [i["path"] for i in m["inputs"]]
    assert (
        "data/李庄乡/2023/村情台账.xlsx" in paths
        and "data/李庄乡/2022/2022年台账汇总.xlsx" in paths
    )
    assert "data/李庄乡/unit.yml" in paths and "notebooks/report.ipynb" in paths
    assert any(p.startswith("fzdata/resources/catalogue.csv") for p in paths)
    assert all(
        re.fullmatch(r"[0-9a-f]{64}", i["sha256"])
        for i in m["inputs"]
        if i["path"].startswith("data/")
    )
    assert set(m["timings"]) == {"analysis", *BATCH, "export"} and m["libraries"]["papermill"]
    assert m["parameters"]["year"] == 2023 and m["key_figures"]["法律明白人"] == "137人"


@pytest.mark.parametrize("page", ["report.html", "progress.html", "shortcomings.html"])
def test_html_fit_for_sharing(built: Path, page: str) -> None:
    html = (built / "李庄乡" / "2023" / page).read_text("utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all("script"), "no script at all: nothing to load, nothing to run"
    for tag in soup.find_all(
        ["img", "link", "iframe", "source", "video", "audio", "embed", "object"]
    ):
        for attr in ("src", "href", "data"):
            value = tag.get(attr)
            assert not value or value.startswith(("data:", "#")), f"{tag.name} loads {value[:60]}"
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html), "a stylesheet loads from the network"
    assert not re.search(r"@import", html)
    imgs = soup.find_all("img")
    assert imgs and all(i["src"].startswith("data:image/png;base64,") for i in imgs)
    text = soup.get_text()
    assert "data_dir" not in text and "import fzdata" not in text and "In [" not in text
    assert not soup.select(".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt")
    assert soup.html["lang"] == "zh"
    toc = soup.find("nav", class_="fz-toc")
    assert toc is not None and toc.find_all("a")
    for a in toc.find_all("a"):
        assert soup.find(id=a["href"][1:]) is not None, f"TOC link {a['href']} has no target"
    assert "size: A4" in html and "Noto Sans CJK SC" in html and "@media print" in html


def test_report_content(built: Path) -> None:
    soup = BeautifulSoup((built / "李庄乡/2023/report.html").read_text("utf-8"), "html.parser")
    assert soup.find("h1").get_text(strip=True).startswith("关于2023年法治政府建设情况的报告")
    text = soup.get_text()
    for section in (
        "一、党政主要负责人",
        "二、2023年推进法治政府建设的主要举措和成效",
        "三、存在的不足",
        "四、2024年",
        "五、其他需要报告的情况",
    ):
        assert section in text
    src = soup.find("span", class_="fz-src", string="137人")
    assert src is not None and src["title"] == "指标台账.xlsx!2023年指标!C10"


def test_index(built: Path) -> None:
    soup = BeautifulSoup((built / "index.html").read_text("utf-8"), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a") if not a["href"].startswith("#")]
    assert "李庄乡/2023/report.html" in hrefs and "李庄乡/2022/shortcomings.html" in hrefs
    assert all((built / h).exists() for h in hrefs)
    assert "法律明白人 137人" in soup.get_text()
    assert not soup.find_all("script")


def test_second_build_skips_without_a_kernel(sample_outputs: Path, monkeypatch) -> None:
    monkeypatch.setattr(
        kernels.WarmKernel, "run", lambda *a, **k: pytest.fail("no notebook may run")
    )
    monkeypatch.setattr(NotebookHost, "run", lambda *a, **k: pytest.fail("no notebook may run"))
    t = time.perf_counter()
    report = fzbuild.build(SAMPLE_DATA, sample_outputs, ["李庄乡"], [2022, 2023])
    assert report.counts()["skipped"] == 2 and time.perf_counter() - t < 5


# --------------------------------------------------------- incremental, failures


def _copy_data(tmp: Path) -> Path:
    shutil.copytree(SAMPLE_DATA, tmp / "data")
    return tmp / "data"


def test_changed_input_rebuilds_that_year_and_the_years_that_compare_with_it(
    tmp_path: Path, built: Path
) -> None:
    data = _copy_data(tmp_path)
    out = copy_built(built, tmp_path / "out", "李庄乡")  # the last build, on a copy of the data
    (data / "李庄乡/2022/执法人员培训.ods").touch()  # the same bytes: nothing to rebuild
    assert fzbuild.build(data, out, ["李庄乡"], [2022, 2023, 2024]).counts()["skipped"] == 3
    with open(data / "李庄乡/2023/信访登记.csv", "ab") as fh:
        fh.write("XF2023099,2023/12/30,东河村,土地承包,已办结\r\n".encode("gbk"))
    report = fzbuild.build(data, out, ["李庄乡"], [2022, 2023, 2024])
    assert {r.year: r.status for r in report.results} == {
        2022: "skipped",
        2023: "built",
        2024: "built",
    }
    html = (out / "李庄乡/2023/report.html").read_text("utf-8")
    assert ">10件</span>" in html  # the stated figure stays the official one …
    assert "按信访台账统计为11件" in html  # … and the log that now disagrees is reported


def _broken_notebooks(tmp: Path, code: str) -> Path:
    """One-cell notebooks (conftest.py) whose report ends with ``code``: the subject is the
    build's handling of the failure, not the notebooks."""
    return write_tiny_notebooks(tmp / "nb", report_code=code)


def test_failure_keeps_the_last_good_report_and_the_rest_builds(
    tmp_path: Path, built: Path
) -> None:
    out = copy_built(built, tmp_path / "out", "李庄乡")
    good = (out / "李庄乡/2022/report.html").read_bytes()
    nbdir = _broken_notebooks(tmp_path, "if year == 2022:\n    raise ValueError('台账有误')")
    report = fzbuild.build(SAMPLE_DATA, out, ["李庄乡"], [2022, 2023], notebooks_dir=nbdir)
    assert {r.year: r.status for r in report.results} == {2022: "failed", 2023: "built"}
    failure = report.failed[0]
    assert failure.notebook == "report.ipynb" and "ValueError: 台账有误" in failure.error
    assert "if year == 2022" in failure.cell
    assert Path(failure.executed).exists() and "_failed" in failure.executed
    assert (out / "李庄乡/2022/report.html").read_bytes() == good
    assert "台账有误" in (out / "index.html").read_text("utf-8")


def test_cli_summary_and_exit_code(tmp_path: Path) -> None:
    nbdir = _broken_notebooks(tmp_path, "raise RuntimeError('boom')")
    r = subprocess.run(
        [sys.executable, "-m", "fzdata", "build", "--unit", "李庄乡", "--year", "2023", "--out", str(tmp_path / "o"),
         "--notebooks", str(nbdir)],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    assert r.returncode == 1, r.stderr
    assert "失败 李庄乡 2023年：report.ipynb" in r.stdout and "RuntimeError: boom" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr
    assert "[1/1] 李庄乡 2023年 失败" in r.stderr  # plain progress lines when not a terminal


@pytest.mark.parametrize(
    ("code", "message", "timeout"),
    # A hang waits the whole timeout; a dying kernel is noticed without it (a long timeout
    # keeps a loaded machine from turning the death into a timeout).
    [("import time\ntime.sleep(600)", "超时", 6), ("import os\nos._exit(1)", "内核异常退出", 40)],
    ids=["hang", "dies"],
)
def test_hung_or_dead_kernel_ends_as_a_failure(
    tmp_path: Path, code: str, message: str, timeout: float
) -> None:
    nbdir = _broken_notebooks(tmp_path, "if year == 2022:\n    " + code.replace("\n", "\n    "))
    t = time.perf_counter()
    report = fzbuild.build(
        SAMPLE_DATA, tmp_path / "o", ["李庄乡"], [2022, 2023], notebooks_dir=nbdir, timeout=timeout
    )
    assert time.perf_counter() - t < 300  # far less than the 600 s sleep, even on a loaded machine
    assert {r.year: r.status for r in report.results} == {2022: "failed", 2023: "built"}
    assert message in report.failed[0].error


# ------------------------------------------------------------ same outputs anyhow


def _comparable(root: Path) -> dict[str, bytes]:
    """Every output file, with what legitimately differs between runs (times) taken out."""
    files = {}
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.name == "index.html" or p.name.startswith("."):
            continue  # hidden: the build's lock and state files, not outputs
        rel = p.relative_to(root).as_posix()
        data = p.read_bytes()
        if p.suffix == ".ipynb":
            nb = nbformat.reads(data.decode("utf-8"), as_version=4)
            nb.metadata.pop("papermill", None)
            for c in nb.cells:
                c.metadata.pop("papermill", None)
                c.metadata.pop("execution", None)
            data = nbformat.writes(nb).encode("utf-8")
        if p.name == "manifest.json":
            m = json.loads(data)
            m.pop("timings"), m.pop("built_at")
            data = json.dumps(m, sort_keys=True).encode("utf-8")
        if p.suffix == ".xlsx":
            data = b"".join(
                tuple(r).__repr__().encode()
                for ws in openpyxl.load_workbook(p).worksheets
                for r in ws.iter_rows(values_only=True)
            )
        files[rel] = data
    return files


def test_parallel_gives_the_same_outputs(built: Path, tmp_path: Path) -> None:
    """Worker processes (--jobs 2) make the same files as the sample built in one process,
    also when they write into the output folder themselves (--shared-out)."""
    reference = {
        k: v
        for k, v in _comparable(built).items()
        if k.startswith(("李庄乡/2022/", "李庄乡/2023/"))
    }
    two = fzbuild.build(SAMPLE_DATA, tmp_path / "jobs2", ["李庄乡"], [2022, 2023], jobs=2,
                        shared_out=True)  # fmt: skip
    assert two.counts()["built"] == 2
    assert all(r.written and not r.files for r in two.results)  # nothing came back as bytes
    assert all(r.readiness.get("lint") is not None for r in two.results)
    assert _comparable(tmp_path / "jobs2") == reference


def test_dask_gives_the_same_outputs_and_keeps_no_result(
    tmp_path: Path, tiny_notebooks: Path
) -> None:
    """Through Dask (tasks return bytes) the files are those of a build in this process, and
    each result is released on its worker once written: the cluster does not hold the build's
    results until it ends. The notebooks are one cell each (that the real ones give the same
    files in other processes is the test above)."""
    from distributed import Client, LocalCluster

    one = fzbuild.build(SAMPLE_DATA, tmp_path / "one", ["李庄乡"], notebooks_dir=tiny_notebooks)
    assert one.counts()["built"] == 4
    reference = _comparable(tmp_path / "one")
    held: list[int] = []

    def in_memory(dask_scheduler) -> int:
        return sum(ts.state == "memory" for ts in dask_scheduler.tasks.values())

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        dask = fzbuild.build(SAMPLE_DATA, tmp_path / "dask", ["李庄乡"], scheduler=cluster.scheduler_address,
                             notebooks_dir=tiny_notebooks,
                             on_result=lambda *_: held.append(client.run_on_scheduler(in_memory)))  # fmt: skip
    assert dask.counts()["built"] == 4
    assert _comparable(tmp_path / "dask") == reference
    assert len(held) == 4 and held[-1] <= 2, held  # kept futures would hold all 4 at the end


# --------------------------------------------------------------- interruption


def _kernels_of(pid: int) -> list[psutil.Process]:
    """The processes that run notebooks under process ``pid``: its workers' notebook hosts
    (the in-process engine) or Jupyter kernels (``FZ_ENGINE=kernel``)."""
    found = []
    for child in psutil.Process(pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            cmd = " ".join(child.cmdline())
            if "ipykernel_launcher" in cmd or "fzdata.build.host" in cmd:
                found.append(child)
    return found


def _first_line(stream, prefix: str, timeout: float) -> threading.Event:
    """An event set when ``stream`` gives a line starting with ``prefix`` (read in a thread
    that drains the stream to its end)."""
    seen = threading.Event()

    def read() -> None:
        for line in iter(stream.readline, b""):
            if line.decode("utf-8", "replace").startswith(prefix):
                seen.set()

    threading.Thread(target=read, daemon=True).start()
    return seen


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["killed", "ctrl-c"])
def test_interrupted_build_leaves_the_last_good_outputs(
    tmp_path: Path, built: Path, sig: signal.Signals
) -> None:
    out = copy_built(built, tmp_path / "out")  # the last good outputs of the whole sample
    before = {p: (p / "report.html").read_bytes() for p in (out / "李庄乡").iterdir()}
    nbdir = write_tiny_notebooks(tmp_path / "nb", report_code="import time\ntime.sleep(1)")
    proc = subprocess.Popen(
        [sys.executable, "-m", "fzdata", "build", "--force", "--jobs", "2", "--out", str(out),
         "--notebooks", str(nbdir)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    # Once a unit-year is written, the kernels have started and the others are in flight.
    assert _first_line(proc.stderr, "[1/", 120).wait(120), "no unit-year was written"
    started = _kernels_of(proc.pid)
    assert started, "no kernel under the build"
    assert proc.poll() is None, "the build ended before it could be interrupted"
    os.killpg(proc.pid, sig) if sig == signal.SIGKILL else proc.send_signal(sig)
    proc.wait(timeout=60)
    for folder, report in before.items():
        assert (folder / "manifest.json").exists(), f"{folder} half-written"
        html = (folder / "report.html").read_bytes()
        assert html == report or b"</html>" in html[-200:]
    if sig == signal.SIGINT:  # the build stops its workers' kernels before it exits
        _gone, alive = psutil.wait_procs(started, timeout=30)
        assert alive == [], "kernels left running after Ctrl-C"
    _gone, alive = psutil.wait_procs(started, timeout=0)
    for p in alive:  # a killed build cannot stop its kernels; they are not left to the machine
        with contextlib.suppress(psutil.Error):
            p.kill()
    fzbuild.clean_leftovers(out)
    assert not [p for p in (out / "李庄乡").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--formats", "pdf"], "--formats 只能是 html、docx"), (["--jobs", "0"], "--jobs 至少为 1"),
     (["--years", "前年"], "格式不对")],
)  # fmt: skip
def test_build_option_errors_before_any_work(tmp_path: Path, args: list[str], message: str) -> None:
    r = subprocess.run([sys.executable, "-m", "fzdata", "build", "--out", str(tmp_path / "o"), *args],
                       capture_output=True, text=True, cwd=REPO, check=False)  # fmt: skip
    assert r.returncode == 1 and message in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "o").exists()


def test_formats_html_only_leaves_no_docx(tmp_path: Path, tiny_notebooks: Path) -> None:
    report = fzbuild.build(SAMPLE_DATA, tmp_path, ["李庄乡"], [2023], formats=("html",),
                           notebooks_dir=tiny_notebooks)  # fmt: skip
    assert report.counts()["built"] == 1
    assert (tmp_path / "李庄乡/2023/report.html").exists() and not (
        tmp_path / "李庄乡/2023/report.docx"
    ).exists()


def test_no_change_rebuild_imports_nothing_heavy(sample_outputs: Path) -> None:
    """Skipping unchanged unit-years needs no pandas, nbconvert, Word or matplotlib."""
    code = (
        "import sys\nfrom fzdata import cli\n"
        f"rc = cli.main(['build', '--data', {str(SAMPLE_DATA)!r}, '--out', {str(sample_outputs)!r},"
        " '--unit', '李庄乡', '--years', '2022-2023'])\n"
        "heavy = [m for m in ('pandas', 'nbconvert', 'docx', 'matplotlib') if m in sys.modules]\n"
        "print(rc, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 []", out.stdout + out.stderr


def test_a_new_kernel_is_warm_before_the_notebook_clock_starts(tmp_path: Path) -> None:
    """fzdata's helpers are imported when the kernel starts, so a notebook's timeout measures
    the notebook, not the kernel's imports."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import sys\nassert 'fzdata.nb' in sys.modules"),
    ]
    source = tmp_path / "warm.ipynb"
    nbformat.write(nb, source)
    kernel = kernels.WarmKernel()
    try:
        kernel.run(source, tmp_path / "out.ipynb", {"x": 2}, timeout=30)
    finally:
        kernel.shutdown()
    assert nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[-1].outputs == []
