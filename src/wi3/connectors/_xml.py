"""Streaming big XML exports with lxml: the root element first, then elements one by one.

Both the Stack Exchange and the MediaWiki connectors read XML far larger than memory. They check the
root element before anything else (so an export of another platform fails at once, not after
parsing gigabytes) and then walk the file with `iterparse`, freeing each element once it has been
turned into events. Parse and decompression errors become an `ExportError` that names the line.

A file that declares a DTD (`<!DOCTYPE …>`) is refused before anything else is read: no real
dump has one, and its entities could read other files on this computer (XXE) or swell a few
bytes into gigabytes ("billion laughs"). Entities are never expanded and nothing is fetched.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from wi3.connectors._files import DECOMPRESSION_ERRORS, compression, open_binary
from wi3.errors import ExportError

logger = logging.getLogger(__name__)

_STACK_EXCHANGE_ROOTS = {
    "posts": "Posts.xml",
    "users": "Users.xml",
    "comments": "Comments.xml",
    "votes": "Votes.xml",
    "posthistory": "PostHistory.xml",
    "postlinks": "PostLinks.xml",
    "badges": "Badges.xml",
    "tags": "Tags.xml",
}


def split_tag(tag: str) -> tuple[str, str]:
    """('{namespace-uri}', 'local') for a Clark-notation tag; the first part is '' without one."""
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return f"{{{uri}}}", local
    return "", tag


def describe_root(local: str) -> str:
    """What a file with this root element probably is, for error messages."""
    if local in _STACK_EXCHANGE_ROOTS:
        return f"a Stack Exchange data-dump file ({_STACK_EXCHANGE_ROOTS[local]})"
    return {
        "mediawiki": "a MediaWiki XML dump",
        "api": "a MediaWiki API response, not a dump",
        "rss": "an RSS feed",
        "feed": "an Atom feed",
        "html": "an HTML page",
    }.get(local, f"an XML file with root element <{local}>")


def _sniff(path: Path) -> str:
    """What a file that is not XML looks like, judged by its first bytes."""
    with open_binary(path) as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return "it looks like JSON, not XML"
    if head.startswith(b"PK\x03\x04"):
        return "it is a zip archive, not XML; unzip it first"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "it is a 7z archive, not XML; unpack it first"
    if head.startswith(b"From "):
        return "it looks like an mbox mailbox, not XML"
    return "it is not XML"


_DTD_PEEK = 64 * 1024
"""How much of a file's start is searched for a DTD when the parser fails before its root."""


def _declares_dtd(path: Path, doctype: str = "<!DOCTYPE …>") -> ExportError:
    return ExportError(
        f"cannot read {path}: the file declares a DTD ({doctype[:80]}), whose entities can read "
        "other files on this computer or swell a few bytes into gigabytes, and which wi3 "
        "refuses to expand or fetch. Real MediaWiki and Stack Exchange dumps declare none: "
        "export the file again, or remove the <!DOCTYPE …> declaration."
    )


def _has_dtd(path: Path) -> bool:
    """Whether the start of the file declares a DTD or an entity."""
    try:
        with open_binary(path) as fh:
            head = fh.read(_DTD_PEEK)
    except DECOMPRESSION_ERRORS:
        return False
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def _decompression_error(path: Path, exc: Exception) -> ExportError:
    kind = compression(path) or "compressed"
    return ExportError(
        f"cannot read {path}: the {kind} stream is truncated or corrupt ({exc}). "
        "Download or copy the file again."
    )


def root_tag(path: Path, remedy: str) -> tuple[str, str]:
    """The namespace ('{uri}' or '') and local name of the root element of an XML file.

    Only the first chunk of the file is read, so a wrong file is rejected at once. `remedy` ends
    the error message when the file is not XML (what to give instead).

    Raises:
        ExportError: when the file is missing, empty, not XML, declares a DTD, or its
            compression is broken.
    """
    with open_binary(path) as fh:
        try:
            for _event, element in etree.iterparse(
                fh, events=("start",), resolve_entities=False, load_dtd=False, no_network=True
            ):
                doctype = element.getroottree().docinfo.doctype
                if doctype:
                    raise _declares_dtd(path, doctype)
                return split_tag(element.tag)
        except etree.XMLSyntaxError as exc:
            if _has_dtd(path):
                raise _declares_dtd(path) from exc
            raise ExportError(f"cannot read {path}: {_sniff(path)} ({exc.msg}). {remedy}") from exc
        except DECOMPRESSION_ERRORS as exc:
            raise _decompression_error(path, exc) from exc
    raise ExportError(f"cannot read {path}: it holds no XML element. Export it again.")


def iter_elements(path: Path, tags: tuple[str, ...], remedy: str) -> Iterator[etree._Element]:
    """Yield each element named in `tags` when its end tag is read, then free it.

    After the caller resumes, the element is emptied and its earlier siblings are deleted, so the
    tree never grows beyond the current element's ancestors: callers must take what they need from
    an element before asking for the next one. `remedy` ends the error message (what to do).

    Raises:
        ExportError: when the XML is malformed or cut off (naming the line), or the compressed
            stream is truncated.
    """
    with open_binary(path) as fh:
        try:
            for _event, element in etree.iterparse(
                fh,
                events=("end",),
                tag=tags,
                huge_tree=True,
                resolve_entities=False,
                load_dtd=False,
                no_network=True,
            ):
                yield element
                element.clear(keep_tail=True)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
        except etree.XMLSyntaxError as exc:
            line = exc.lineno
            if "UTF-8" in exc.msg or "encoding" in exc.msg:
                what = f"the text is not valid UTF-8 at line {line}"
                remedy = "It was changed or damaged after export; export it again as UTF-8."
            elif "Excessive depth" in exc.msg:
                what = (
                    f"its elements nest more than 2,048 deep at line {line}, which no real "
                    "dump does"
                )
                remedy = "It was made or altered by hand; export the dump again."
            else:
                what = f"the XML is malformed or cut off at line {line}"
            raise ExportError(f"cannot read {path}: {what} ({exc.msg}). {remedy}") from exc
        except DECOMPRESSION_ERRORS as exc:
            raise _decompression_error(path, exc) from exc
