"""The GraphQL rule catalogue: one rule per change type of graphql-core's `find_breaking_changes`
(errors) and `find_dangerous_changes` (warnings), with graphql-inspector's change names as
equivalents. Each rule's example is its case files under tests/compat_cases/graphql/.

Directions: BACKWARD = clients of the old schema against the new server; FORWARD = clients of
the new schema against the old server (a rollback, or a client released before the server).
"""

from __future__ import annotations

from dataclasses import dataclass

from stele.compat.model import Direction, Rule
from stele.compat.ruledoc import doc, old_new
from stele.diagnostics import Severity

BOTH = (Direction.BACKWARD, Direction.FORWARD)


@dataclass(frozen=True)
class Spec:
    change: str  # graphql-core's BreakingChangeType / DangerousChangeType name
    id: str
    inspector: str  # graphql-inspector's change name
    summary: str
    why: str
    old: str  # the failing example (also the `fail-example` case)
    new: str
    good: str  # a compatible new schema (the `pass-example` case)
    instead: str


Q = "type Query { order: Order }\n"
ORDER = "type Order {\n  id: ID!\n  note: String\n}\n"
ORDER_ID = "type Order {\n  id: ID!\n}\n"
STATE = "enum State {\n  OPEN\n  CLOSED\n}\n"
STATE_OPEN = "enum State {\n  OPEN\n}\n"
QS = "type Query { orders(state: State): [ID!]! }\n"
QA = "type Query { orders(first: Int): [ID!]! }\n"
QI = "type Query { place(input: NewOrder!): ID }\n"
NEW_ORDER = "input NewOrder {\n  id: ID!\n}\n"
UNION2 = "union Payment = Card | Cash\ntype Card { last4: String }\ntype Cash { change: Int }\n"
UNION1 = "union Payment = Card\ntype Card { last4: String }\ntype Cash { change: Int }\n"
QP = "type Query { payment: Payment }\n"
NODE = "interface Node { id: ID! }\n"
ON = "type Query { order: Order }\ntype Order implements Node { id: ID! }\n"
OFF = "type Query { order: Order }\ntype Order { id: ID! }\n"
DIR = "directive @cost(weight: Int) on FIELD_DEFINITION\ntype Query { a: Int @cost(weight: 1) }\n"

