"""Read YAML keeping the line of every key, so problems can name the line.

Every YAML fundsim reads is bounded: at most :data:`MAX_DEPTH` levels of nesting and
:data:`MAX_NODES` values once its aliases are expanded, and no alias inside the collection it
names. A "billion laughs" file, a recursive alias or a 600-deep nesting is refused with the
line where it goes wrong, in a few milliseconds, never a hang or a RecursionError.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from fundsim.base.errors import InputError, Problem, excerpt

#: Deepest nesting of mappings and lists, counted through aliases (fundsim's files use < 10).
MAX_DEPTH = 50
#: Most values (keys, scalars, collections) a file may expand to through its aliases.
MAX_NODES = 100_000


class Refused(yaml.MarkedYAMLError):
    """YAML that is valid but too big, too deep or recursive for fundsim to read."""


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader with a composer that refuses nesting deeper than :data:`MAX_DEPTH`
    before descending (PyYAML's composer recurses: 600 levels exhaust Python's stack)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        nests = isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent)
        if nests and self._depth >= MAX_DEPTH:
            raise Refused(problem=f"nested deeper than {MAX_DEPTH} levels",
                          problem_mark=event.start_mark)
        self._depth += nests
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= nests


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def check_bounds(root: yaml.Node) -> None:
    """Raise :class:`Refused` for a node graph that is cyclic (a recursive alias), nests deeper
    than :data:`MAX_DEPTH` or expands to more than :data:`MAX_NODES` values. Iterative, and
    linear in the distinct nodes: an alias is measured once, however often it is used."""
    measured: dict[int, tuple[int, int]] = {}  # id → (values expanded, levels of nesting)
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, list[yaml.Node] | None]] = [(root, None)]
    scalar = (1, 0)
    while stack:
        node, kids = stack.pop()
        key = id(node)
        if kids is not None:  # closing: every kid is measured
            open_.discard(key)
            size, depth = 1, 0
            for kid in kids:
                kid_size, kid_depth = measured[id(kid)]
                size += kid_size
                depth = max(depth, kid_depth)
            measured[key] = (size, depth + 1)
            if depth + 1 > MAX_DEPTH:
                raise Refused(problem=f"nested deeper than {MAX_DEPTH} levels",
                              problem_mark=node.start_mark)
            if size > MAX_NODES:
                why = ("too many aliases: this expands to" if size > len(measured)
                       else "too large: this holds")
                raise Refused(problem=f"{why} more than {MAX_NODES:,} values",
                              problem_mark=node.start_mark)
            continue
        if key in measured:
            continue
        if key in open_:
            raise Refused(problem="a recursive alias: this collection contains itself",
                          problem_mark=node.start_mark)
        children = _children(node)
        if not children and not isinstance(node, yaml.CollectionNode):
            measured[key] = scalar
            continue
        open_.add(key)
        stack.append((node, children))
        stack.extend((kid, None) for kid in reversed(children) if id(kid) not in measured)


def _compose(text: str, fast: bool = False) -> yaml.Node | None:
    """The node graph of ``text``, bounded; ``fast`` composes with libyaml where PyYAML has it
    (whose own parser refuses nesting deeper than it can hold)."""
    loader_type = getattr(yaml, "CSafeLoader", _BoundedLoader) if fast else _BoundedLoader
    loader = loader_type(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is not None:
        check_bounds(node)
    return node


def load_text(text: str, file: str, fast: bool = False) -> Any:
    """Parse YAML ``text`` into plain data, bounded like every file (``fast``: by libyaml,
    for fundsim's own run records); InputError naming ``file`` and the line otherwise."""
    try:
        node = _compose(text, fast)
        if node is None:
            return None
        loader = yaml.SafeLoader("")
        try:
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except Refused as exc:
        raise InputError([_refused(file, exc)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, *_yaml_error(exc, text))]) from None
    except ValueError as exc:  # a date that is none: 2021-13-01
        raise InputError([Problem(file, "", "", f"does not read: {excerpt(exc)}")]) from None


def _refused(file: str, exc: Refused) -> Problem:
    mark = exc.problem_mark
    return Problem(file, f"line {mark.line + 1}" if mark else "", "", str(exc.problem))


class Lines(dict):
    """Maps a dotted key path (e.g. ``reform.policy.returns.ratio.sme``) to its 1-based line."""

    def of(self, *parts: object) -> str:
        """'line N' for the deepest known prefix of ``parts``, or ''."""
        keys = [str(p) for p in parts]
        while keys:
            line = self.get(".".join(keys))
            if line:
                return f"line {line}"
            keys.pop()
        return ""


def _build(node: yaml.Node, prefix: str, lines: Lines, file: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if isinstance(key, list | dict):  # a YAML complex key: never a fundsim key
                raise InputError([Problem(file, f"line {key_node.start_mark.line + 1}", prefix,
                                          f"a key must be a plain name, got {excerpt(repr(key))}")])
            dotted = f"{prefix}.{key}" if prefix else str(key)
            if key in out:
                raise InputError(
                    [Problem(file, f"line {key_node.start_mark.line + 1}", str(dotted),
                             "key appears twice")]
                )
            lines[dotted] = key_node.start_mark.line + 1
            out[key] = _build(value_node, dotted, lines, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, f"{prefix}.{i}", lines, file) for i, v in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        # A plain scalar that looks like a date but is none (2021-13-01, 2021-02-30): keep the
        # text, so that the key it belongs to can say what is wrong, with its line.
        if isinstance(node, yaml.ScalarNode):
            return node.value
        raise
    finally:
        loader.dispose()


def load_yaml(path: Path) -> tuple[Any, Lines]:
    """Parse ``path``; return the data and the line of each key. Raise InputError if unreadable."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem(file, "", "", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise InputError([Problem(file, "", "", f"not a YAML file: not UTF-8 text (byte "
                                  f"0x{exc.object[exc.start]:02x} at position {exc.start})")]
                         ) from None
    except OSError as exc:
        raise InputError([Problem(file, "", "", f"cannot read file: {exc.strerror or exc}")]
                         ) from None
    try:
        node = _compose(text)
    except Refused as exc:
        raise InputError([_refused(file, exc)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, *_yaml_error(exc, text))]) from None
    lines = Lines()
    if node is None:
        return None, lines
    try:
        return _build(node, "", lines, file), lines
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, *_yaml_error(exc, text))]) from None


def _yaml_error(exc: yaml.YAMLError, text: str) -> tuple[str, str, str]:
    """(where, field, message) for a YAML syntax error: the line, what, and inside what."""
    last_line = max(1, len(text.rstrip().splitlines()))
    mark = getattr(exc, "problem_mark", None)
    # at the end of the file PyYAML points one line past the last one: name the last line
    where = f"line {min(mark.line + 1, last_line)}" if mark else ""
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark:
        reason += f" ({context} that starts on line {context_mark.line + 1})"
    elif context:
        reason += f" ({context})"
    return where, "", f"broken YAML: {reason}"


def parse_value(text: str) -> Any:
    """A ``--set`` value as YAML (``0.8``, ``true``, ``{2021-01-01: 0.8}``); bad YAML stays text.

    Date-like keys that are no dates (2021-13-01) stay text, as in files, so the check of the
    key can say what is wrong.
    """
    if _EXPONENT.match(text.strip()):  # 1e-09: a number, though YAML 1.1 wants 1.0e-09
        return float(text)
    try:
        node = _compose(text)
        return None if node is None else _build(node, "", Lines(), "--set")
    except (yaml.YAMLError, InputError):
        return text


#: A number in scientific notation without a decimal point, which YAML 1.1 reads as text.
_EXPONENT = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$")
