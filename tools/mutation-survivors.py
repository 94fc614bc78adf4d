#!/usr/bin/env python3
"""Lists the undetected mutants of a Stryker run that is still going, from its trace log (Stryker writes its report only
at the end). Usage: python3 tools/mutation-survivors.py out/mutation/<name> [file-substring ...]

Reads the newest out/mutation/<name>/logs/log-*.txt from the last "Analysis starting" on (the log of a day is appended
to): which file each mutant was created in, its original text and replacement, and each test session's result. A
session that passed ("success") left its mutants undetected; a failed or timed-out session of several mutants (Stryker
groups mutants that no test shares) killed at least one of them, and only the report says which: "undecided" here.
Mutants that no test covers are not tested, so they are listed only when file substrings are given (the log names
every mutant of lib/ that no test covers, "Mutant N is not covered by any test", also those outside the files
mutated)."""
import collections
import glob
import os
import re
import sys

folder = sys.argv[1]
wanted = sys.argv[2:]
log = max(glob.glob(os.path.join(folder, "logs", "log-*.txt")), key=os.path.getmtime)
text = open(log, errors="replace").read()
text = text[text.rfind("[INF] Analysis starting."):]
current, mutants, results, uncovered = None, {}, {}, set()
for entry in re.split(r"\n(?=\d{4}-\d\d-\d\dT)", text):
    m = re.search(r'\[DBG\] Mutating "([^"]+)"', entry)
    if m:
        current = m.group(1).split("/lib/")[-1]
        continue
    m = re.search(r'\[DBG\] Mutant (\d+) created "(.*)" -> "(.*)" using "Stryker\.Core\.Mutators\.(\w+)"', entry, re.S)
    if m:
        mutants[int(m.group(1))] = (current, m.group(2), m.group(3), m.group(4))
        continue
    for m in re.finditer(r"\[DBG\] Mutant (\d+) is not covered by any test", entry):
        uncovered.add(int(m.group(1)))
    # A session may test several mutants ("2652: Negate expression, 3524: Arithmetic mutation"). One that passed left
    # all of them undetected; one that failed killed at least one, and which ones only the report says (Stryker
    # decides per mutant from the failing tests), so its mutants are "undecided" unless it held exactly one.
    for m in re.finditer(r'Test run for "([^"]*)" is "(\w+)"', entry):
        ids = [int(i) for i in re.findall(r"(\d+): ", m.group(1))]
        for i in ids:
            results[i] = m.group(2) if m.group(2) == "success" or len(ids) == 1 else "undecided"
print(dict(collections.Counter(results.values())), "tested", len(results))
for number, result in sorted(results.items()):
    if result in ("failed", "undecided"):
        continue
    file, original, replacement, mutator = mutants.get(number, ("?", "?", "?", "?"))
    if wanted and not any(w in (file or "") for w in wanted):
        continue
    print(f"- {file} #{number} [{result}] {mutator}: `{' '.join(original.split())[:140]}` -> `{' '.join(replacement.split())[:100]}`")
if wanted:
    for number in sorted(uncovered - set(results)):
        file, original, replacement, mutator = mutants.get(number, ("?", "?", "?", "?"))
        if any(w in (file or "") for w in wanted):
            print(f"- {file} #{number} [not covered] {mutator}: `{' '.join(original.split())[:140]}` -> `{' '.join(replacement.split())[:100]}`")