BREAKING = (
    Spec(
        "TYPE_REMOVED",
        "graphql-type-removed",
        "TYPE_REMOVED",
        "A type was removed.",
        "Queries that name the type in a fragment or a variable no longer validate.",
        Q + ORDER + "type Extra { a: Int }\n",
        Q + ORDER,
        Q + ORDER + "type Extra { a: Int }\n",
        "Keep the type; deprecate the fields that return it, and remove it in a major version.",
    ),
    Spec(
        "TYPE_CHANGED_KIND",
        "graphql-type-kind-changed",
        "TYPE_KIND_CHANGED",
        "A type changed kind (an object became an interface, a scalar an enum, ...).",
        "Selections and fragments written for one kind are invalid for the other.",
        Q + ORDER,
        "type Query { order: Order }\ninterface Order { id: ID! }\n",
        Q + ORDER,
        "Add a new type of the new kind next to the old one.",
    ),
    Spec(
        "TYPE_REMOVED_FROM_UNION",
        "graphql-union-member-removed",
        "UNION_MEMBER_REMOVED",
        "A member was removed from a union.",
        "Fragments on the removed member no longer validate, and clients expect it.",
        QP + UNION2,
        QP + UNION1,
        QP + UNION2,
        "Keep the member; stop returning it before removing it in a major version.",
    ),
    Spec(
        "VALUE_REMOVED_FROM_ENUM",
        "graphql-enum-value-removed",
        "ENUM_VALUE_REMOVED",
        "A value was removed from an enum.",
        "Clients that send the value fail validation; clients that read it stop seeing it.",
        QS + STATE,
        QS + STATE_OPEN,
        QS + STATE.replace("CLOSED", "CLOSED @deprecated"),
        "Deprecate the value (`@deprecated`) instead of removing it.",
    ),
    Spec(
        "REQUIRED_INPUT_FIELD_ADDED",
        "graphql-required-input-field-added",
        "INPUT_FIELD_ADDED",
        "A non-null input field without a default was added.",
        "Existing clients do not send the field, so their input no longer validates.",
        QI + NEW_ORDER,
        QI + NEW_ORDER.replace("}", "  note: String!\n}"),
        QI + NEW_ORDER.replace("}", "  note: String\n}"),
        "Make the new input field nullable, or give it a default value.",
    ),
    Spec(
        "IMPLEMENTED_INTERFACE_REMOVED",
        "graphql-interface-removed",
        "OBJECT_TYPE_INTERFACE_REMOVED",
        "An object type no longer implements an interface.",
        "Fragments on the interface no longer select fields of the type.",
        NODE + ON,
        NODE + OFF,
        NODE + ON,
        "Keep the interface on the type.",
    ),
    Spec(
        "FIELD_REMOVED",
        "graphql-field-removed",
        "FIELD_REMOVED",
        "A field was removed from an object, interface or input type.",
        "Queries that select the field no longer validate.",
        Q + ORDER,
        Q + ORDER_ID,
        Q + ORDER.replace("String", 'String @deprecated(reason: "x")'),
        "Deprecate the field with `@deprecated(reason:)` and remove it once no client asks.",
    ),
    Spec(
        "FIELD_CHANGED_KIND",
        "graphql-field-type-changed",
        "FIELD_TYPE_CHANGED",
        "A field changed its type in a way clients notice.",
        "Clients read values of the old type: a field that became nullable can now be null, a "
        "changed named type has other subfields.",
        Q + ORDER,
        Q + ORDER.replace("ID!", "ID"),
        Q + ORDER.replace("String", "String!"),
        "Add a field with the new type and deprecate the old one.",
    ),
    Spec(
        "REQUIRED_ARG_ADDED",
        "graphql-required-argument-added",
        "FIELD_ARGUMENT_ADDED",
        "A non-null argument without a default was added to a field.",
        "Existing queries do not pass the argument and no longer validate.",
        QA,
        QA.replace("first: Int", "first: Int, after: ID!"),
        QA.replace("first: Int", "first: Int, after: ID"),
        "Make the argument nullable or give it a default value.",
    ),
    Spec(
        "ARG_REMOVED",
        "graphql-argument-removed",
        "FIELD_ARGUMENT_REMOVED",
        "An argument was removed from a field.",
        "Queries that pass the argument no longer validate.",
        QA,
        QA.replace("(first: Int)", ""),
        QA.replace("Int", "Int @deprecated"),
        "Deprecate the argument and ignore it before removing it.",
    ),
    Spec(
        "ARG_CHANGED_KIND",
        "graphql-argument-type-changed",
        "FIELD_ARGUMENT_TYPE_CHANGED",
        "An argument changed its type in a way clients notice.",
        "Variables and literals of the old type no longer validate.",
        QA,
        QA.replace("Int", "String"),
        QA.replace("Int", "Int = 10"),
        "Add an argument with the new type; deprecate the old one.",
    ),
    Spec(
        "DIRECTIVE_REMOVED",
        "graphql-directive-removed",
        "DIRECTIVE_REMOVED",
        "A directive was removed.",
        "Documents that use the directive no longer validate.",
        DIR,
        "type Query { a: Int }\n",
        DIR,
        "Keep the directive definition.",
    ),
    Spec(
        "DIRECTIVE_ARG_REMOVED",
        "graphql-directive-argument-removed",
        "DIRECTIVE_ARGUMENT_REMOVED",
        "An argument was removed from a directive.",
        "Documents that pass the argument no longer validate.",
        DIR,
        DIR.replace("(weight: Int)", "").replace("(weight: 1)", ""),
        DIR.replace("weight: Int)", "weight: Int, by: String)"),
        "Keep the argument.",
    ),
    Spec(
        "REQUIRED_DIRECTIVE_ARG_ADDED",
        "graphql-required-directive-argument-added",
        "DIRECTIVE_ARGUMENT_ADDED",
        "A non-null argument without a default was added to a directive.",
        "Documents that use the directive without it no longer validate.",
        DIR,
        DIR.replace("weight: Int)", "weight: Int, by: String!)").replace(
            "(weight: 1)", '(weight: 1, by: "x")'
        ),
        DIR.replace("weight: Int)", "weight: Int, by: String)"),
        "Make the directive argument nullable or give it a default.",
    ),
    Spec(
        "DIRECTIVE_REPEATABLE_REMOVED",
        "graphql-directive-repeatable-removed",
        "DIRECTIVE_REPEATABLE_REMOVED",
        "A directive is no longer repeatable.",
        "Documents that repeat it at one location no longer validate.",
        DIR.replace(" on ", " repeatable on "),
        DIR,
        DIR.replace(" on ", " repeatable on "),
        "Keep the directive repeatable.",
    ),
    Spec(
        "DIRECTIVE_LOCATION_REMOVED",
        "graphql-directive-location-removed",
        "DIRECTIVE_LOCATION_REMOVED",
        "A directive can no longer be used at a location.",
        "Documents that use the directive there no longer validate.",
        DIR.replace("FIELD_DEFINITION", "FIELD_DEFINITION | OBJECT"),
        DIR,
        DIR.replace("FIELD_DEFINITION", "FIELD_DEFINITION | OBJECT | ENUM"),
        "Keep the location.",
    ),
)

