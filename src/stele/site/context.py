"""What every page builder needs: the project, who refers to what, the artifacts, the sizes."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from stele.ir import ListOf, MapOf, Project, Record, Ref, TypeExpr, Union, named_refs, type_text
from stele.site.html import esc, link
from stele.sizes.model import SizeReport

ARTIFACTS = "artifacts"
# What follows the name of a type, message or service in the name of its generated file.
SUFFIXES = (".message.schema.json", ".schema.json", ".avsc", ".proto", ".json", ".pyi", ".py")


@dataclass(frozen=True)
class Context:
    project: Project
    title: str
    sizes: SizeReport | None
    artifacts: tuple[str, ...]  # artifact paths, relative to the generated output folder
    # type or message name -> (section, name, how) of what refers to it
    referrers: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def type_html(self, t: TypeExpr, root: str) -> str:
        """A type expression with every named type linked to its page."""
        if isinstance(t, Ref):
            return link(root, "types", t.name) if t.name in self.project.types else esc(t.name)
        if isinstance(t, ListOf):
            return f"list&lt;{self.type_html(t.item, root)}&gt;"
        if isinstance(t, MapOf):
            return f"map&lt;string,{self.type_html(t.value, root)}&gt;"
        return f"<code>{esc(type_text(t))}</code>"

    @functools.cached_property
    def _artifact_index(self) -> dict[tuple[str, str], list[str]]:
        """(folder suffix, stem) and ("", dotted prefix of the file name) -> artifact paths."""
        index: dict[tuple[str, str], list[str]] = {}
        for path in self.artifacts:
            parent, _, base = path.rpartition("/")
            stem = next((base[: -len(x)] for x in SUFFIXES if base.endswith(x)), base)
            parts = parent.split("/")
            for i in range(len(parts)):
                index.setdefault(("/".join(parts[i:]), stem), []).append(path)
            dotted = base.split(".")
            for i in range(1, len(dotted)):
                index.setdefault(("", ".".join(dotted[:i])), []).append(path)
        return index

    def artifacts_of(
        self, name: str, package: str, service: bool = False, in_proto: bool = True
    ) -> list[str]:
        """The generated files that hold `name` (a type, message or service of `package`): a
        file named for it in the package's folder, or a file named by its qualified name."""
        local = name[len(package) + 1 :] if name.startswith(package + ".") else name
        folder = "/".join(package.split("."))
        index = self._artifact_index
        found = [
            *index.get((folder, local), []),
            *index.get((folder, local.replace(".", "_")), []),
            *index.get(("", name), []),
        ]
        proto = [
            p for p in index.get((folder, folder.rsplit("/", 1)[-1]), []) if p.endswith(".proto")
        ]
        if in_proto and name.count(".") == package.count(".") + 1:
            found += proto  # a top-level type or a service: in its package's .proto file
        if service:
            found += [p for p in self.artifacts if p.startswith("openapi/")]
        return sorted(set(found))

    def package_artifacts(self, package: str) -> list[str]:
        """Every generated file in the folders of `package`."""
        folder = "/" + "/".join(package.split("."))
        return [p for p in self.artifacts if ("/" + p.rpartition("/")[0]).endswith(folder)]

    def artifact_links(self, paths: list[str], root: str) -> str:
        if not paths:
            return ""
        items = "".join(
            f'<li><a href="{esc(root + ARTIFACTS + "/" + p)}"><code>{esc(p)}</code></a></li>'
            for p in paths
        )
        return f"<h2>Generated artifacts</h2><ul>{items}</ul>"


def referrers(project: Project) -> dict[str, list[tuple[str, str, str]]]:
    """For each type and message, what refers to it: (section, qualified name, how)."""
    refs: dict[str, list[tuple[str, str, str]]] = {}

    def add(target: str, section: str, name: str, how: str) -> None:
        entry = (section, name, how)
        if entry not in refs.setdefault(target, []):
            refs[target].append(entry)

    for t in project.types.values():
        if isinstance(t, Record):
            for f in t.fields:
                for target in named_refs(f.type):
                    add(target, "types", t.name, f"field {f.name}")
                if f.relation is not None:
                    add(f.relation.target, "types", t.name, f"relation {f.relation.name}")
        elif isinstance(t, Union):
            for v in t.variants:
                add(v.type.name, "types", t.name, f"variant {v.name}")
    for m in project.messages.values():
        add(m.body.name, "messages", m.name, "body")
    for c in project.channels.values():
        for name in c.messages:
            add(name, "channels", c.name, "carries")
    for op in project.operations():
        pairs: tuple[tuple[str | None, str], ...] = (
            (op.request, "request"),
            (op.response, "response"),
            (op.message, "message"),
            (op.reply, "reply"),
        )
        for wanted, how in pairs:
            if wanted is not None:
                add(wanted, "services", op.service, f"{op.name} {how}")
        for name in (*op.uses.sends, *op.uses.publishes):
            add(name, "services", op.service, f"{op.name} sends")
    return refs
