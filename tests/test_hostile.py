"""Hostile input files: each is refused quickly, with wi3's own message, in little memory.

The small hostile files live in tests/fixtures/hostile/; large ones (a deep nesting, a
decompression bomb) are made by each test in its tmp_path. The command line's answer to the
same files, for every command, is checked in tests/cli/test_hostile.py.
"""

from __future__ import annotations

import csv
import gzip
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from wi3.connectors import CONNECTORS, _files
from wi3.connectors._files import RATIO_FROM, open_binary
from wi3.errors import MAX_MESSAGE, ExportError, InputError, SurveyImportError, listing
from wi3.events import Tally
from wi3.model import load_model
from wi3.survey import load_mapping, read_survey, read_survey_rows
from wi3.yamldoc import MAX_BYTES, MAX_DEPTH, read_yaml

SRC = Path(__file__).parents[1] / "src" / "wi3"


@pytest.fixture(scope="module")
def hostile(fixture_path: Path) -> Path:
    return fixture_path / "hostile"


# --- YAML -----------------------------------------------------------------------------------


def test_a_billion_laughs_is_refused_before_it_expands(hostile: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_yaml(hostile / "laughs.yaml")
    assert str(caught.value).startswith(f"{hostile / 'laughs.yaml'}: its aliases (*name) repeat")
    assert "more than the 100,000 wi3 accepts" in str(caught.value)


def test_an_alias_inside_itself_is_refused(hostile: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_yaml(hostile / "recursive-alias.yaml")
    assert "recursive-alias.yaml:2: this entry holds an alias (*name) to itself" in str(
        caught.value
    )


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 5000 + "]" * 5000,  # beyond libyaml's own limit of 1,000
        "a: " + "[" * 900 + "]" * 900,  # within it, beyond Python's recursion
        "".join("  " * i + "k:\n" for i in range(400)) + "  " * 400 + "k: x\n",
        "".join("  " * i + "-\n" for i in range(MAX_DEPTH + 1)) + "  " * (MAX_DEPTH + 1) + "- x",
    ],
    ids=["flow-5000", "flow-900", "block-mappings-400", "block-sequences-65"],
)
def test_deep_nesting_is_refused_by_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}:\d+: nested more than 64"):
        read_yaml(path)


def test_nesting_up_to_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("[" * (MAX_DEPTH - 1) + "x" + "]" * (MAX_DEPTH - 1))
    data = read_yaml(path).data
    for _ in range(MAX_DEPTH - 2):
        data = data[0]
    assert data == ["x"]


def test_a_file_over_the_size_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(InputError, match="larger than 16 MB, the most wi3 reads"):
        read_yaml(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("start_date: 2024-02-30\n", ":1:13: not valid YAML: cannot read the value '2024-02-30'"),
        ("a: 0000-01-01\n", "(year 0 is out of range). Fix the value there."),
        ("a: " + "9" * 5000 + "\n", "cannot read the value '9999999999"),
        ("a: !!timestamp 99999-01-01\n", "cannot read the value '99999-01-01'"),
    ],
)
def test_values_python_cannot_hold_are_named_by_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "values.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_yaml(path)
    assert message in str(caught.value)


def test_a_folder_or_a_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="a folder, not a file"):
        read_yaml(tmp_path)
    zero = Path("/dev/zero")
    if zero.exists():
        with pytest.raises(InputError, match="larger than 16 MB"):
            read_yaml(zero)


def test_every_yaml_reader_goes_through_yamldoc() -> None:
    """PyYAML's loaders have no limits: only yamldoc.py may call them."""
    loader = re.compile(r"yaml\.(safe_load|load|full_load|unsafe_load|compose|parse)\b|SafeLoader")
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "yamldoc.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if loader.search(line)
    ]
    assert found == []


# --- decompression ----------------------------------------------------------------------------


