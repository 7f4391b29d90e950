"""Code shape of analysis/ and dashboard/: longest functions and classes, complexity (ruff C901)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("analysis", "dashboard")
FUNCTION_LIMIT = 60
CLASS_LIMIT = 300
COMPLEXITY_LIMIT = 15


def sources(root: Path = ROOT) -> list[Path]:
    """Every Python file of the measured packages (module files too, e.g. ui.py before the move)."""
    found = [p for pkg in PACKAGES for p in sorted((root / pkg).rglob("*.py"))]
    return found + [p for p in (root / "ui.py",) if p.exists()]


def spans(path: Path, root: Path = ROOT) -> list[tuple[str, str, int]]:
    """(kind, qualified name, lines) of every function and class in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(root).as_posix()
    found: list[tuple[str, str, int]] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                kind = "class" if isinstance(child, ast.ClassDef) else "function"
                name = f"{prefix}{child.name}"
                found.append((kind, f"{rel}:{name}", child.end_lineno - child.lineno + 1))
                walk(child, name + ".")
            else:
                walk(child, prefix)

    walk(tree, "")
    return found


def complexities(root: Path = ROOT) -> list[tuple[str, int]]:
    """(function, cyclomatic complexity) as ruff's mccabe counts it, highest first."""
    targets = [str(p.relative_to(root)) for p in sources(root)]
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--select", "C901", "--output-format", "concise"]
        + ["--config", "lint.mccabe.max-complexity=0", "--no-cache", *targets],
        capture_output=True,
        text=True,
        cwd=root,
    )
    pattern = re.compile(r"^(\S+?):\d+:\d+: C901 `(\S+)` is too complex \((\d+) > 0\)")
    found = [
        (f"{m[1]}:{m[2]}", int(m[3])) for m in map(pattern.match, done.stdout.splitlines()) if m
    ]
    return sorted(found, key=lambda item: -item[1])


def report(root: Path = ROOT) -> dict[str, object]:
    """The figures the layout issue asks for, before and after."""
    items = [s for path in sources(root) for s in spans(path, root)]
    functions = sorted((s for s in items if s[0] == "function"), key=lambda s: -s[2])
    classes = sorted((s for s in items if s[0] == "class"), key=lambda s: -s[2])
    ranked = complexities(root)
    return {
        "longest_functions": [(name, n) for _, name, n in functions[:5]],
        "longest_classes": [(name, n) for _, name, n in classes[:3]],
        "functions_over_40_lines": sum(1 for s in functions if s[2] > 40),
        f"functions_over_{FUNCTION_LIMIT}_lines": sum(
            1 for s in functions if s[2] > FUNCTION_LIMIT
        ),
        f"classes_over_{CLASS_LIMIT}_lines": sum(1 for s in classes if s[2] > CLASS_LIMIT),
        "complexity_max": ranked[:3],
        f"functions_over_complexity_{COMPLEXITY_LIMIT}": sum(
            1 for _, c in ranked if c > COMPLEXITY_LIMIT
        ),
    }


if __name__ == "__main__":
    print(json.dumps(report(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT), indent=1))