DANGEROUS = (
    Spec(
        "VALUE_ADDED_TO_ENUM",
        "graphql-enum-value-added",
        "ENUM_VALUE_ADDED",
        "A value was added to an enum.",
        "Clients that switch over the enum's values meet one they do not handle.",
        QS + STATE_OPEN,
        QS + STATE,
        QS + STATE_OPEN,
        "Make sure clients have a default branch before the server returns the new value.",
    ),
    Spec(
        "TYPE_ADDED_TO_UNION",
        "graphql-union-member-added",
        "UNION_MEMBER_ADDED",
        "A member was added to a union.",
        "Clients select fields of the members they know; a value of the new member comes back "
        "with only `__typename`.",
        QP + UNION1,
        QP + UNION2,
        QP + UNION1,
        "Make sure clients ignore members they do not know before the server returns it.",
    ),
    Spec(
        "OPTIONAL_INPUT_FIELD_ADDED",
        "graphql-optional-input-field-added",
        "INPUT_FIELD_ADDED",
        "A nullable input field (or one with a default) was added.",
        "Existing clients do not send it; the server must treat its absence as before.",
        QI + NEW_ORDER,
        QI + NEW_ORDER.replace("}", "  note: String\n}"),
        QI + NEW_ORDER,
        "Treat an absent field as the old behaviour.",
    ),
    Spec(
        "OPTIONAL_ARG_ADDED",
        "graphql-optional-argument-added",
        "FIELD_ARGUMENT_ADDED",
        "A nullable argument (or one with a default) was added to a field.",
        "Existing queries do not pass it; the field must answer them as before.",
        QA,
        QA.replace("first: Int", "first: Int, after: ID"),
        QA,
        "Treat an absent argument as the old behaviour.",
    ),
    Spec(
        "IMPLEMENTED_INTERFACE_ADDED",
        "graphql-interface-added",
        "OBJECT_TYPE_INTERFACE_ADDED",
        "An object type implements a new interface.",
        "Fragments on the interface now match the type: results of existing queries can grow.",
        NODE + OFF,
        NODE + ON,
        NODE + OFF,
        "Check the queries that spread fragments on the interface.",
    ),
    Spec(
        "ARG_DEFAULT_VALUE_CHANGE",
        "graphql-argument-default-changed",
        "FIELD_ARGUMENT_DEFAULT_CHANGED",
        "An argument's default value changed.",
        "Queries that leave the argument out now get another answer.",
        QA.replace("Int", "Int = 10"),
        QA.replace("Int", "Int = 20"),
        QA.replace("Int", "Int = 10"),
        "Add an argument instead of changing what an absent one means.",
    ),
    Spec(
        "INPUT_FIELD_DEFAULT_VALUE_CHANGE",
        "graphql-input-field-default-changed",
        "INPUT_FIELD_DEFAULT_VALUE_CHANGED",
        "An input field's default value changed.",
        "Inputs that leave the field out now mean something else.",
        QI + "input NewOrder {\n  size: Int = 1\n}\n",
        QI + "input NewOrder {\n  size: Int = 2\n}\n",
        QI + "input NewOrder {\n  size: Int = 1\n}\n",
        "Add an input field instead of changing what an absent one means.",
    ),
)


