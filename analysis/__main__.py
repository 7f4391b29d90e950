"""The command line: articles, extract, ingest, evaluate and chart (DESIGN.md section 2)."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import audit, settings
from analysis.load import Article, LoadProblem, parse_column_map
from analysis.load.problems import shown
from analysis.progress import progress_bar
from analysis.reference import ReferenceDataError
from analysis.settings import STORE_DIR
from analysis.store import StoreError

if TYPE_CHECKING:
    from analysis.query.filters import Filters
    from analysis.store import Store

PROG = "syria-dash"


class Problems:
    """Collects load problems and prints each as one line on stderr: inputs rejected apart
    from warnings about inputs that were kept."""

    def __init__(self) -> None:
        self.count = 0
        self.warnings = 0

    @property
    def rejected(self) -> int:
        return self.count - self.warnings

    def __call__(self, problem: LoadProblem) -> None:
        self.count += 1
        self.warnings += problem.warning
        print(f"{PROG}: {'warning: ' if problem.warning else ''}{problem}", file=sys.stderr)

    def summary(self) -> str:
        """'N input(s) rejected, M warning(s) (reasons above)'."""
        return f"{self.rejected} input(s) rejected, {self.warnings} warning(s) (reasons above)"


def parse_map(spec: str | None) -> dict[str, str] | None:
    """`--map text=body,title=headline` → {"text": "body", "title": "headline"}."""
    if not spec:
        return None
    try:
        return parse_column_map(spec)
    except ValueError as error:
        raise SystemExit(f"{PROG}: --map: {error}") from None


def read_articles(
    args: argparse.Namespace, problems: Problems, duplicates: list[Article] | None = None
) -> list[Article]:
    from analysis.load import load_articles

    found = load_articles(
        args.paths,
        column_map=parse_map(args.map),
        on_problem=problems,
        on_duplicate=None if duplicates is None else duplicates.append,
    )
    return list(found)


def write_output(data: bytes, out: str | None) -> None:
    if out in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    from analysis.render.export import write_export

    write_export(Path(out), data)


def jsonl_bytes(records: Iterator[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def audit_event(store: str, action: str, target: str, **details: object) -> None:
    """One line in the store's audit log, as `cli:<os user>`; a log that cannot be written
    is one line on stderr, and the command's own outcome stands."""
    try:
        audit.record(store, audit.cli_user(), action, target, **details)
    except OSError as error:
        print(
            f"{PROG}: audit log {audit.log_path(store)}: {error.strerror or error}", file=sys.stderr
        )


def nothing_read(problems: Problems, found: int) -> int:
    """Exit status: non-zero only when nothing could be read and something was wrong."""
    return 1 if found == 0 and problems.count else 0


def cmd_articles(args: argparse.Namespace) -> int:
    problems = Problems()
    articles = read_articles(args, problems)
    write_output(jsonl_bytes(a.to_record() for a in articles), args.out)
    return nothing_read(problems, len(articles))


def cmd_extract(args: argparse.Namespace) -> int:
    from analysis.pipeline import extract, statement_records

    problems = Problems()
    articles = read_articles(args, problems)
    with progress_bar("extracting") as show:
        statements, _ = extract(
            articles,
            progress=(lambda done: show(done, len(articles))) if show else None,
            on_notice=lambda notice: print(f"{PROG}: warning: {notice}", file=sys.stderr),
        )
    if args.format == "jsonl":
        data = jsonl_bytes(statement_records(statements))
    elif args.format == "csv":
        from analysis.render.export import table_bytes

        # the dashboard's CSV export: lists joined, dates as days, formula-like cells guarded
        data = table_bytes(statements, "csv")
    else:
        buffer = io.BytesIO()
        statements.to_parquet(buffer, index=False)
        data = buffer.getvalue()
    write_output(data, args.out)
    return nothing_read(problems, len(articles))


