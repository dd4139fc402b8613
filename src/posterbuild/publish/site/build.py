"""`posterbuild site`: the posters' own static website, from their folders and published versions.

For each poster: the current version (the working data; when that version is published with
the same data, the published version itself), its preview, PDF, firewall poster and print
copies, the connection table (CSV, JSON, a filterable HTML table), the certificate and DNS
tables, the deep-zoom viewer that `web` writes, and every published version rebuilt from its
snapshot with its release notes; an Atom feed of the releases. A part whose inputs did not
change is taken from the previous site (see :mod:`posterbuild.publish.site.store`), and every
PDF comes through the build cache.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from posterbuild import pipeline
from posterbuild.core.errors import PosterError
from posterbuild.loading import use_fonts
from posterbuild.exports.connections import connection_rows, to_csv
from posterbuild.output.claim import replace_folder
from posterbuild.output.preview import render_png
from posterbuild.output.safe_paths import SITE_MARKER, check_site_folder
from posterbuild.page.setup import DEFAULT_BLEED, PageSetup
from posterbuild.publish.site import feed, pages
from posterbuild.publish.site.model import PosterPage, Release, Variant
from posterbuild.publish.site.store import MARKER_TEXT, SiteStore
from posterbuild.source.snapshot import published_versions, read_snapshot, same_as_snapshot
from posterbuild.versions.diff import diff_posters, sorted_changes
from posterbuild.web.site import DEFAULT_DPI, write_site

__all__ = ["SiteReport", "write_posters_site", "PREVIEW_DPI", "PRINT_VARIANTS"]

PREVIEW_DPI = 20.0
# the print copies offered beside the poster: (file suffix, label, page set-up)
PRINT_VARIANTS = (
    ("print", "Print-ready: trim, 0.125 in bleed and crop marks (RGB)", PageSetup(marks=True, bleed=DEFAULT_BLEED)),
    ("print-cmyk", "Print-ready, every colour in CMYK", PageSetup(marks=True, bleed=DEFAULT_BLEED, cmyk=True)),
)
FIREWALL_LAYOUT = "firewall"


@dataclass
class SiteReport:
    folder: Path
    posters: list[PosterPage] = field(default_factory=list)
    made: int = 0  # parts made in this run
    reused: int = 0  # parts taken from the previous site
    seconds: float = 0.0


def write_posters_site(poster_dirs: list[Path], out_dir: Path, dpi: float = DEFAULT_DPI) -> SiteReport:
    """Write the site for ``poster_dirs`` into ``out_dir`` (replaced as a whole at the end;
    only a new or empty folder, or a site posterbuild wrote)."""
    start = time.perf_counter()
    report = SiteReport(Path(out_dir))
    with replace_folder(out_dir, marker=SITE_MARKER, marker_text=MARKER_TEXT,
                        check=check_site_folder) as staging:  # never replaces a folder the user owns
        store = SiteStore(out_dir, staging)
        slugs: dict[str, Path] = {}
        for folder in poster_dirs:
            page = _poster(Path(folder), store, dpi)
            if page.slug in slugs:
                raise PosterError(f"{folder}: a poster named '{page.slug}' is already in the site "
                                  f"(from {slugs[page.slug]}); each poster needs its own folder name")
            slugs[page.slug] = Path(folder)
            report.posters.append(page)
        _static(store)
        store.write("index.html", pages.index_page(report.posters))
        store.finish()
    report.reused = len(store.reused)
    report.made = len(store.keys) - report.reused
    report.seconds = time.perf_counter() - start
    return report


def _static(store: SiteStore) -> None:
    assets = resources.files("posterbuild.publish.site")
    for name in ("site.css", "ports.js"):
        store.write(name, assets.joinpath(name).read_bytes())


def _poster(folder: Path, store: SiteStore, dpi: float) -> PosterPage:
    loaded = pipeline.load(folder, register=False)
    poster = loaded.poster
    slug = poster.slug
    versions = published_versions(folder)
    releases = [_release(folder, v, versions[i - 1] if i else None, store, slug)
                for i, v in enumerate(versions)]
    meta = poster.meta
    status = "unreleased"
    if meta.version in versions:
        snap = read_snapshot(folder, meta.version)
        same = same_as_snapshot(loaded.files, loaded.layout.data, snap)
        status = "published" if same else "draft"
        if not same:
            print(f"posterbuild: warning: {folder}: the data has changed since version {meta.version} "
                  "was published; the site shows it as a draft (release a new version to publish it)",
                  file=sys.stderr)
            loaded = replace(loaded, poster=replace(poster, meta=replace(meta, draft=True)))
    current_name = f"{slug}-v{meta.version}" + ("-draft" if status == "draft" else "")
    if status == "published":
        pdf_rel = next(r.pdf for r in releases if r.version == meta.version)
        key = store.keys[pdf_rel]
    else:
        pdf_rel = f"{slug}/{current_name}.pdf"
        key = _pdf(store, pdf_rel, loaded, PageSetup())
    store.part(f"{slug}/preview.png", f"{key} preview {PREVIEW_DPI}",
               lambda path: path.write_bytes(render_png((store.staging / pdf_rel).read_bytes(), PREVIEW_DPI)))
    variants = [Variant("Firewall poster: every rule each firewall needs",
                        _firewall(folder, store, slug, current_name, status))]
    for suffix, label, setup in PRINT_VARIANTS:
        rel = f"{slug}/{current_name}-{suffix}.pdf"
        _pdf(store, rel, loaded, setup)
        variants.append(Variant(label, rel))
    store.part(f"{slug}/viewer", f"{key} viewer {dpi} {_viewer_code()}",
               lambda path: _viewer(loaded, path, dpi))
    rows = connection_rows(loaded.poster)
    store.write(f"{slug}/ports.csv", to_csv(rows))
    store.write(f"{slug}/ports.json", json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    page = PosterPage(slug=slug, poster=loaded.poster, status=status, pdf=pdf_rel,
                      preview=f"{slug}/preview.png", variants=tuple(variants),
                      releases=tuple(reversed(releases)), folder=folder)
    store.write(f"{slug}/index.html", pages.poster_page(page))
    store.write(f"{slug}/ports.html", pages.ports_page(page, rows))
    store.write(f"{slug}/certificates.html", pages.certificates_page(page))
    store.write(f"{slug}/dns.html", pages.dns_page(page))
    for r in releases:
        store.write(f"{slug}/{r.page}", pages.release_page(page, r))
    store.write(f"{slug}/feed.xml", feed.atom_feed(page))
    return page


def _release(folder: Path, version: str, before: str | None, store: SiteStore, slug: str) -> Release:
    """A published version: its PDF rebuilt from its snapshot, its history entry and its
    release notes (what changed since the version before it)."""
    loaded = pipeline.load(f"{folder}@{version}", register=False)
    snap = read_snapshot(folder, version)
    entry = next((v for v in loaded.poster.history if v.version == version), None)
    rel = f"{slug}/{slug}-v{version}.pdf"
    _pdf(store, rel, loaded, PageSetup())
    changes = None
    if before is not None:
        old = pipeline.load_poster_only(f"{folder}@{before}")
        changes = tuple(sorted_changes(diff_posters(old, loaded.poster)))
    return Release(version=version, date=(entry.date if entry and entry.date else snap.date),
                   note=entry.note if entry else "", credits=entry.credits if entry else (),
                   pdf=rel, page=f"v{version}.html", before=before, changes=changes)


def _pdf(store: SiteStore, rel: str, loaded: pipeline.Loaded, setup: PageSetup) -> str:
    """The PDF of ``loaded`` at ``rel``, by its build key: from the previous site, the build
    cache, or built; its key."""
    key = pipeline.build_key(loaded, setup, None)
    store.part(rel, key, lambda path: path.write_bytes(pipeline.build_output(loaded, setup).pdf))
    return key


def _firewall(folder: Path, store: SiteStore, slug: str, current: str, status: str) -> str:
    loaded = pipeline.load(folder, FIREWALL_LAYOUT, register=False)
    if status == "draft":
        loaded = replace(loaded, poster=replace(loaded.poster, meta=replace(loaded.poster.meta, draft=True)))
    rel = f"{slug}/{current}-{FIREWALL_LAYOUT}.pdf"
    _pdf(store, rel, loaded, PageSetup())
    return rel


def _viewer(loaded: pipeline.Loaded, path: Path, dpi: float) -> None:
    """The deep-zoom viewer, as `posterbuild web` writes it (it needs the drawn diagrams, not
    only the PDF, for its search index)."""
    use_fonts(loaded.layout.font_files)
    write_site(loaded, pipeline.build(loaded), path, dpi)


def _viewer_code() -> str:
    """What decides the viewer besides the poster: its files (the Python code is in the build key)."""
    digest = hashlib.sha256()
    package = resources.files("posterbuild.web")
    for name in ("viewer.html", "viewer.js", "viewer.css"):
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()[:16]