# The message catalogue: graphql-core's descriptions of its changes (as graphql-core 3.3 words
# them), by change type and variant. The checker reads a description's values (the type, field,
# argument, old and new values) by matching it against these templates and renders the message
# back from them; a description no template matches (another graphql-core version's wording) is
# told as it is, in the `graphql-core` variant.
_TYPE_FIELD = "{type}.{field}"
_ARGUMENT = _TYPE_FIELD + "({argument}:)"
_DIRECTIVE_ARGUMENT = "@{directive}({argument}:)"
MESSAGES: dict[str, dict[str, str]] = {
    "TYPE_REMOVED": {"": "{type} was removed."},
    "TYPE_CHANGED_KIND": {"": "{type} changed from {old} to {new}."},
    "TYPE_REMOVED_FROM_UNION": {"": "{member} was removed from union type {union}."},
    "VALUE_REMOVED_FROM_ENUM": {"": "Enum value {enum}.{value} was removed."},
    "REQUIRED_INPUT_FIELD_ADDED": {"": f"A required field {_TYPE_FIELD} was added."},
    "IMPLEMENTED_INTERFACE_REMOVED": {"": "{type} no longer implements interface {interface}."},
    "FIELD_REMOVED": {"": f"Field {_TYPE_FIELD} was removed."},
    "FIELD_CHANGED_KIND": {"": f"Field {_TYPE_FIELD} changed type from {{old}} to {{new}}."},
    "REQUIRED_ARG_ADDED": {"": f"A required argument {_ARGUMENT} was added."},
    "ARG_REMOVED": {"": f"Argument {_ARGUMENT} was removed."},
    "ARG_CHANGED_KIND": {
        "": f"Argument {_ARGUMENT} has changed type from {{old}} to {{new}}.",
        "directive": f"Argument {_DIRECTIVE_ARGUMENT} has changed type from {{old}} to {{new}}.",
    },
    "DIRECTIVE_REMOVED": {"": "Directive @{directive} was removed."},
    "DIRECTIVE_ARG_REMOVED": {"": f"Argument {_DIRECTIVE_ARGUMENT} was removed."},
    "REQUIRED_DIRECTIVE_ARG_ADDED": {"": f"A required argument {_DIRECTIVE_ARGUMENT} was added."},
    "DIRECTIVE_REPEATABLE_REMOVED": {"": "Repeatable flag was removed from @{directive}."},
    "DIRECTIVE_LOCATION_REMOVED": {"": "{location} was removed from @{directive}."},
    "VALUE_ADDED_TO_ENUM": {"": "Enum value {enum}.{value} was added."},
    "TYPE_ADDED_TO_UNION": {"": "{member} was added to union type {union}."},
    "OPTIONAL_INPUT_FIELD_ADDED": {"": f"An optional field {_TYPE_FIELD} was added."},
    "OPTIONAL_ARG_ADDED": {"": f"An optional argument {_ARGUMENT} was added."},
    "IMPLEMENTED_INTERFACE_ADDED": {"": "{interface} added to interfaces implemented by {type}."},
    "ARG_DEFAULT_VALUE_CHANGE": {
        "": f"{_ARGUMENT} has changed defaultValue from {{old}} to {{new}}.",
        "removed": f"{_ARGUMENT} defaultValue was removed.",
        "directive": f"{_DIRECTIVE_ARGUMENT} has changed defaultValue from {{old}} to {{new}}.",
        "directive-removed": f"{_DIRECTIVE_ARGUMENT} defaultValue was removed.",
    },
    "INPUT_FIELD_DEFAULT_VALUE_CHANGE": {
        "": f"{_TYPE_FIELD} has changed defaultValue from {{old}} to {{new}}.",
        "removed": f"{_TYPE_FIELD} defaultValue was removed.",
    },
}
AS_DESCRIBED = "graphql-core"  # the variant of a description no template matches
GOING_BACK = "going back from the new schema to the old one: "  # the frame of a FORWARD finding


def _doc(s: Spec) -> str:
    return doc(
        f"graphql-core's `{s.change}`: {s.summary[0].lower()}{s.summary[1:]}",
        s.why,
        old_new("graphql", s.old.removesuffix("\n"), s.new.removesuffix("\n")),
        s.instead,
    )


def _rule(s: Spec, severity: Severity) -> Rule:
    equivalents = {"graphql-core": s.change, "graphql-inspector": s.inspector}
    messages = {**MESSAGES[s.change], AS_DESCRIBED: "{description}"}
    return Rule(s.id, "graphql", severity, s.summary, _doc(s), BOTH, equivalents, (), messages)


RULES: tuple[Rule, ...] = tuple(
    [_rule(s, Severity.ERROR) for s in BREAKING] + [_rule(s, Severity.WARNING) for s in DANGEROUS]
)
BY_CHANGE: dict[str, Rule] = {
    s.change: r for s, r in zip((*BREAKING, *DANGEROUS), RULES, strict=True)
}
EXAMPLES: dict[str, Spec] = {s.id: s for s in (*BREAKING, *DANGEROUS)}
