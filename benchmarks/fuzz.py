"""End-to-end fuzzing: mutate copies of a real poster folder and run the real build command.

Every case must end as a valid PDF (exit 0) or as exit status 2 with a message that names a
file of the poster and no traceback; the PDF written before the case must never be damaged.

    .venv/bin/python benchmarks/fuzz.py [--cases 200] [--seed 1] [--poster data/lync2010]

Prints a table of mutation kinds and outcomes; exits 1 if any case went wrong.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 90
ODD = ["\u202e", "\u200b", "\ufeff", "\U0001F600", "e\u0301", "\u0000", "\\N", '"]; node [shape=box',
       "<b>", "\u2028", "\t", "{x}", "%s", "\ud7ff", "\u0644\u0627"]


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if "releases" not in p.parts)


def mutate(folder: Path, rng: random.Random) -> str:
    """Apply one random mistake to one random file; return its kind."""
    path = rng.choice(_yaml_files(folder))
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    kinds = ["wrong-type", "missing-key", "duplicate-key", "unknown-reference", "odd-unicode",
             "huge-value", "truncated", "garbage", "alias-bomb", "deep-nesting", "empty-file",
             "huge-port", "odd-text"]
    kind = rng.choice(kinds)
    keyed = [i for i, l in enumerate(lines) if ":" in l and not l.lstrip().startswith("#")]
    i = rng.choice(keyed) if keyed else 0
    if kind == "wrong-type" and keyed:
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {rng.choice(['[1, 2]', '{a: 1}', '42', 'true', 'null', '3.5'])}\n"
    elif kind == "missing-key" and keyed:
        del lines[i]
    elif kind == "duplicate-key" and keyed:
        lines.insert(i + 1, lines[i])
    elif kind == "unknown-reference":
        refs = [j for j, l in enumerate(lines) if l.strip().startswith(("to:", "from:", "- from:", "role:",
                                                                       "protocol:", "zone:", "kind:"))]
        if refs:
            j = rng.choice(refs)
            lines[j] = lines[j].split(":", 1)[0] + ": no-such-thing\n"
    elif kind == "odd-unicode" and keyed:
        key, _, value = lines[i].partition(":")
        odd = "".join(rng.choice(ODD) for _ in range(3))
        escaped = odd.encode("unicode_escape").decode().replace('"', '\\"')
        lines[i] = f'{key}: "{value.strip()[:20]}{escaped}"\n'
    elif kind == "odd-text":  # strange but legal text where text belongs: it must print
        texts = [j for j, l in enumerate(lines) if l.strip().startswith(("name:", "note:", "title:", "summary:"))]
        if texts:
            j = rng.choice(texts)
            key, _, value = lines[j].partition(":")
            odd = "".join(rng.choice([c for c in ODD if c not in ("\u0000", "\ud7ff")]) for _ in range(3))
            escaped = odd.encode("unicode_escape").decode().replace('"', '\\"')
            lines[j] = f'{key}: "{value.strip().strip(chr(34))[:30]}{escaped}"\n'
    elif kind == "huge-value" and keyed:
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {'x' * rng.choice([500, 5000, 300_000])}\n"
    elif kind == "truncated":
        cut = rng.randrange(len(text)) if text else 0
        path.write_text(text[:cut], encoding="utf-8")
        return kind
    elif kind == "garbage":
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))))
        return kind
    elif kind == "alias-bomb":
        bomb = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
        bomb += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
        path.write_text("\n".join(bomb) + "\n", encoding="utf-8")
        return kind
    elif kind == "deep-nesting":
        path.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
        return kind
    elif kind == "empty-file":
        path.write_text("", encoding="utf-8")
        return kind
    elif kind == "huge-port":
        ports = [j for j, l in enumerate(lines) if l.strip().startswith("port:")]
        if ports:
            j = rng.choice(ports)
            bad = rng.choice(["99999999999999999999", "-1", "0-0", "1-70000", '""', "1.5"])
            lines[j] = lines[j].split(":", 1)[0] + f": {bad}\n"
    path.write_text("".join(lines), encoding="utf-8")
    return kind


def run_case(n: int, seed: int, template: Path, sentinel: bytes, work: Path) -> tuple[str, str, str]:
    rng = random.Random(seed * 100_003 + n)
    case = work / f"case{n}"
    shutil.copytree(template, case)
    poster = case / "data" / template.joinpath("data").iterdir().__next__().name
    kinds = [mutate(poster, rng) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    out = case / "previous.pdf"
    out.write_bytes(sentinel)
    try:
        proc = subprocess.run([sys.executable, "-m", "posterbuild", "build", str(poster), "-o", str(out)],
                              capture_output=True, text=True, timeout=TIMEOUT, cwd=case)
    except subprocess.TimeoutExpired:
        return "+".join(kinds), "BAD", f"case {n}: hung for {TIMEOUT} s"
    leftovers = [p.name for p in case.glob(".previous.pdf.*")]
    if proc.returncode == 0:
        data = out.read_bytes()
        try:
            import pypdf  # noqa: PLC0415
            pypdf.PdfReader(out).pages[0]
            ok = data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        except Exception as exc:  # noqa: BLE001
            return "+".join(kinds), "BAD", f"case {n}: exit 0 but not a PDF: {exc}"
        return "+".join(kinds), "pdf" if ok and not leftovers else "BAD", f"case {n}"
    names_file = ".yaml" in proc.stderr or "poster.yaml" in proc.stderr
    clean = "Traceback" not in proc.stderr and proc.returncode == 2
    intact = out.read_bytes() == sentinel and not leftovers
    if clean and names_file and intact:
        return "+".join(kinds), "rejected", f"case {n}: {proc.stderr.strip().splitlines()[-1][:160]}"
    detail = proc.stderr.strip().splitlines()[-1:] if proc.stderr else ["(no message)"]
    return "+".join(kinds), "BAD", f"case {n}: exit {proc.returncode}, intact={intact}: {detail[0][:200]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--poster", type=Path, default=ROOT / "data" / "lync2010")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print every case's outcome")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        template = work / "template"
        shutil.copytree(args.poster, template / "data" / args.poster.name,
                        ignore=shutil.ignore_patterns("releases"))
        for part in ("layouts", "fonts"):
            shutil.copytree(ROOT / part, template / part)
        (template / "sentinel.pdf").write_bytes(b"")
        built = subprocess.run([sys.executable, "-m", "posterbuild", "build", str(template / "data" / args.poster.name),
                                "-o", str(work / "sentinel.pdf")], capture_output=True, text=True, cwd=template)
        if built.returncode != 0:
            sys.exit(f"the unmutated poster does not build: {built.stderr}")
        sentinel = (work / "sentinel.pdf").read_bytes()
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            results = list(pool.map(lambda n: run_case(n, args.seed, template, sentinel, work), range(args.cases)))
    outcomes = Counter(r[1] for r in results)
    by_kind = Counter((k, o) for ks, o, _ in results for k in ks.split("+"))
    kinds = sorted({k for k, _ in by_kind})
    print(f"{args.cases} cases (seed {args.seed}): {outcomes['pdf']} built a valid PDF, "
          f"{outcomes['rejected']} refused with exit 2 naming the file, {outcomes['BAD']} went wrong")
    print(f"  {'mutation':<18} {'pdf':>5} {'exit 2':>7} {'bad':>5}")
    for k in kinds:
        print(f"  {k:<18} {by_kind[(k, 'pdf')]:>5} {by_kind[(k, 'rejected')]:>7} {by_kind[(k, 'BAD')]:>5}")
    for kinds, outcome, detail in results:
        if outcome == "BAD" or args.show:
            print(f"  {outcome:<8} {kinds:<30} {detail}")
    return 1 if outcomes["BAD"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
