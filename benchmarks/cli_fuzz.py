"""Command-line fuzzing: every subcommand with hostile arguments and output targets.

A scratch project (the test poster, its layout, the fonts, a published version) is filled with
files that belong to "the user": notes, a photo, a PDF, a web site of their own, a folder of
documents. Each case runs one real command (``python -m posterbuild ...``) with arguments drawn
from hostile pools: zero, negative, NaN, infinite and huge numbers; outputs that are the
user's files, folders, ``.``, ``..``, the poster data, a path under a file, a name too long,
control characters; damaged, empty, encrypted and foreign inputs. ``watch`` is stopped with
SIGTERM after a few seconds. Every case must end with exit 0 or 2 (143 for a stopped watch),
no traceback and no "internal error", every file that existed before untouched (the poster
data may change only by a successful ``release``, which runs in a copy of its own), and no
temporary ``.part`` file left anywhere.

    .venv/bin/python benchmarks/cli_fuzz.py [--cases 300] [--seed 1] [--workers 2]

Prints counts of cases and outcomes per command; exits 1 if any case went wrong.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120
WATCH_SECONDS = 4.0

NUMBERS = ["0", "-1", "nan", "inf", "-inf", "1e308", "1e-308", "72", "abc", "", "10", "0.5",
           "99999999", "1e9", "-0", "3"]
LENGTHS = ["0", "-1in", "nanin", "1e9in", "10mm", "0.125in", "3", "x", "99999in", "2in", "0.5mm",
           "1in", "infmm"]
OUTPUTS = ["out/a.pdf", "out/b.png", "out/t.csv", "out/t.md", "precious/notes.txt", "precious",
           ".", "..", "data", "data/mini", "data/mini/x.pdf", "data/mini/releases/1.0.json",
           "afile/x.pdf", "out/" + "x" * 300 + ".pdf", "precious/sub", "report.pdf", "photo.png",
           "out/sub/dir/a.pdf", "mysite", "out/site", "out/esc\x1b[31m.pdf", "layouts/mini.yaml",
           "out/a", "out/site2", "table.csv", "out/a.PDF", "/", "~", "out/.", "out/mini-v1.0.pdf",
           "output/mini-v1.0.pdf", "out/report", "out/ünïcødé.pdf", "-", "out/a.pdf/"]
SOURCES = ["data/mini", "data/mini", "poster.pdf", "poster.pdf", "inputs/empty.pdf",
           "inputs/garbage.pdf", "inputs/truncated.pdf", "inputs/encrypted.pdf", "inputs/not.pdf",
           "inputs/folder.pdf", "nonexistent", "afile", "precious", "data/mini@1.0", "data/mini@9.9",
           "data/mini@x", "precious/notes.txt", "data", ".", "data/mini/\x1b]0;x\x07", "inputs/loop"]
VERSIONS = ["1.1", "1.0", "0.9", "x", "1.1.1", "", "99999999999999999999.1", "1.01", "2.0"]
DATES = ["2026-02-30", "2026-13-01", "2026-11-24", "0000-00-00", "yesterday", "", "2026-1-1",
         "9999-12-31"]
NOTES = ["fix", "", " ", "\x1b[31mred\x1b[0m", "x" * 5000, "line\nbreak", "\u202eevil"]
REGIONS = ["0,0,1,1", "nan,0,1,1", "0,0,0,0", "-1,0,1,1", "0,0,1e9,1", "1,2,3", "a,b,c,d",
           "0,0,1in,1in", "0,0,inf,1", "100,100,1,1"]
GRIDS = ["2x2", "0x1", "1000x1000", "axb", "1x1", "-1x2", "50x50", "3x"]


# a sensible target per command, drawn a third of the time, so that successful runs (which
# write files) are fuzzed too
GOOD = {"build": "out/a.pdf", "tile": "out/t.pdf", "preview": "out/b.png", "ports": "out/t.csv",
        "web": "out/site", "watch": "out/w.pdf", "export": "out/svg"}


def _pick(rng: random.Random, pool: list[str], command: str | None = None) -> str:
    if pool is OUTPUTS and command in GOOD and rng.random() < 0.35:
        return GOOD[command]
    return rng.choice(pool)


# a valid command line per subcommand, and the one hostile change a near-valid case makes
BASELINES = {
    "build": ["data/mini", "-o", "out/a.pdf"], "check": ["data/mini"],
    "ports": ["data/mini", "-o", "out/t.csv"], "diff": ["1.0", "data/mini"],
    "release": ["data/mini", "--version", "1.1", "--note", "fix", "--date", "2026-11-24"],
    "tile": ["poster.pdf", "-o", "out/t.pdf"], "preview": ["poster.pdf", "--dpi", "5", "-o", "out/b.png"],
    "web": ["data/mini", "--dpi", "10", "-o", "out/site"], "watch": ["data/mini", "-o", "out/w.pdf"],
    "export": ["data/mini", "--format", "svg", "-o", "out/svg"],
}
TWEAKS = {
    "build": [("-o", OUTPUTS), ("--bleed", LENGTHS), ("--print-marks", None), ("--cmyk", None),
              ("--paper", ["a1", "bogus"]), ("--changes-since", VERSIONS), (0, SOURCES)],
    "check": [("--layout", ["mini", "inputs/bad-layout.yaml"]), ("--strict", None), (0, SOURCES)],
    "ports": [("-o", OUTPUTS), ("--format", ["markdown", "xml"]), (0, SOURCES)],
    "diff": [(0, ["9.9", "x", "data/mini@1.0", "precious"]), ("--format", ["markdown", "html"])],
    "release": [("--version", VERSIONS), ("--note", NOTES), ("--date", DATES), ("--credit", NOTES),
                (0, ["precious", "nonexistent", "data/mini@1.0"])],
    "tile": [("-o", OUTPUTS), ("--overlap", LENGTHS), ("--sheets", GRIDS), ("--scale", NUMBERS),
             ("--sheet", ["a3", "a0"]), (0, SOURCES)],
    "preview": [("-o", OUTPUTS), ("--dpi", NUMBERS), ("--region", REGIONS), (0, SOURCES)],
    "web": [("-o", OUTPUTS), ("--dpi", ["nan", "0", "9", "601", "12"]), (0, SOURCES)],
    "watch": [("-o", OUTPUTS), ("--preview", OUTPUTS + ["out/w.png"]), (0, ["precious", "nonexistent"])],
    "export": [("-o", OUTPUTS + ["out/one.svg", "out/x.drawio"]), ("--format", ["drawio", "pdf"]),
               ("--workload", ["chat", "nope", "", "../x"]), (0, SOURCES)],
}


def near_valid_case(rng: random.Random, command: str) -> list[str]:
    """The valid command line with nothing, or one thing, made hostile."""
    args = list(BASELINES[command])
    if rng.random() < 0.3:
        return args
    option, pool = rng.choice(TWEAKS[command])
    if option == 0:
        args[0] = rng.choice(pool)
    elif pool is None:
        args.append(option)
    elif option in args:
        args[args.index(option) + 1] = rng.choice(pool)
    else:
        args += [option, rng.choice(pool)]
    return args


def make_case(rng: random.Random) -> tuple[str, list[str]]:
    """A subcommand and its arguments: near-valid (40%) or hostile throughout."""
    command = rng.choice(["build", "check", "ports", "release", "diff", "tile", "preview", "web",
                          "watch", "export"])
    if rng.random() < 0.4:
        return command, near_valid_case(rng, command)
    args: list[str] = []
    maybe = lambda p=0.5: rng.random() < p  # noqa: E731
    if command == "build":
        if maybe(0.8):
            args.append(_pick(rng, SOURCES))
        if maybe():
            args += ["-o", _pick(rng, OUTPUTS, command)]
        if maybe(0.3):
            args += ["--paper", rng.choice(["a1", "arch-d", "bogus", "A0", ""])]
        if maybe(0.3):
            args.append("--print-marks")
        if maybe(0.3):
            args += ["--bleed", _pick(rng, LENGTHS)]
        if maybe(0.2):
            args.append("--cmyk")
        if maybe(0.2):
            args += ["--layout", rng.choice(["mini", "nonexistent", "precious/notes.txt", "layouts/mini.yaml",
                                             "../../etc/passwd", "inputs/bad-layout.yaml"])]
        if maybe(0.15):
            args += ["--changes-since", rng.choice(VERSIONS)]
    elif command == "check":
        if maybe(0.8):
            args.append(_pick(rng, SOURCES))
        if maybe(0.3):
            args += ["--layout"] + ([rng.choice(["mini", "inputs/bad-layout.yaml", "nope"])] if maybe() else [])
        if maybe(0.2):
            args += ["--paper", rng.choice(["a1", "bogus"])]
        if maybe(0.2):
            args.append("--strict")
    elif command == "ports":
        if maybe(0.8):
            args.append(_pick(rng, SOURCES))
        if maybe(0.6):
            args += ["--format", rng.choice(["csv", "markdown", "xml"])]
        if maybe(0.6):
            args += ["-o", _pick(rng, OUTPUTS, command)]
    elif command == "release":
        if maybe(0.8):
            args.append(rng.choice(["data/mini", "data/mini", "precious", "nonexistent", "data/mini@1.0"]))
        if maybe(0.95):
            args += ["--version", _pick(rng, VERSIONS)]
        if maybe(0.95):
            args += ["--note", _pick(rng, NOTES)]
        if maybe(0.7):
            args += ["--date", _pick(rng, DATES)]
        if maybe(0.3):
            args += ["--credit", _pick(rng, NOTES)]
    elif command == "diff":
        refs = ["1.0", "data/mini", "data/mini@1.0", "9.9", "precious", "nonexistent", "x", "data/mini@x",
                "poster.pdf"]
        args += [rng.choice(refs), rng.choice(refs)]
        if maybe(0.4):
            args += ["--format", rng.choice(["text", "markdown", "html"])]
        if maybe(0.2):
            args += ["--poster", rng.choice(["data/mini", "precious", "nonexistent"])]
    elif command == "tile":
        if maybe(0.8):
            args.append(_pick(rng, SOURCES))
        if maybe(0.5):
            args += ["--sheet", rng.choice(["letter", "a4", "tabloid", "a3", "a0"])]
        if maybe(0.4):
            args += ["--overlap", _pick(rng, LENGTHS)]
        if maybe(0.3):
            args += ["--sheets", _pick(rng, GRIDS)]
        elif maybe(0.3):
            args += ["--scale", _pick(rng, NUMBERS)]
        if maybe(0.9):
            args += ["-o", _pick(rng, OUTPUTS, command)]
    elif command == "preview":
        if maybe(0.8):
            args.append(_pick(rng, SOURCES))
        if maybe(0.6):
            args += ["--dpi", rng.choice(NUMBERS + ["5", "20", "1000000"])]
        if maybe(0.3):
            args += ["--region", _pick(rng, REGIONS)]
        if maybe(0.9):
            args += ["-o", _pick(rng, OUTPUTS, command)]
    elif command == "web":
        if maybe(0.8):
            args.append(rng.choice(["data/mini", "data/mini", "precious", "nonexistent", "data/mini@1.0"]))
        if maybe(0.6):
            args += ["--dpi", rng.choice(["nan", "inf", "0", "-1", "10", "12", "1e9", "abc", "600.1"])]
        else:
            args += ["--dpi", "10"]  # keep the site small
        if maybe(0.9):
            args += ["-o", _pick(rng, OUTPUTS, command)]
    elif command == "export":
        if maybe(0.8):
            args.append(rng.choice(["data/mini", "data/mini", "precious", "nonexistent", "data/mini@1.0"]))
        if maybe(0.9):
            args += ["--format", rng.choice(["svg", "svg", "drawio", "png", ""])]
        if maybe(0.3):
            args += ["--workload", rng.choice(["chat", "nope", "", "\x1b[31m"])]
        if maybe(0.9):
            args += ["-o", _pick(rng, OUTPUTS + ["out/one.svg", "out/x.drawio"], command)]
    elif command == "watch":
        if maybe(0.8):
            args.append(rng.choice(["data/mini", "data/mini", "precious", "nonexistent"]))
        if maybe(0.4):
            args += ["--preview", "out/w.png" if maybe(0.35) else _pick(rng, OUTPUTS)]
        if maybe(0.4):
            args += ["-o", _pick(rng, OUTPUTS, command)]
    return command, args


def scratch_project(folder: Path, poster: str = "mini") -> str:
    """A project with the test poster in ``data/<poster>`` (the default poster), its layout and
    the fonts; returns the layout's text."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", folder / "data" / poster)
    (folder / "layouts").mkdir()
    layout = (ROOT / "tests" / "fixtures" / "layouts" / "mini.yaml").read_text(encoding="utf-8")
    (folder / "layouts" / "mini.yaml").write_text(layout.replace("font_dir: ../../../fonts", "font_dir: ../fonts"),
                                                  encoding="utf-8")
    shutil.copytree(ROOT / "fonts", folder / "fonts")
    (folder / "data" / "default-poster").write_text(poster + "\n", encoding="utf-8")
    return layout


