"""Reading YAML safely: a size limit, no aliases, syntax errors with their line, and a map
from each path in the document to the line it starts on."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .messages import _
from .reader import INVALID, Problems, at, join
from .spec import MAX_FILE_BYTES


class _AliasFound(yaml.MarkedYAMLError):
    pass


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing aliases.

    An alias lets a few lines expand into an exponentially large document ("billion
    laughs") and a recursive anchor makes a cycle; a campaign file has no use for either.
    """

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasFound(problem="alias", problem_mark=event.start_mark)
        return super().compose_node(parent, index)  # type: ignore[no-any-return]

    def construct_lenient_timestamp(self, node: ScalarNode) -> Any:
        """An unquoted date that is not in the calendar (2024-02-30) stays text, so the
        reader reports it at its path and line instead of the YAML library raising."""
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_lenient_timestamp)


def read_yaml(text: str, problems: Problems) -> Any:
    """The document in ``text``, or ``INVALID`` after recording why it cannot be read."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_FILE_BYTES:
        problems.add(
            "",
            _("The file is %(size)s bytes; a campaign file may be at most %(limit)s bytes.")
            % {"size": size, "limit": MAX_FILE_BYTES},
        )
        return INVALID
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            problems.add("", _("The file is empty."))
            return INVALID
        lines, duplicates = _line_map(node)
        problems.lines = lines
        for path, key, key_line in duplicates:
            problems.add(
                path,
                _("The key '%(key)s' appears twice here; keep one.") % {"key": key},
                line=key_line,
            )
        return loader.construct_document(node)
    except _AliasFound as error:
        line = _line_of(error)
        problems.add(
            "",
            _("YAML aliases (*name) are not allowed in a campaign file: line %(line)s.")
            % {"line": line},
            line=line,
        )
    except yaml.MarkedYAMLError as error:
        line = _line_of(error)
        column = error.problem_mark.column + 1 if error.problem_mark else None
        problems.add(
            "",
            _("YAML syntax error at line %(line)s, column %(column)s: %(problem)s.")
            % {"line": line, "column": column, "problem": error.problem or error.context},
            line=line,
        )
    except yaml.YAMLError as error:  # e.g. a character YAML does not allow
        problems.add("", _("The file is not valid YAML: %(error)s.") % {"error": error})
    except RecursionError:
        problems.add("", _("The file is nested too deeply to read."))
    finally:
        loader.dispose()
    return INVALID


def _line_of(error: yaml.MarkedYAMLError) -> int | None:
    mark = error.problem_mark or error.context_mark
    return mark.line + 1 if mark is not None else None


def _line_map(root: Node) -> tuple[dict[str, int], list[tuple[str, str, int]]]:
    """Line of every path in the document, and the (path, key, line) of each repeated key.

    Iterative, so a deep document cannot exhaust the stack here.
    """
    lines: dict[str, int] = {"": root.start_mark.line + 1}
    duplicates: list[tuple[str, str, int]] = []
    stack: list[tuple[str, Node]] = [("", root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    continue
                key = str(key_node.value)
                child = join(path, key)
                if key in seen:
                    duplicates.append((child, key, key_node.start_mark.line + 1))
                seen.add(key)
                lines.setdefault(child, key_node.start_mark.line + 1)
                stack.append((child, value_node))
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                child = at(path, index)
                lines[child] = item.start_mark.line + 1
                stack.append((child, item))
    return lines, duplicates
