"""nengli rollup: a city reads its districts' campaign repositories at pinned commits.

Combine, don't merge: each district's repository (or the bundle it sent) is fetched into a
namespace of its own (``refs/rollup/<code>/``), never checked out nor merged; the commit used
for each district is pinned in ``data/rollup.lock``; every figure is computed from the
districts' own files read out of git at those commits, by the same loader and the same status
rule as every other command, and keeps its district (``鼓楼区·24中``).

The stages, as for one repository:
  config   rollup.yaml (the districts) and rollup.lock (the pinned commits): text to records
  store    git plumbing: bundles made and verified, fetches, files read at a commit
  combine  each district's data loaded at its commit, checked against the city's definition
           of the campaign, and combined into one Campaign for the existing views
"""