def build_project(folder: Path) -> None:
    """The scratch project: a poster with a published version, and the user's own files."""
    layout = scratch_project(folder)
    env = _env(folder)
    run = lambda *a: subprocess.run([sys.executable, "-m", "posterbuild", *a], cwd=folder, env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=TIMEOUT)
    done = run("release", "data/mini", "--version", "1.0", "--note", "First", "--date", "2026-01-01")
    if done.returncode != 0:
        sys.exit(f"the scratch project cannot be released: {done.stderr}")
    shutil.copy(folder / "output" / "mini-v1.0.pdf", folder / "poster.pdf")
    precious = folder / "precious"
    (precious / "sub").mkdir(parents=True)
    (precious / "notes.txt").write_text("my notes\n", encoding="utf-8")
    (precious / "sub" / "deep.txt").write_text("deep\n", encoding="utf-8")
    (folder / "report.pdf").write_bytes(b"%PDF-1.4\n% the user's own report\n%%EOF\n")
    (folder / "photo.png").write_bytes(b"JFIF not a png, the user's photo")
    (folder / "table.csv").write_text("name,phone\nme,123\n", encoding="utf-8")
    (folder / "mysite").mkdir()
    (folder / "mysite" / "index.html").write_text("<p>my own site</p>\n", encoding="utf-8")
    (folder / "afile").write_text("a file, not a folder\n", encoding="utf-8")
    (folder / "out" / "report").mkdir(parents=True)
    (folder / "out" / "report" / "keep.json").write_text("{}", encoding="utf-8")
    inputs = folder / "inputs"
    inputs.mkdir()
    (inputs / "empty.pdf").write_bytes(b"")
    (inputs / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + random.Random(7).randbytes(3000))
    pdf = (folder / "poster.pdf").read_bytes()
    (inputs / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    (inputs / "not.pdf").write_text("hello", encoding="utf-8")
    (inputs / "folder.pdf").mkdir()
    (inputs / "loop").symlink_to("loop")
    import pikepdf
    with pikepdf.open(folder / "poster.pdf") as doc:
        doc.save(inputs / "encrypted.pdf", encryption=pikepdf.Encryption(owner="o", user="u"))
    (inputs / "bad-layout.yaml").write_text(
        layout.replace("width: 36in", "width: .nan").replace("font_dir: ../../../fonts", "font_dir: ../fonts"),
        encoding="utf-8")


def _env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("POSTERBUILD_CACHE_DIR", str(folder.parent / "layout-cache"))
    return env


def fingerprint(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file and link under ``folder`` (but ``skip``), with a hash of its content."""
    out = {}
    for root, dirs, files in os.walk(folder):
        rel_root = os.path.relpath(root, folder)
        dirs[:] = [d for d in dirs if os.path.normpath(os.path.join(rel_root, d)) not in skip]
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            path = os.path.join(root, name)
            rel = os.path.normpath(os.path.join(rel_root, name))
            if os.path.islink(path):
                out[rel] = "link:" + os.readlink(path)
            else:
                with open(path, "rb") as handle:
                    out[rel] = hashlib.sha256(handle.read()).hexdigest()
    return out


def _leftovers(folder: Path) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        for name in files + dirs:
            if name.endswith(".part") or name == ".posterbuild-tmp":
                found.append(os.path.relpath(os.path.join(root, name), folder))
    return found


def run_case(n: int, seed: int, template: Path, work: Path) -> tuple[str, str, str]:
    rng = random.Random(seed * 100_003 + n)
    command, args = make_case(rng)
    case = work / f"case{n}"
    shutil.copytree(template, case, symlinks=True)
    # outputs the fuzzer itself points at, which a command may create: out/ and output/
    skip = ("out", "output")
    before = fingerprint(case, skip)
    before_out = {d: fingerprint(case / d) for d in skip}
    cmd = [sys.executable, "-m", "posterbuild", command, *args]
    shown = " ".join(repr(a) if (not a or " " in a or not a.isprintable()) else a for a in args)[:160]
    proc = subprocess.Popen(cmd, cwd=case, env=_env(template), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, errors="replace")
    try:
        if command == "watch":
            try:
                out, err = proc.communicate(timeout=WATCH_SECONDS)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGTERM)
                out, err = proc.communicate(timeout=30)
        else:
            out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return command, "BAD", f"case {n}: {command} {shown}: hung"
    rc = proc.returncode
    problems = []
    allowed = {0, 2} | ({143} if command == "watch" else set())
    if rc not in allowed:
        problems.append(f"exit {rc}")
    if "Traceback" in err:
        problems.append("traceback")
    if "internal error" in err:
        problems.append("internal error")
    if "\x1b" in err or ("\x1b" in out):
        problems.append("raw ESC on the terminal")
    after = fingerprint(case, skip)
    released = command == "release" and rc == 0
    # what was there stays as it was; nothing new appears among the data or the user's folders
    guarded = ("data/", "precious/", "mysite/", "inputs/", "layouts/", "fonts/")
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k)
                     and (k in before or k.startswith(guarded))
                     and not (released and k.startswith("data/mini/")))
    if changed:
        problems.append(f"changed {changed[:4]}")
    for d in skip:  # new files may appear there; the ones that were there stay as they were
        after_out = fingerprint(case / d)
        lost = sorted(k for k in before_out[d] if after_out.get(k) != before_out[d][k])
        if lost:
            problems.append(f"changed {d}/{lost[:3]}")
    left = _leftovers(case)
    if left:
        problems.append(f"left {left[:3]}")
    shutil.rmtree(case, ignore_errors=True)
    last = (err.strip().splitlines() or ["(no message)"])[-1][:150]
    if problems:
        return command, "BAD", f"case {n}: {command} {shown}: {', '.join(problems)}: {last}"
    outcome = "stopped" if command == "watch" and rc in (0, 143) else {0: "exit 0", 2: "exit 2"}[rc]
    return command, outcome, f"case {n}: {command} {shown}: {last}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print every case")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        template = work / "project"
        build_project(template)
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            results = list(pool.map(lambda n: run_case(n, args.seed, template, work), range(args.cases)))
    outcomes = Counter(r[1] for r in results)
    by_command = Counter((c, o) for c, o, _ in results)
    print(f"{args.cases} cases (seed {args.seed}, {time.perf_counter() - start:.0f} s): "
          f"{outcomes['exit 0']} exit 0, {outcomes['exit 2']} exit 2, {outcomes['stopped']} watch stopped, "
          f"{outcomes['BAD']} went wrong")
    print(f"  {'command':<9} {'exit 0':>7} {'exit 2':>7} {'stopped':>8} {'bad':>5}")
    for c in sorted({c for c, _ in by_command}):
        print(f"  {c:<9} {by_command[(c, 'exit 0')]:>7} {by_command[(c, 'exit 2')]:>7} "
              f"{by_command[(c, 'stopped')]:>8} {by_command[(c, 'BAD')]:>5}")
    for _, outcome, detail in results:
        if outcome == "BAD" or args.show:
            print(f"  {outcome:<8} {detail}")
    return 1 if outcomes["BAD"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