def cmd_ingest(args: argparse.Namespace) -> int:
    from analysis.ingest import ingest_articles
    from analysis.store import Store

    problems = Problems()
    duplicates: list[Article] = []
    articles = read_articles(args, problems, duplicates)
    target = ", ".join(args.paths)
    try:
        with progress_bar("ingesting") as show:
            summary = ingest_articles(
                Store(args.store),
                articles,
                progress=show,
                duplicates=len(duplicates),
                batch_size=args.batch_size,
                workers=args.workers,
                scheduler=args.scheduler or settings.scheduler_address(),
            )
    except BaseException as error:  # noqa: BLE001 - recorded, then raised on
        outcome = "interrupted" if isinstance(error, KeyboardInterrupt) else "failed"
        audit_event(args.store, "ingest", target, outcome=outcome, error=error)
        raise
    rejected = problems.count + len(summary.problems)
    audit_event(args.store, "ingest", target, **audit.ingest_details(summary, rejected))
    print(summary.to_text())
    if problems.count:
        print(problems.summary())
    return nothing_read(problems, len(articles))


def cmd_store(args: argparse.Namespace) -> int:
    from analysis.store import Store

    store = Store(args.store)
    if args.action == "history":
        for commit in store.history():
            print(
                f"version {commit.version}  {commit.timestamp}  {commit.operation}: "
                f"{commit.articles} article(s), {commit.statements} statement(s)"
            )
    elif args.action == "restore":
        if args.version is None:
            print(f"{PROG}: store restore: which version? (see `store history`)", file=sys.stderr)
            return 2
        print(f"version {args.version} restored as version {store.restore(args.version)}")
    elif args.action == "optimize":
        done = store.optimize()
        for name, metrics in done.items():
            print(
                f"{name}: {metrics.get('numFilesRemoved', 0)} file(s) compacted into "
                f"{metrics.get('numFilesAdded', 0)}"
            )
        compacted = sum(metrics.get("numFilesRemoved", 0) for metrics in done.values())
        audit_event(args.store, "optimize", "store", compacted=compacted)
    else:
        removed = store.vacuum(retention_hours=args.retention_hours)
        audit_event(args.store, "vacuum", "store", removed=len(removed))
        print(f"removed {len(removed)} unreferenced file(s) older than {args.retention_hours} h")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from analysis.evaluate import evaluate

    gold = Path(args.gold)
    if not gold.exists():
        print(f"{PROG}: {shown(gold)}: no such gold file or folder", file=sys.stderr)
        return 1
    try:
        report = evaluate(gold, corpus=Path(args.corpus) if args.corpus else None, split=args.split)
    except ValueError as error:  # a malformed gold file: evaluate() says which and why
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    print(json.dumps(report.to_dict(), indent=2) if args.json else report.to_text())
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from analysis.extract.theme_model import DEFAULT_DIR
    from analysis.train import SAMPLE_GOLD, TRAINING_DIR, train

    folders = [Path(f) for f in args.references] if args.references else [TRAINING_DIR]
    gold = [Path(g) for g in args.gold] if args.gold else [SAMPLE_GOLD]
    out = Path(args.out) if args.out else DEFAULT_DIR
    try:
        card = train(folders, out, gold=gold, seed=args.seed)
    except ValueError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    dev = card["dev"]["micro"]
    print(f"model {card['version']} written to {out}")
    print(f"dev micro P {dev['precision']:.3f}  R {dev['recall']:.3f}  F1 {dev['f1']:.3f}")
    for source, row in card["dev_by_source"].items():
        print(f"  dev {source:<22} F1 {row['f1']:.3f}")
    for theme, row in card["dev"]["per_theme"].items():
        print(f"  {theme:<26} gold {row['gold']:>4}  F1 {row['f1']:.3f}")
    return 0


def query_filters(query: str) -> Filters:
    """A shared link's query string as Filters, parsed as the pages parse the URL; each ignored
    value is one line on stderr."""
    from analysis.query.filters import Filters
    from analysis.reference import load_themes

    filters, problems = Filters.from_query(query, themes=[t.id for t in load_themes()])
    for problem in problems:
        print(f"{PROG}: --query: {problem}", file=sys.stderr)
    return filters


def query_version(query: str, store: Store) -> int | None:
    """The link's `as_of` store version (StoreError when the store has no such version), or
    the latest version."""
    from urllib.parse import parse_qs

    values = parse_qs(query).get("as_of")
    if not values:
        return store.latest()
    try:
        version = int(values[-1])
    except ValueError:
        raise StoreError(f"--query: as_of={values[-1][:40]!r} is not a version number") from None
    store.commit(version)  # raises StoreError naming the latest version
    return version


