"""The site's HTML pages. Every text from the data goes through :func:`html_text`, every link
from the data through :func:`safe_href` (http, https and mailto only); the rest is ours."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from posterbuild.core.escape import html_text as h
from posterbuild.core.escape import safe_href
from posterbuild.publish.site.model import PosterPage, Release

__all__ = ["short_url", "index_page", "poster_page", "release_page", "ports_page", "certificates_page",
           "dns_page", "feedback_link"]

_STATUS = {"published": "published", "draft": "draft: the data has changed since this version "
           "was published", "unreleased": "not yet released"}


def _page(title: str, body: str, *, up: str = "", feed: str | None = None) -> str:
    """A whole page; ``up`` leads from it to the site's top folder ("" or "../")."""
    alt = (f'<link rel="alternate" type="application/atom+xml" title="Versions" href="{feed}">\n'
           if feed else "")
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{h(title)}</title>\n<link rel=\"stylesheet\" href=\"{up}site.css\">\n{alt}"
            f"</head>\n<body>\n{body}\n</body>\n</html>\n")


def _link(href: str, text: str) -> str:
    """A link to a file of the site (``href`` is ours, never data)."""
    return f'<a href="{href}">{h(text)}</a>'


def _external(url: str | None, text: str) -> str:
    """A link from the data when it is http(s) or mailto; else the text alone."""
    safe = safe_href(url)
    return f'<a href="{h(safe)}" rel="noopener">{h(text)}</a>' if safe else h(text)


def _nav(page: PosterPage, here: str) -> str:
    items = [("index.html", "Poster"), ("ports.html", "Ports"), ("certificates.html", "Certificates"),
             ("dns.html", "DNS"), ("viewer/index.html", "Zoom")]
    current = ' aria-current="page"'
    links = " ".join(f'<a href="{href}"{current if href == here else ""}>{label}</a>'
                     for href, label in items)
    return (f'<header><p class="crumbs"><a href="../index.html">All posters</a> › '
            f'{h(page.poster.meta.title)}</p><nav>{links}</nav></header>')


def index_page(posters: list[PosterPage]) -> str:
    cards = []
    for p in posters:
        m = p.poster.meta
        cards.append(
            f'<li class="card"><a href="{p.slug}/index.html"><img src="{p.preview}" alt="" '
            f'loading="lazy"></a><div><h2>{_link(f"{p.slug}/index.html", m.title)}</h2>'
            f'<p>{h(m.product)} · version {h(m.version)} ({h(_STATUS[p.status])})'
            f'{f" · {len(p.releases)} published version(s)" if p.releases else ""}</p>'
            f'<p>{_link(p.pdf, "PDF")} · {_link(f"{p.slug}/ports.html", "ports")} · '
            f'{_link(f"{p.slug}/viewer/index.html", "zoom")} · {_link(f"{p.slug}/feed.xml", "feed")}'
            "</p></div></li>")
    return _page("Posters", "<header><h1>Posters</h1></header>\n<main><ul class=\"cards\">"
                 + "\n".join(cards) + "</ul></main>")


def feedback_link(page: PosterPage) -> str | None:
    """Where a reader reports a correction (``feedback:`` in poster.yaml); a mailto link gets a
    subject naming the poster and version."""
    meta = page.poster.meta
    url = safe_href(meta.feedback)
    if url and url.lower().startswith("mailto:") and "?" not in url:
        url += "?subject=" + quote(f"Correction: {meta.title} {meta.version}")
    return url


def _here(p: PosterPage) -> str:
    return p.pdf.split("/", 1)[1]  # the poster's files are in its own folder


