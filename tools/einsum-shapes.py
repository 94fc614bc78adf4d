#!/usr/bin/env python3
"""Prints Keras 3's EinsumDense shapes for the cases of ModelWeightRuleTests (EinsumDenseShapesAreKerasOwn and the
refusals), by running Keras's own _analyze_einsum_string on them: the expected kernel, bias and output shapes of those
tests come from here, not from the planner.

Usage: python3 tools/einsum-shapes.py KERAS_GIT
KERAS_GIT is a git directory of keras-team/keras (a bare mirror is enough); keras/src/layers/core/einsum_dense.py is
read from its HEAD with `git show`, and only the two analysis functions are executed (no Keras import, no backend).
"""
import re
import subprocess
import sys

source = subprocess.run(["git", "-C", sys.argv[1], "show", "HEAD:keras/src/layers/core/einsum_dense.py"],
                        check=True, capture_output=True, text=True).stdout
start = source.index("def _analyze_einsum_string(")
end = source.index("\ndef ", source.index("def _analyze_split_string("))
namespace = {"re": re}
exec(source[start:end], namespace)

CASES = [
    ("ab,bc->ac", "c", (None, 3), 8),
    ("abc,cd->abd", "bd", (None, 5, 3), [5, 8]),
    ("abc,cd->abd", "b", (None, 5, 3), [5, 8]),
    ("abc,cde->abde", "be", (None, 5, 3), [5, 2, 4]),
    ("abcd,cde->abe", "e", (None, 7, 3, 6), [7, 4]),
    ("...b,bc->...c", "c", (None, 6, 3), 8),
    ("...ab,bc->...ac", "ac", (None, 6, 5, 3), [5, 8]),
    ("ab...,bc->ac...", "c", (None, 3, 4, 5), 8),
    ("ab...,bc->ac...", None, (None, 3, 4, 5), 8),
    ("...b,bc->...c", None, (None, 4, 5, 3), 8),
    ("a.b,bc->ac", None, (None, 3), 8),
    ("ab,bc->ad", None, (None, 3), 8),
    ("ab,bcd->ac", None, (None, 3), 8),
    ("ab,bc->ac", "d", (None, 3), 8),
]
for equation, bias, input_shape, output_shape in CASES:
    try:
        kernel, bias_shape, output = namespace["_analyze_einsum_string"](equation, bias, input_shape, output_shape)[:3]
        print(f"{equation}\tbias {bias}\tinput {input_shape}\tkernel {kernel}\tbias {bias_shape}\toutput {output}")
    except ValueError as error:
        print(f"{equation}\tbias {bias}\tinput {input_shape}\trefused: {error}")