def _zip_bomb(path: Path, member: str, size: int) -> Path:
    """A zip whose `member` unpacks to `size` spaces (about a thousand times its packed size)."""
    chunk = b" " * 2**20
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("channels.json", "[]")
        with archive.open(member, "w", force_zip64=True) as fh:
            for _ in range(size // len(chunk)):
                fh.write(chunk)
    return path


def _gzip_bomb(path: Path, payload: bytes, size: int) -> Path:
    with gzip.open(path, "wb", compresslevel=1) as fh:
        fh.write(payload)
        chunk = b" " * 2**20
        for _ in range(size // len(chunk)):
            fh.write(chunk)
    return path


def _read_all(source: str, path: Path) -> None:
    for _ in CONNECTORS[source].reader()(path, Tally()):
        pass


def test_a_zip_member_that_unpacks_a_thousandfold_is_refused_unread(tmp_path: Path) -> None:
    bomb = _zip_bomb(tmp_path / "slack.zip", "users.json", RATIO_FROM + 2**20)
    assert bomb.stat().st_size < 200_000
    with pytest.raises(ExportError) as caught:
        _read_all("slack", bomb)
    message = str(caught.value)
    assert message.startswith("cannot read slack.zip:users.json: it unpacks to 65 MB from ")
    assert "more than 200 times its compressed size" in message
    assert "unpack it yourself and give the unpacked file or folder" in message


@pytest.mark.parametrize(
    ("source", "payload"),
    [
        ("mbox", b"From a@example.com  Mon Jan  1 10:00:00 2024\n"),
        ("mattermost", b'{"type": "version", "version": 1}\n'),
        ("mediawiki", b"<mediawiki>"),
    ],
)
def test_a_compressed_stream_that_unpacks_a_thousandfold_stops_with_a_message(
    tmp_path: Path, source: str, payload: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_files, "RATIO_FROM", 2**20)  # judged from 1 MB: a small bomb will do
    bomb = _gzip_bomb(tmp_path / "export.gz", payload, 8 * 2**20)
    with pytest.raises(ExportError) as caught:
        _read_all(source, bomb)
    assert re.match(
        rf"cannot read {re.escape(str(bomb))}: it unpacks to more than [\d.]+ MB from [\d.]+ KB, "
        "more than 200 times its compressed size",
        str(caught.value),
    )


def test_a_csv_stream_that_unpacks_a_thousandfold_stops_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_files, "RATIO_FROM", 2**20)
    bomb = _gzip_bomb(tmp_path / "rows.tsv.gz", b"", 8 * 2**20)
    reader = CONNECTORS["csv"].reader(
        Path(__file__).parents[1] / "docs" / "mappings" / "gitter.yaml"
    )
    with pytest.raises(ExportError, match="it unpacks to more than [\\d.]+ MB from"):
        for _ in reader(bomb, Tally()):
            pass


def test_a_compressed_file_within_the_ratio_is_read_whole(tmp_path: Path) -> None:
    text = "".join(f"line {n} of some text that compresses only a little\n" for n in range(10**5))
    path = tmp_path / "lines.gz"
    path.write_bytes(gzip.compress(text.encode()))
    with open_binary(path) as fh:
        assert fh.read().decode() == text


def test_a_json_document_larger_than_the_limit_is_not_read_into_memory(
    tmp_path: Path, fixture_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "workspace"
    shutil.copytree(fixture_path / "slack" / "workspace", export)
    monkeypatch.setattr(_files, "MAX_DOCUMENT", 100)
    with pytest.raises(ExportError) as caught:
        _read_all("slack", export)
    assert str(caught.value).startswith(
        "cannot read workspace:users.json: it holds more than 100 bytes, the most wi3 reads"
    )


# --- JSON nested deeper than Python recurses ---------------------------------------------------

DEEP_JSON = "[" * 100_000 + "]" * 100_000


def _skips(source: str, path: Path, mapping: Path | None = None) -> dict[str, int]:
    tally = Tally()
    for _ in CONNECTORS[source].reader(mapping)(path, tally):
        pass
    return dict(tally.reasons)


def test_a_deep_slack_day_file_is_one_skipped_record(tmp_path: Path, fixture_path: Path) -> None:
    export = shutil.copytree(fixture_path / "slack" / "workspace", tmp_path / "workspace")
    (export / "general" / "2021-03-01.json").write_text(DEEP_JSON)
    assert _skips("slack", export)["JSON nested too deep"] == 1


def test_a_deep_slack_user_list_is_refused(tmp_path: Path, fixture_path: Path) -> None:
    export = shutil.copytree(fixture_path / "slack" / "workspace", tmp_path / "workspace")
    (export / "users.json").write_text(DEEP_JSON)
    with pytest.raises(ExportError, match="users.json: its JSON is nested deeper than wi3 can"):
        _skips("slack", export)


def test_a_deep_mattermost_line_is_one_skipped_record(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    export.write_text('{"type": "version", "version": 1}\n' + DEEP_JSON + "\n")
    assert _skips("mattermost", export) == {"JSON nested too deep": 1}
    export.write_text(DEEP_JSON + "\n")
    with pytest.raises(ExportError, match="does not start with a version line"):
        _skips("mattermost", export)


def test_a_deep_zulip_topic_is_one_skipped_record(tmp_path: Path, fixture_path: Path) -> None:
    archive = shutil.copytree(fixture_path / "zulip" / "archive", tmp_path / "archive")
    (archive / "zulip_json" / "10-general" / "welcome.json").write_text(DEEP_JSON)
    assert _skips("zulip", archive)["JSON nested too deep"] == 1
    (archive / "zulip_json" / "stream_index.json").write_text(DEEP_JSON)
    with pytest.raises(ExportError, match="stream_index.json: its JSON is nested deeper"):
        _skips("zulip", archive)


def test_a_deep_json_line_is_one_skipped_row(tmp_path: Path, fixture_path: Path) -> None:
    rows = tmp_path / "events.jsonl"
    good = (fixture_path / "csv" / "events.jsonl").read_text()
    rows.write_text(good + DEEP_JSON + "\n")
    skips = _skips("csv", rows, fixture_path / "csv" / "events.yaml")
    assert skips["JSON nested too deep"] == 1


# --- XML that declares entities ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("mediawiki", "xxe.xml"),
        ("mediawiki", "laughs.xml"),
        ("stackexchange", "stackexchange-xxe"),
    ],
)
def test_xml_that_declares_entities_is_refused_for_what_it_is(
    hostile: Path, source: str, name: str
) -> None:
    with pytest.raises(ExportError) as caught:
        _skips(source, hostile / name)
    message = str(caught.value)
    assert "the file declares a DTD (<!DOCTYPE" in message
    assert "which wi3 refuses to expand or fetch" in message
    assert "truncated" not in message and "damaged" not in message


def test_a_dtd_declared_after_a_long_prolog_is_refused_too(tmp_path: Path, hostile: Path) -> None:
    text = (hostile / "xxe.xml").read_text()
    prolog, rest = text.split("<!DOCTYPE", 1)
    path = tmp_path / "dump.xml"
    path.write_text(prolog + "<!-- " + "x" * 200_000 + " -->\n<!DOCTYPE" + rest)
    with pytest.raises(ExportError, match="the file declares a DTD"):
        _skips("mediawiki", path)


# --- bounded messages ----------------------------------------------------------------------------


def test_an_error_message_keeps_its_start_and_end_within_the_limit() -> None:
    message = "cannot read x.csv: columns " + "abc, " * 10**6 + "Fix the mapping."
    error = InputError(message)
    assert len(str(error)) < MAX_MESSAGE + 100
    assert str(error).startswith("cannot read x.csv: columns abc, abc")
    assert str(error).endswith("abc, Fix the mapping.")
    assert re.search(r" … \([\d,]+ characters left out\) … ", str(error))


def test_a_short_message_is_left_as_it_is() -> None:
    assert str(InputError("no such file; check the path")) == "no such file; check the path"


def test_listing_names_the_first_ten_and_counts_the_rest() -> None:
    assert listing(["a", "b"]) == "a, b"
    assert listing(map(str, range(1000))) == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9, … (990 more)"


def test_a_survey_export_with_a_million_columns_gets_a_short_message(
    tmp_path: Path, fixture_path: Path
) -> None:
    folder = fixture_path / "survey"
    header = (folder / "forms-export.csv").read_text().splitlines()[0]
    export = tmp_path / "wide.csv"
    export.write_text(header + "".join(f";extra {n}" for n in range(10**6)) + "\n" + "1" + "\n")
    model = load_model()
    mapping = load_mapping(folder / "mapping.yaml", model)
    with pytest.raises(SurveyImportError) as caught:
        read_survey(export, mapping, model)
    message = str(caught.value)
    assert len(message) < 1000
    assert "unknown column(s) 'extra 0', 'extra 1'" in message
    assert "… (999,990 more): the mapping neither maps nor ignores them" in message


# --- CSV fields beyond the csv module's limit ---------------------------------------------------


@pytest.fixture
def field_limit() -> Iterator[int]:
    """The csv module's own limit, which a reader may have raised for the whole process."""
    before = csv.field_size_limit(131_072)
    yield 131_072
    csv.field_size_limit(before)


def test_a_csv_row_with_a_field_over_the_limit_is_skipped(
    tmp_path: Path, fixture_path: Path, field_limit: int
) -> None:
    rows = (fixture_path / "csv" / "gitter" / "Lobby.tsv").read_text().splitlines(keepends=True)
    long = rows[0].rsplit("\t", 1)[0] + "\t" + "x" * (field_limit + 1) + "\n"
    path = tmp_path / "Lobby.tsv"
    path.write_text(rows[0] + long + "".join(rows[1:]))
    mapping = Path(__file__).parents[1] / "docs" / "mappings" / "gitter.yaml"
    read = CONNECTORS["csv"].reader(mapping)
    before, after = Tally(), Tally()
    events = [r for r in read(fixture_path / "csv" / "gitter" / "Lobby.tsv", before)]
    assert [r for r in read(path, after)] == events
    assert after.reasons - before.reasons == {"field longer than 131,072 characters": 1}
    assert after.first_place["field longer than 131,072 characters"] == "Lobby.tsv:2"


def test_a_survey_row_with_a_field_over_the_limit_is_skipped_and_counted(
    tmp_path: Path, fixture_path: Path, field_limit: int
) -> None:
    folder = fixture_path / "survey"
    lines = (folder / "forms-export.csv").read_text().splitlines(keepends=True)
    path = tmp_path / "export.csv"
    path.write_text(
        lines[0] + lines[1] + "9;" + "x" * (field_limit + 1) + "\n" + "".join(lines[2:])
    )
    model = load_model()
    found = read_survey_rows(path, load_mapping(folder / "mapping.yaml", model), model)
    assert found.too_long == (3,)
    assert len(found.responses) == len(lines) - 1


def test_xml_nested_beyond_what_libxml2_reads_is_called_that(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    path.write_text("<mediawiki>" + "<page>" * 5000 + "</page>" * 5000 + "</mediawiki>")
    with pytest.raises(ExportError) as caught:
        _skips("mediawiki", path)
    message = str(caught.value)
    assert "its elements nest more than 2,048 deep at line 1, which no real dump does" in message
    assert "truncated" not in message
