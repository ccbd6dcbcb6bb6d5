"""The house's shape: data flows one way (data/ -> ruleset -> rules -> api), the rules
and the batch runner know nothing of HTTP, the server knows no rule nor the API, no
import circle, and no module grows past what one concept needs."""

from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import eligibility
from eligibility import batch, checks, rules, ruleset

SRC = Path(eligibility.__file__).parent
MAX_MODULE_LINES = 400
WEB = ("litestar", "uvicorn", "starlette", "httptools")


def _modules(package: object) -> list[str]:
    path = package.__path__  # type: ignore[attr-defined]
    prefix = package.__name__ + "."  # type: ignore[attr-defined]
    return [info.name for info in pkgutil.walk_packages(path, prefix)]


FRAMEWORK_FREE = sorted(
    [
        *_modules(rules),
        *_modules(batch),
        *_modules(ruleset),
        *_modules(checks),
        "eligibility.answers",
        "eligibility.errors",
        "eligibility.i18n",
        "eligibility.text",
        "eligibility.settings",
    ]
)


def test_the_walk_finds_every_rule_module() -> None:
    assert {"eligibility.rules.phone", "eligibility.rules.address", "eligibility.batch.local"} <= (
        set(FRAMEWORK_FREE)
    )
    assert len(FRAMEWORK_FREE) >= 20


@pytest.mark.parametrize("module", FRAMEWORK_FREE)
def test_module_imports_no_web_framework(module: str) -> None:
    code = (
        "import sys, importlib\n"
        f"importlib.import_module({module!r})\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {set(WEB)!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", module


def test_the_check_does_catch_a_module_that_imports_the_framework() -> None:
    code = "import sys, eligibility.app\nprint('litestar' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "True"


def test_no_module_is_over_the_size_of_one_concept() -> None:
    sizes = {
        str(path.relative_to(SRC)): len(path.read_text(encoding="utf-8").splitlines())
        for path in SRC.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}


MAX_FUNCTION_LINES = 60


def _code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """A function's lines, its docstring (with its examples) left out."""
    lines = node.end_lineno - node.lineno + 1  # type: ignore[operator]
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        lines -= first.end_lineno - first.lineno + 1  # type: ignore[operator]
    return lines


def test_no_function_grows_past_sixty_lines() -> None:
    long = [
        f"{path.relative_to(SRC)}:{node.name} ({_code_lines(node)})"
        for path in sorted(SRC.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and _code_lines(node) > MAX_FUNCTION_LINES
    ]
    assert long == [], long


# ---------------------------------------------------------------- the direction of imports


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(path): path for path in sorted(SRC.rglob("*.py"))}


def _imported(module: str) -> set[str]:
    """Every ``eligibility`` module that ``module``'s import statements name, at any depth
    (under ``if TYPE_CHECKING:`` and inside functions too); ``from a import b`` names
    ``a.b`` when that is a module, else ``a``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}".rstrip(".")
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {name for name in found if name.split(".")[0] == "eligibility"}


GRAPH: dict[str, set[str]] = {module: _imported(module) for module in MODULES}


def _within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


SERVER_MAY_NOT_IMPORT = tuple(
    f"eligibility.{name}" for name in ("api", "web", "rules", "ruleset", "checks", "batch")
)
WEB_MAY_NOT_IMPORT = ("eligibility.rules", "eligibility.ruleset")


def _forbidden(package: str, banned: tuple[str, ...]) -> dict[str, list[str]]:
    return {
        module: sorted(name for name in imported if _within(name, banned))
        for module, imported in GRAPH.items()
        if _within(module, (package,)) and any(_within(name, banned) for name in imported)
    }


def test_the_import_graph_sees_type_checking_imports() -> None:
    assert "eligibility.server.ratelimit" in GRAPH["eligibility.api.state"]
    assert "eligibility.ruleset" in GRAPH["eligibility.api.state"]
    assert {"eligibility.server", "eligibility.server.state"} <= set(MODULES)


def test_the_server_knows_no_rule_nor_the_api_nor_the_pages() -> None:
    assert _forbidden("eligibility.server", SERVER_MAY_NOT_IMPORT) == {}


def test_the_pages_know_no_rule() -> None:
    assert _forbidden("eligibility.web", WEB_MAY_NOT_IMPORT) == {}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module, or of one that imports
    itself (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in graph.get(node, ()):
                        found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_circle_and_nothing_else() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}, "f": set()}
    assert _cycles(graph) == [["a", "b", "c"], ["e"]]


def test_no_module_imports_itself_back_through_others() -> None:
    assert _cycles(GRAPH) == []


TIMING = re.compile(r"\d+(\.\d+)? ?(µs|us|ms|ns)\b")
"""A measured time: measurements belong in docs/performance.md, where they are dated."""


def _docstrings(tree: ast.Module) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node, clean=False)
            if docstring is not None:
                found.append((node.body[0].lineno, docstring))
        elif (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):  # attribute docstrings
            found.append((node.lineno, node.value.value))
    return sorted(set(found))  # a docstring is also an expression: once each


def test_no_docstring_in_src_states_a_timing() -> None:
    found = [
        f"{path.relative_to(SRC)}:{line}: {match.group(0)}"
        for path in sorted(SRC.rglob("*.py"))
        for line, text in _docstrings(ast.parse(path.read_text(encoding="utf-8")))
        for match in TIMING.finditer(text)
    ]
    assert not found, "timings in docstrings (move them to docs/performance.md):\n" + "\n".join(
        found
    )


def test_the_timing_pattern_catches_a_measurement_and_not_a_setting() -> None:
    tree = ast.parse('"""About 8 µs per call, 2 ms at worst, 3.5us, 40 ns."""\nX = 1\n"""50 ms."""')
    assert [m.group(0) for _, t in _docstrings(tree) for m in TIMING.finditer(t)] == [
        "8 µs", "2 ms", "3.5us", "40 ns", "50 ms",
    ]  # fmt: skip
    assert not TIMING.search("METRICS_FLUSH_SECONDS, 0.25 s, a 15-minute window, terms")


ROOT = SRC.parents[1]
MEASUREMENT = [ROOT / "bench", ROOT / "derive", ROOT / "tools"]


def test_measurement_and_builders_edit_no_import_path_and_import_no_test() -> None:
    found = []
    for path in sorted(p for folder in MEASUREMENT for p in folder.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "sys.path" in text:
            found.append(f"{path.relative_to(ROOT)}: edits sys.path")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [alias.name for alias in getattr(node, "names", [])]
                if any(name == "tests" or name.startswith("tests.") for name in names):
                    found.append(f"{path.relative_to(ROOT)}: imports tests")
    assert not list((ROOT / "scripts").glob("*.py*")), "scripts/ is gone: bench/, derive/, tools/"
    assert not found