def cmd_chart(args: argparse.Namespace) -> int:
    from analysis.render.catalogue import CHARTS, render_chart
    from analysis.render.export import figure_bytes
    from analysis.store import Store

    if args.name not in CHARTS:
        names = ", ".join(sorted(CHARTS))
        print(f"{PROG}: unknown chart {args.name!r}; choose one of: {names}", file=sys.stderr)
        return 2
    suffix = Path(args.out).suffix.lower().lstrip(".")
    if suffix not in {"png", "svg", "pdf", "html"}:
        print(
            f"{PROG}: {shown(args.out)}: the output must end in .png, .svg, .pdf or .html",
            file=sys.stderr,
        )
        return 2
    store = Store(args.store)
    as_of = query_version(args.query or "", store)
    tables = store.tables(as_of=as_of)
    filters = query_filters(args.query or "")
    figure, footer = render_chart(args.name, filters, tables, as_of=as_of)
    write_output(figure_bytes(figure, suffix, footer), args.out)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def with_paths(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, URL or -")
        p.add_argument("--map", help="CSV/JSON columns: text=body,title=headline,…")

    p = sub.add_parser("articles", help="the Article records the loader makes")
    with_paths(p)
    p.add_argument("--format", choices=["jsonl"], default="jsonl")
    p.add_argument("--out")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("extract", help="statements of the articles in PATHs")
    with_paths(p)
    p.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    p.add_argument("--out")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("ingest", help="add articles to the store, incrementally")
    with_paths(p)
    p.add_argument("--store", default=str(STORE_DIR))
    p.add_argument("--workers", type=int, default=1, help="Dask worker processes for the NLP")
    p.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://host:8786)")
    p.add_argument("--batch-size", type=int, help="articles per committed batch (default 200)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("store", help="store versions and maintenance")
    p.add_argument("action", choices=["history", "restore", "optimize", "vacuum"])
    p.add_argument("version", nargs="?", type=int, help="restore: the version to go back to")
    p.add_argument("--store", default=str(STORE_DIR))
    p.add_argument(
        "--retention-hours",
        type=int,
        default=settings.VACUUM_RETENTION_HOURS,
        help="vacuum: keep files that versions of this many hours refer to",
    )
    p.set_defaults(func=cmd_store)

    p = sub.add_parser("evaluate", help="precision / recall / F1 against a gold file")
    p.add_argument("gold", metavar="GOLD")
    p.add_argument("--corpus")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument(
        "--split",
        choices=("train", "dev"),
        help="one split: of training references (default dev) or of a gold file's articles",
    )
    p.set_defaults(func=cmd_evaluate)

    _add_train_parser(sub)

    p = sub.add_parser("chart", help="render a dashboard chart for a shared link's query")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--query", default="", help="the link's query string: 'theme=…&from=…'")
    p.add_argument("--out", required=True, help="FILE.png|svg|pdf|html")
    p.add_argument("--store", default=str(STORE_DIR))
    p.set_defaults(func=cmd_chart)
    return parser


def _add_train_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="rebuild the theme classifier from data/training/")
    p.add_argument(
        "--references",
        action="append",
        metavar="DIR",
        help="a folder of reference files (repeatable; default data/training)",
    )
    p.add_argument(
        "--gold",
        action="append",
        metavar="PATH",
        help="a gold JSONL file or folder with themes (repeatable; default data/sample/gold)",
    )
    p.add_argument("--out", help="the model folder (default analysis/models/themes)")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=cmd_train)


def store_trouble(args: argparse.Namespace, error: Exception) -> str | None:
    """The one line naming the damaged store file behind an error of a store command (None
    when the command has no store or its store reads whole)."""
    if getattr(args, "store", None) is None:
        return None
    from analysis.store import Store
    from analysis.store_health import explain

    return explain(Store(args.store), error)


def fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except (ReferenceDataError, StoreError) as error:
        return fail(str(error))
    except Exception as error:
        trouble = store_trouble(args, error)
        if trouble is not None:
            return fail(trouble)
        if isinstance(error, OSError):
            return fail(f"{shown(error.filename or '')}: {shown(error.strerror or error)}")
        raise


if __name__ == "__main__":
    sys.exit(main())
