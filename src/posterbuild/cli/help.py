"""What each subcommand's ``--help`` says: a description and examples (kept apart from the parser)."""

from __future__ import annotations

import argparse
import textwrap

__all__ = ["HELP", "describe"]

# command -> (description, examples)
HELP: dict[str, tuple[str, str]] = {
    "init": ("Create a new poster folder: poster.yaml, roles, protocols, one workload with two "
             "connections, certificates, DNS, resources, history and its own layout (extending "
             "'default'). Every file is commented and the folder builds as it is. Refuses a folder "
             "that exists and is not empty.",
             "posterbuild init data/my-poster --product \"My Server 2024\" --author \"A. Writer\"\n"
             "  posterbuild build data/my-poster"),
    "build": ("Validate the poster folder, lay every workload out with Graphviz and write the PDF "
              "(with each quadrant's DOT and layout JSON beside it). Never overwrites the PDF of a "
              "published version with different content.",
              "posterbuild build\n  posterbuild build data/my-poster --paper a1\n"
              "  posterbuild build --changes-since 1.0"),
    "release": ("Publish a version: add it to history.yaml, set version and revised in poster.yaml, "
                "freeze a snapshot in releases/ and build its PDF. Refuses an existing or lower "
                "version. --dry-run checks and builds everything and writes nothing.",
                "posterbuild release --version 1.1 --note \"A port corrected\" --dry-run\n"
                "  posterbuild release --version 1.1 --note \"A port corrected\" --credit \"A. Reader\""),
    "diff": ("What changed, field by field, between two published versions (X.Y), folders (DIR) "
             "or a folder's published version (DIR@X.Y). --exit-code exits 1 when there are "
             "differences, as git diff does.",
             "posterbuild diff 1.0 1.1 --format markdown\n"
             "  posterbuild diff data/my-poster@1.0 data/my-poster --exit-code --format json"),
    "check": ("Validate a poster folder and its layout without writing anything; with --layout, also "
              "lay it out and lint it. --format json prints one object: ok, problems (file, line, "
              "field, message), warnings, counts.",
              "posterbuild check data/my-poster\n  posterbuild check --format json | jq .counts\n"
              "  posterbuild check --layout firewall --strict"),
    "tile": ("Cut the poster into office sheets to print and tape together: an assembly map, then "
             "one page per tile with cut lines, overlap and labels.",
             "posterbuild tile --sheet a4 --sheets 4x3 -o output/tiles.pdf"),
    "preview": ("Render the poster (a folder, built in memory, or a PDF) or a region of it to PNG.",
                "posterbuild preview output/my-poster-v1.0.pdf -o sheet.png --dpi 20\n"
                "  posterbuild preview -o crop.png --dpi 100 --region 0,3,24,16"),
    "watch": ("Build now and again after every save of a data, layout or font file. A published "
              "version is never overwritten: while the data differs from it, the build goes to "
              "output/<poster>-v<version>-draft.pdf, marked DRAFT on the sheet.",
              "posterbuild watch data/my-poster --preview output/my-poster.png"),
    "web": ("Write a static deep-zoom site of the poster (works from file://) with a search box over "
            "roles, protocols and ports.",
            "posterbuild web -o output/site --dpi 150"),
    "site": ("Write the posters' static website (works from file:// and any static host): an index; "
             "per poster its current version with preview, PDF, firewall poster, print copies, ports "
             "table (filterable HTML, CSV, JSON), certificates, DNS and the deep-zoom viewer; every "
             "published version rebuilt from its snapshot with its release notes; an Atom feed. "
             "Unchanged parts are kept from the previous run. SITE must be new, empty, or a site "
             "posterbuild wrote.",
             "posterbuild site data/poster-a data/poster-b -o output/site"),
    "export": ("Write the diagrams as editable files, from the same placed diagrams as the PDF (same "
               "positions, lines, styles and text): SVG (the whole sheet and one file per diagram; text "
               "stays text, each role and connection a group with an id and a title, the protocol "
               "families CSS classes) or draw.io (one page per diagram: roles, zones and pools as "
               "containers, firewalls, connections as orthogonal edges that follow a moved box; "
               "diagrams.net saves it as Visio .vsdx). -o names a new folder, one written by export, "
               "or a FILE.svg / FILE.drawio that is new or one export wrote.",
               "posterbuild export --format svg -o output/svg\n"
               "  posterbuild export --format drawio --workload im-presence -o im.drawio"),
    "ports": ("Every connection as a table: workload, source and destination role, protocol, "
              "transport, port, who opens it, note and source (and the vendor table rows behind it, "
              "when the folder keeps sources/); as CSV, Markdown or JSON.",
              "posterbuild ports --format csv -o ports.csv\n  posterbuild ports data/my-poster --format json"),
    "audit": ("The poster compared with the vendor's own tables kept in its sources/ folder: per table, "
              "the rows the poster covers, those audit.yaml omits with a reason, and those missing; poster "
              "rows no table supports; contradictions (another port, transport or direction). --strict "
              "exits with status 1 while a row is missing or a contradiction stands.",
              "posterbuild audit data/my-poster\n  posterbuild audit data/my-poster --format markdown > audit.md"
              "\n  posterbuild audit --strict --format json"),
}


def describe(subparsers: argparse._SubParsersAction) -> None:
    """Give every subcommand its description and examples (``--help``), and accept ``-q`` and
    ``-v`` after the subcommand as well as before it."""
    for name, parser in subparsers.choices.items():
        loud = parser.add_mutually_exclusive_group()
        loud.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                          help="print only errors and warnings (and the data a command outputs)")
        loud.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                          help="also say which files were used and how long each stage took")
        if name in HELP:
            description, examples = HELP[name]
            parser.description = textwrap.fill(description, 78)
            parser.epilog = "example:\n  " + examples
            parser.formatter_class = argparse.RawDescriptionHelpFormatter
