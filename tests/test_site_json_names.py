"""The catalogue site's field table names each field's JSON name as every JSON form writes it,
Protobuf's JSON mapping included (the field's `json:`, else its name), not protoc's default."""

from __future__ import annotations

import re
from pathlib import Path

from stele.site.build import build_site
from stele.source.loader import load_project

CONTRACT = """\
package: demo.names
types:
  Order:
    fields:
      customer_name: {type: string, json: customer}
      sent_at: timestamp
"""


def test_the_field_table_names_the_json_name_written(tmp_path: Path) -> None:
    (tmp_path / "names.yaml").write_text(CONTRACT, "utf-8")
    project = load_project([tmp_path], tmp_path)
    page = build_site(project, "t", None, {})["types/demo.names.Order.html"].decode()
    head = re.findall(r"<th[^>]*>(.*?)</th>", page)
    assert head[3:5] == ["JSON name (JSON Schema, OpenAPI, AsyncAPI, Protobuf JSON)", "Avro name"]
    cells = {
        row[0]: row[3:5]
        for row in (
            re.findall(r"<td[^>]*>(.*?)</td>", tr)
            for tr in re.findall(r"<tr>(.*?)</tr>", page, re.S)
        )
        if row
    }
    assert cells == {
        '<code id="field-customer_name">customer_name</code>': [
            "<code>customer</code>",
            "<code>customer_name</code>",
        ],
        # protoc would derive sentAt; the emitter writes json_name = "sent_at"
        '<code id="field-sent_at">sent_at</code>': [
            "<code>sent_at</code>",
            "<code>sent_at</code>",
        ],
    }
