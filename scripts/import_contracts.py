"""An import-linter contract type the built-in ones lack: an allowlist of what a package may reach.

``forbidden`` contracts list what may not be imported, so a module added later is allowed until
someone remembers to list it. The server's rule is the other way round: it may use the client's
procedure definitions, its wire models, ``text``, ``config`` and the provisioning *format*, and
nothing else. :class:`AllowlistContract` follows every import, transitively, from the source
packages and reports each module of ``within`` that is reached but not allowed, with the chain
that reaches it. Registered in pyproject.toml (``contract_types``).
"""

from __future__ import annotations

from typing import Any

import grimp
from importlinter import Contract, ContractCheck, fields, output


def _in(module: str, packages: set[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


class AllowlistContract(Contract):
    """``source_modules`` may reach, inside ``within``, only ``allowed_modules`` (as packages).

    Options: ``source_modules`` (packages whose imports are followed), ``within`` (the package
    the rule is about, e.g. ``helper_app``), ``allowed_modules`` (packages or modules of it that
    may be reached; a package's ``__init__`` counts as reached when any part of it is).
    """

    type_name = "allowlist"

    source_modules = fields.ListField(subfield=fields.ModuleField())
    within = fields.ModuleField()
    allowed_modules = fields.ListField(subfield=fields.ModuleField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        sources = [m.name for m in self.source_modules]  # type: ignore[attr-defined]
        within: str = self.within.name  # type: ignore[attr-defined]
        allowed = {m.name for m in self.allowed_modules}  # type: ignore[attr-defined]
        # The parents of an allowed module are imported with it (package __init__ files).
        parents = {a.rsplit(".", i)[0] for a in allowed for i in range(1, a.count(".") + 1)}
        reached: set[str] = set()
        for source in sources:
            reached |= graph.find_upstream_modules(source, as_package=True)
        illegal = sorted(
            m
            for m in reached
            if _in(m, {within}) and not _in(m, allowed) and m not in parents | {within}
        )
        chains: dict[str, list[str]] = {}
        for module in illegal:
            for source in sources:
                chain = graph.find_shortest_chain(
                    importer=source, imported=module, as_packages=True
                )
                if chain:
                    chains[module] = list(chain)
                    break
        return ContractCheck(kept=not illegal, metadata={"chains": chains, "illegal": illegal})

    def render_broken_contract(self, check: ContractCheck) -> None:
        chains: dict[str, list[str]] = check.metadata["chains"]
        illegal: list[str] = check.metadata["illegal"]
        for module in illegal:
            chain: Any = chains.get(module, [module])
            output.print_error(f"{module} is reached: {' -> '.join(chain)}", bold=False)
            output.new_line()
