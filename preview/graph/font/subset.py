"""Writes the JSON data file the diagram embeds: a WOFF subset of a TTF font plus its advance widths.

Usage: subset.py FONT.ttf DEBIAN_PACKAGE DEBIAN_VERSION > liberation-sans.json (run by regenerate.sh).
"""
import base64
import datetime
import io
import json
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

# Printable ASCII, Latin-1, and the punctuation the diagram's labels use (– — ‘ ’ “ ” • … → ← × · − ±).
CODEPOINTS = list(range(0x20, 0x7F)) + list(range(0xA0, 0x100)) + [0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x2190, 0x2192, 0xD7, 0xB7, 0x2212, 0xB1]


def main(path, package, version):
    # No timestamp update: the same inputs give the same bytes.
    font = TTFont(path, recalcTimestamp=False)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    units = font["head"].unitsPerEm
    present = sorted(cp for cp in set(CODEPOINTS) if cp in cmap)
    advances = {str(cp): hmtx[cmap[cp]][0] for cp in present}
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["kern"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=present)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    json.dump(
        {
            "family": "Liberation Sans",
            "source": f"Debian package {package} {version}: {path}",
            "licence": "GPL-2.0 with the font exception (embedding in documents is allowed), Copyright (C) 2007 Red Hat, Inc.; see /usr/share/doc/fonts-liberation/copyright",
            "why": "Metric-compatible with Arial/Helvetica, whose metrics Graphviz lays labels out with: embedded, labels fit their boxes whatever fonts the viewer has.",
            "generated": datetime.date.today().isoformat(),
            "generator": "preview/graph/font/regenerate.sh (fontTools subset, WOFF)",
            "unitsPerEm": units,
            "advances": advances,
            "woffBase64": base64.b64encode(out.getvalue()).decode("ascii"),
        },
        sys.stdout,
        indent=1,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(*sys.argv[1:4])
