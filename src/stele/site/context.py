"""What every page builder needs: the project, who refers to what, the artifacts, the sizes."""

from __future__ import annotations

from dataclasses import dataclass, field

from stele.emit.protobuf import proto_path
from stele.ir import ListOf, MapOf, Project, Record, Ref, TypeExpr, Union, named_refs, type_text
from stele.site.html import esc, link
from stele.sizes.model import SizeReport

ARTIFACTS = "artifacts"


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

    def artifacts_of(self, name: str, package: str, service: bool = False) -> list[str]:
        """The generated files that hold `name` (a type, message or service of `package`)."""
        local = name[len(package) + 1 :].replace(".", "_") if name.startswith(package) else name
        folder = "/".join(package.split("."))
        found = []
        for path in self.artifacts:
            parent, _, base = path.rpartition("/")
            stem = base.split(".", 1)[0]
            if (parent.endswith("/" + folder) and stem == local) or base.startswith(name + "."):
                found.append(path)
        if service:
            found += [p for p in self.artifacts if p.endswith(proto_path(package))]
            found += [p for p in self.artifacts if p.startswith("openapi/")]
        return sorted(set(found))

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