def poster_page(p: PosterPage) -> str:
    m = p.poster.meta
    files = [f"<li>{_link(_here(p), f'PDF, version {m.version}')} "
             f"<span class=\"muted\">({h(_STATUS[p.status])})</span></li>"]
    files += [f"<li>{_link(v.path.split('/', 1)[1], v.label)}</li>" for v in p.variants]
    files += ["<li>Connection table: " + _link("ports.html", "filterable table") + ", "
              + _link("ports.csv", "CSV") + ", " + _link("ports.json", "JSON") + "</li>",
              f"<li>{_link('certificates.html', 'Certificates')} and {_link('dns.html', 'DNS records')}</li>",
              f"<li>{_link('viewer/index.html', 'Deep-zoom view, with search')}</li>",
              f"<li>{_link('feed.xml', 'Atom feed of new versions and corrections')}</li>"]
    fb = feedback_link(p)
    report = (f'<p class="feedback"><a href="{h(fb)}" rel="noopener">Report a correction</a></p>'
              if fb else "")
    versions = "".join(
        f"<li>{_link(r.page, f'Version {r.version}')} · {h(r.date)} · {_link(r.pdf.split('/', 1)[1], 'PDF')}"
        f"<br>{h(r.note)}{_credits(r)}</li>" for r in p.releases) or "<li>No version published yet.</li>"
    body = (f"{_nav(p, 'index.html')}\n<main>\n<h1>{h(m.title)}</h1>\n"
            f"<p class=\"lead\">{h(m.product)} · by {h(m.author)} · "
            f"<strong>version {h(m.version)}</strong> ({h(_STATUS[p.status])}) · "
            f"{_external(m.home, 'home page')}</p>\n{report}\n"
            f"<div class=\"poster\"><a href=\"viewer/index.html\"><img src=\"preview.png\" "
            f"alt=\"{h(m.title)}, version {h(m.version)}: preview\"></a>\n"
            f"<ul class=\"files\">{''.join(files)}</ul></div>\n"
            f"<h2>Versions</h2>\n<ul class=\"versions\">{versions}</ul>\n"
            f"<p class=\"muted\">{h(m.copyright)}</p>\n</main>")
    return _page(f"{m.title} · version {m.version}", body, up="../", feed="feed.xml")


def _credits(r: Release) -> str:
    return f"<br><span class=\"muted\">Thanks to {h(', '.join(r.credits))}</span>" if r.credits else ""


def release_page(p: PosterPage, r: Release) -> str:
    m = p.poster.meta
    if r.changes is None:
        notes = "<p>The first version published with posterbuild: there is no earlier snapshot to compare.</p>"
    elif not r.changes:
        notes = f"<p>No differences in the data from version {h(r.before or '')}.</p>"
    else:
        notes = f"<p>{len(r.changes)} change(s) from version {h(r.before or '')}:</p>\n" + _changes(r)
    body = (f"{_nav(p, '')}\n<main>\n<h1>Version {h(r.version)}</h1>\n"
            f"<p class=\"lead\">{h(m.title)} · published {h(r.date)} · "
            f"{_link(r.pdf.split('/', 1)[1], 'PDF, rebuilt from its snapshot')}</p>\n"
            f"<p>{h(r.note)}</p>{_credits(r)}\n<h2>Release notes</h2>\n{notes}\n</main>")
    return _page(f"{m.title} · version {r.version}", body, up="../", feed="feed.xml")


def _changes(r: Release) -> str:
    out, current = [], None
    for c in r.changes or ():
        if c.kind != current:
            if current is not None:
                out.append("</ul>")
            current = c.kind
            out.append(f"<h3>{h('DNS records' if c.kind == 'dns' else c.kind.capitalize() + 's')}</h3><ul>")
        fields = "".join(f"<li>{h(f)}: <del>{h(old)}</del> → <ins>{h(new)}</ins></li>"
                         for f, old, new in c.fields)
        out.append(f"<li><strong>{h(c.action)}</strong>: {h(c.key)}"
                   + (f"<ul>{fields}</ul>" if fields else "") + "</li>")
    return "\n".join(out + ["</ul>"])


def _table(columns: list[str], rows: list[list[str]], attrs: list[str] | None = None) -> str:
    head = "".join(f"<th scope=\"col\">{h(c)}</th>" for c in columns)
    body = "\n".join(f"<tr{attrs[i] if attrs else ''}>" + "".join(f"<td>{cell}</td>" for cell in row)
                     + "</tr>" for i, row in enumerate(rows))
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _source(url: str) -> str:
    """A source cell: a link named by its host and last path part (the whole URL is its target
    and its tooltip, and is in the CSV and JSON), so the table's columns keep their room."""
    safe = safe_href(url)
    if not safe:
        return h(url)
    return (f'<a href="{h(safe)}" title="{h(safe)}" rel="noopener">{h(short_url(safe))}</a>')


