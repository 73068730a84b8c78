"""Import cycles among pipeline/ modules: strongly connected components of the import graph.

python scripts/import_cycles.py --top   # imports at module level (what runs at import time)
python scripts/import_cycles.py         # also imports inside functions
"""

import ast
import pathlib
import sys

root = pathlib.Path("pipeline")
mods = {}
for p in root.rglob("*.py"):
    parts = list(p.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    mods[".".join(parts)] = p


def resolve(mod, node):
    pkg = mod if mods[mod].name == "__init__.py" else mod.rsplit(".", 1)[0]
    if isinstance(node, ast.ImportFrom):
        if node.level:
            base = pkg.split(".")
            base = base[: len(base) - (node.level - 1)]
            name = ".".join(base + ([node.module] if node.module else []))
        else:
            name = node.module or ""
        out = []
        if name in mods:
            out.append(name)
        for a in node.names:
            full = f"{name}.{a.name}"
            if full in mods:
                out.append(full)
        return out
    return [a.name for a in node.names if a.name in mods]


graph = {m: set() for m in mods}
top_only = "--top" in sys.argv
for m, p in mods.items():
    tree = ast.parse(p.read_text())
    nodes = tree.body if top_only else ast.walk(tree)
    for n in nodes:
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            if isinstance(n, ast.ImportFrom) and n.module == "__future__":
                continue
            for t in resolve(m, n):
                if t != m:
                    graph[m].add(t)
# find SCCs (Tarjan)
idx = {}
low = {}
st = []
on = set()
sccs = []
c = [0]
sys.setrecursionlimit(10000)


def strong(v):
    idx[v] = low[v] = c[0]
    c[0] += 1
    st.append(v)
    on.add(v)
    for w in graph[v]:
        if w not in idx:
            strong(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], idx[w])
    if low[v] == idx[v]:
        comp = []
        while True:
            w = st.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))


for v in graph:
    if v not in idx:
        strong(v)
for s in sccs:
    print(len(s), s[:12])
print(len(sccs), "cycles")
