#!/usr/bin/env python3
"""Checks every #include in the tree against checker/LAYERS (like Chromium's checkdeps).

usage: check_layers.py [ROOT]   (ROOT: the repository; default: two levels up from here)

LAYERS lists folders lowest first, one rank per line; folders sharing a line are peers. A file
may include a file of its own folder or of a folder of a lower rank. The check fails, naming
file and line, on:
  - an include of a file in a higher-ranked folder or in a peer folder ("runs up the layers");
  - a quoted include that names a file of the tree which does not exist;
  - a folder directly under checker/ that LAYERS does not list;
  - an include cycle between files (every file of the cycle named with its line).
Quoted includes that do not start with a listed folder's path (RapidJSON, doctest, ...) are
external and ignored. Exit 0 when clean, 1 with one line per problem otherwise.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCES = ('.h', '.cc', '.hpp', '.cpp')


def read_layers(root):
  """Returns {folder: rank} from ROOT/checker/LAYERS (comments after '#')."""
  ranks = {}
  path = os.path.join(root, 'checker', 'LAYERS')
  with open(path, encoding='utf-8') as f:
    rank = 0
    for line in f:
      folders = line.split('#', 1)[0].split()
      if not folders:
        continue
      for folder in folders:
        ranks[folder.rstrip('/')] = rank
      rank += 1
  return ranks


def folder_of(path, ranks):
  """The longest listed folder that contains PATH (relative, '/'-separated), or None."""
  best = None
  for folder in ranks:
    if path.startswith(folder + '/') and (best is None or len(folder) > len(best)):
      best = folder
  return best


def scan(root, ranks):
  """Yields (file, line_number, included_path) for every quoted include under listed folders."""
  tops = sorted({f.split('/')[0] for f in ranks})
  for top in tops:
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
      dirnames[:] = sorted(d for d in dirnames if d not in ('build', 'fixture'))
      for name in sorted(filenames):
        if not name.endswith(SOURCES):
          continue
        full = os.path.join(dirpath, name)
        rel = os.path.relpath(full, root).replace(os.sep, '/')
        with open(full, encoding='utf-8', errors='replace') as f:
          for number, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
              yield rel, number, m.group(1)


def find_cycles(edges):
  """Returns the include cycles of the graph {file: [(line, target)]}, each as a list of
  (file, line, target) steps, found by an iterative depth-first search (no recursion)."""
  state = {}  # absent: unseen, 1: on the stack, 2: done
  cycles = []
  for start in sorted(edges):
    if start in state:
      continue
    stack = [(start, iter(edges.get(start, [])))]
    path = [start]
    steps = []
    state[start] = 1
    while stack:
      node, it = stack[-1]
      step = next(it, None)
      if step is None:
        state[node] = 2
        stack.pop()
        path.pop()
        if steps:
          steps.pop()
        continue
      line, target = step
      if state.get(target) == 1:
        i = path.index(target)
        cycles.append(steps[i:] + [(node, line, target)])
      elif target not in state:
        state[target] = 1
        stack.append((target, iter(edges.get(target, []))))
        path.append(target)
        steps.append((node, line, target))
  return cycles


def check(root):
  ranks = read_layers(root)
  problems = []
  checker_dir = os.path.join(root, 'checker')
  for entry in sorted(os.listdir(checker_dir)):
    if os.path.isdir(os.path.join(checker_dir, entry)) and 'checker/' + entry not in ranks:
      problems.append(f'checker/{entry}: folder not listed in checker/LAYERS')
  edges = {}
  for rel, number, target in scan(root, ranks):
    to_folder = folder_of(target, ranks)
    if to_folder is None:
      continue  # an external header
    if not os.path.isfile(os.path.join(root, target)):
      problems.append(f'{rel}:{number}: includes "{target}", which does not exist')
      continue
    edges.setdefault(rel, []).append((number, target))
    from_folder = folder_of(rel, ranks)
    if from_folder is None or from_folder == to_folder:
      continue  # an unlisted folder is reported once, above
    if ranks[to_folder] > ranks[from_folder]:
      problems.append(f'{rel}:{number}: includes "{target}": {from_folder} may not include '
                      f'{to_folder}, which is above it in checker/LAYERS')
    elif ranks[to_folder] == ranks[from_folder]:
      problems.append(f'{rel}:{number}: includes "{target}": {from_folder} and {to_folder} '
                      f'are peers in checker/LAYERS and may not include each other')
  for cycle in find_cycles(edges):
    chain = ' -> '.join(f'{f}:{line}' for f, line, _ in cycle)
    problems.append(f'{cycle[0][0]}:{cycle[0][1]}: include cycle: {chain} -> {cycle[0][0]}')
  return problems


def main():
  root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..')
  try:
    problems = check(root)
  except OSError as e:
    print(f'check_layers: {e}', file=sys.stderr)
    return 2
  for p in problems:
    print(p)
  print(f'layering: {"clean" if not problems else str(len(problems)) + " problem(s)"}',
        file=sys.stderr)
  return 1 if problems else 0


if __name__ == '__main__':
  sys.exit(main())