def short_url(url: str) -> str:
    """``host/…/last-part`` of a long URL, the URL itself when short.

    >>> short_url("https://docs.example.org/en-us/server/plan/edge-requirements")
    'docs.example.org/…/edge-requirements'
    >>> short_url("https://example.org/ports"), short_url("poster 5.15")
    ('example.org/ports', 'poster 5.15')
    """
    parts = urlsplit(url)
    if not parts.netloc:
        return url
    path = [p for p in parts.path.split("/") if p]
    if len(path) <= 1:
        return parts.netloc + (f"/{path[0]}" if path else "")
    return f"{parts.netloc}/…/{path[-1].removesuffix('.md').removesuffix('.html').removesuffix('.aspx')}"


def ports_page(p: PosterPage, rows: list[dict[str, str]]) -> str:
    m = p.poster.meta
    workloads = sorted({r["workload"] for r in rows})
    roles = sorted({r["source_role"] for r in rows} | {r["destination_role"] for r in rows})
    options = lambda values: "".join(f"<option>{h(v)}</option>" for v in values)  # noqa: E731
    controls = (
        '<form id="filter" class="filter" hidden>'
        f'<label>Workload <select id="f-workload"><option value="">any</option>{options(workloads)}</select></label>'
        f'<label>Role <select id="f-role"><option value="">any</option>{options(roles)}</select></label>'
        '<label>Port <input id="f-port" inputmode="numeric" placeholder="e.g. 5061" size="8"></label>'
        '<output id="f-count" aria-live="polite"></output></form>')
    cells = [[h(r["workload"]), h(r["source_role"]), h(r["destination_role"]), h(r["protocol"]),
              h(r["transport"]), h(r["port"]), h(r["initiator"]), h(r["note"]), _source(r["source"])]
             for r in rows]
    attrs = [f' data-workload="{h(r["workload"])}" data-roles="{h(r["source_role"])}\n'
             f'{h(r["destination_role"])}" data-port="{h(r["port"])}"' for r in rows]
    table = _table(["Workload", "Source role", "Destination role", "Protocol", "Transport", "Port",
                    "Opened by", "Note", "Source"], cells, attrs)
    body = (f"{_nav(p, 'ports.html')}\n<main class=\"wide\">\n<h1>Ports · version {h(m.version)}</h1>\n"
            f"<p>Every connection: the source role opens it (or either side, where it says so), the "
            f"destination role listens on the port. Also as {_link('ports.csv', 'CSV')} and "
            f"{_link('ports.json', 'JSON')}.</p>\n{controls}\n<div id=\"ports\">{table}</div>\n</main>\n"
            "<script src=\"../ports.js\"></script>")
    return _page(f"Ports · {m.title} {m.version}", body, up="../", feed="feed.xml")


def certificates_page(p: PosterPage) -> str:
    m = p.poster.meta
    cells = [[h(p.poster.roles[c.role].name if c.role in p.poster.roles else c.role), h(c.usage),
              h(c.subject), h(", ".join(c.san)), h(c.ca), h(", ".join(c.eku)), h(c.note or ""),
              _source(c.source)] for c in p.poster.certificates]
    table = _table(["Role", "Usage", "Subject", "Subject alternative names", "CA", "EKU", "Note",
                    "Source"], cells) if cells else "<p>No certificates in this poster.</p>"
    return _page(f"Certificates · {m.title} {m.version}",
                 f"{_nav(p, 'certificates.html')}\n<main class=\"wide\">\n<h1>Certificates · version "
                 f"{h(m.version)}</h1>\n{table}\n</main>", up="../", feed="feed.xml")


def dns_page(p: PosterPage) -> str:
    m = p.poster.meta
    cells = [[h(d.scenario), h(d.view), h(d.type), h(d.name), h(d.target),
              h("" if d.port is None else str(d.port)), h(d.note or ""), _source(d.source)]
             for d in p.poster.dns_records]
    table = _table(["Scenario", "View", "Type", "Name", "Target", "Port", "Note", "Source"],
                   cells) if cells else "<p>No DNS records in this poster.</p>"
    return _page(f"DNS · {m.title} {m.version}",
                 f"{_nav(p, 'dns.html')}\n<main class=\"wide\">\n<h1>DNS records · version "
                 f"{h(m.version)}</h1>\n{table}\n</main>", up="../", feed="feed.xml")
