"""Read YAML keeping the line of every key, so problems can name the line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from fundsim.base.errors import InputError, Problem


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
                                          f"a key must be a plain name, got {key!r}")])
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
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem(file, "", "", f"cannot read file: {exc}")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
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
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        return None if node is None else _build(node, "", Lines(), "--set")
    except (yaml.YAMLError, InputError):
        return text
