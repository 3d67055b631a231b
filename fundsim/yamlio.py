"""Read YAML keeping the line of every key, so problems can name the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fundsim.errors import InputError, Problem


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
    finally:
        loader.dispose()


def load_yaml(path: Path) -> tuple[Any, Lines]:
    """Parse ``path``; return the data and the line of each key. Raise InputError if unreadable."""
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem(file, "", "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(file, "", "", f"cannot read file: {exc}")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise InputError([Problem(file, where, "", f"broken YAML: {reason}")]) from None
    lines = Lines()
    if node is None:
        return None, lines
    try:
        return _build(node, "", lines, file), lines
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, "", "", f"broken YAML: {exc}")]) from None
