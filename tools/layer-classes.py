#!/usr/bin/env python3
"""Writes tests/Initializers.Tests/Fixtures/models/layer-classes.tsv: every layer and model class name that Keras 3,
Keras 2 (multi-backend 2.3.1, and tf-keras) and TensorFlow.js deserialize, read from their sources, so that LayerCatalog's table of known classes can be
checked name by name against upstream rather than against itself.

Usage: python3 tools/layer-classes.py KERAS_GIT TF_KERAS_GIT TFJS_GIT > tests/Initializers.Tests/Fixtures/models/layer-classes.tsv
Each argument is a git directory (a bare mirror is enough, e.g. the `fetch` tool's /work/.mirror/<owner>+<name>/repo);
its HEAD is read with `git show`.

Where the names come from:
  keras3   keras/api/layers/__init__.py and keras/api/_tf_keras/keras/layers/__init__.py: each `import X as Y` gives the
           class name X (what `get_config` writes) and the alias Y (what `keras.layers.Y` also deserializes); plus
           keras/api/models/__init__.py (Model, Sequential) and keras.src.models.functional.Functional, which Keras
           writes as the class name of a functional model.
  keras2   the tag 2.3.1 of keras-team/keras (the last multi-backend Keras, whose configs old .h5 files hold): every
           public class of keras/layers/*.py and keras/legacy/layers.py, and the module-level aliases of a class
           (`Deconvolution2D = Deconv2D = Conv2DTranspose`), as keras.layers star-imports them; plus InputLayer,
           Sequential and Model.
  tf-keras tf_keras/api/golden/{v1,v2}/tensorflow.keras.layers*.pbtxt (the public API, with layers.experimental and
           layers.experimental.preprocessing) and tensorflow.keras.models.pbtxt; plus what
           tf_keras/layers/serialization.py adds by hand (Functional, BatchNormalizationV1/V2, the premade models,
           DenseFeatures, SequenceFeatures) and the tf_op_layer classes that tf_keras/layers/core re-exports
           (TFOpLambda, SlicingOpLambda, ...), which functional models built from TensorFlow ops are written with.
  tfjs     the className of every class given to `serialization.registerClass` in tfjs-layers/src/layers/** (not the nlp models, tokenizers and
           preprocessors, which tf.loadLayersModel does not load as layers), engine/input_layer.ts, engine/training.ts
           (Model, Functional) and models.ts (Sequential); test files left out.
Functions (lowercase names), Input (a function), InputSpec and the tfjs test classes are not layer classes.
"""
import ast
import re
import subprocess
import sys


def show(repo, path, rev="HEAD"):
    return subprocess.run(["git", "-C", repo, "show", f"{rev}:{path}"], check=True, capture_output=True, text=True).stdout


def head(repo):
    return subprocess.run(["git", "-C", repo, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()


def files(repo, under, rev="HEAD"):
    out = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "--name-only", rev, under], check=True,
                         capture_output=True, text=True).stdout
    return out.split()


NOT_LAYERS = {"Input", "InputSpec"}


def keep(name):
    return name[:1].isupper() and name not in NOT_LAYERS


def keras3(repo):
    names = set()
    for path in ("keras/api/layers/__init__.py", "keras/api/_tf_keras/keras/layers/__init__.py",
                 "keras/api/models/__init__.py"):
        for node in ast.walk(ast.parse(show(repo, path))):
            if isinstance(node, ast.ImportFrom) and node.module.startswith("keras.src."):
                for alias in node.names:
                    names.update(n for n in (alias.name, alias.asname or alias.name) if keep(n))
    names.add("Functional")
    return names


def keras2(repo, tag="2.3.1"):
    """The last multi-backend Keras: `keras.layers.deserialize` looks names up in the keras.layers namespace, which
    star-imports every module of keras/layers and keras/legacy/layers.py."""
    names = {"InputLayer", "Sequential", "Model"}
    paths = [p for p in files(repo, "keras/layers", tag) if p.endswith(".py")] + ["keras/legacy/layers.py"]
    for path in paths:
        text = show(repo, path, tag)
        classes = set(re.findall(r"^class ([A-Za-z]\w*)\(", text, re.M))
        names.update(n for n in classes if keep(n))
        # Module-level aliases, `Deconvolution2D = Deconv2D = Conv2DTranspose`; those of functions are not classes.
        for chain in re.findall(r"^([A-Z]\w*(?: = [A-Z]\w*)+)\s*$", text, re.M):
            parts = chain.split(" = ")
            if parts[-1] in classes:
                names.update(n for n in parts if keep(n))
    return names


def tf_keras(repo):
    names = set()
    golden = [p for p in files(repo, "tf_keras/api/golden")
              if re.search(r"/v[12]/tensorflow\.keras\.(layers(\.experimental(\.preprocessing)?)?|models)\.pbtxt$", p)]
    for path in golden:
        for name, mtype in re.findall(r'member \{\s*name: "(\w+)"\s*mtype: "([^"]+)"', show(repo, path)):
            if "type" in mtype and "module" not in mtype and keep(name):
                names.add(name)
    names.update({"Functional", "BatchNormalizationV1", "BatchNormalizationV2", "LinearModel", "WideDeepModel",
                  "DenseFeatures", "SequenceFeatures"})
    core = show(repo, "tf_keras/layers/core/__init__.py")
    names.update(n for n in re.findall(r"from tf_keras\.layers\.core\.tf_op_layer import (\w+)", core) if keep(n))
    return names


def tfjs(repo):
    names = set()
    paths = [p for p in files(repo, "tfjs-layers/src/layers") if not re.search(r"/nlp/(models|tokenizers|preprocessing)", p)]
    paths += ["tfjs-layers/src/engine/input_layer.ts", "tfjs-layers/src/engine/training.ts", "tfjs-layers/src/models.ts"]
    for path in paths:
        if not path.endswith(".ts") or path.endswith("_test.ts") or "/test" in path:
            continue
        text = show(repo, path)
        registered = set(re.findall(r"registerClass\((\w+)\)", text))
        for cls in registered:
            declared = re.search(r"\bclass " + cls + r"\b.*?static (?:\w+ )*className = '(\w+)'", text, re.S)
            if declared and keep(declared.group(1)):
                names.add(declared.group(1))
    return names


def main(argv):
    keras_git, tf_keras_git, tfjs_git = argv[1:4]
    sources = {"keras3": keras3(keras_git), "keras2": keras2(keras_git), "tf-keras": tf_keras(tf_keras_git), "tfjs": tfjs(tfjs_git)}
    print("# Layer and model class names that Keras 3, Keras 2 (2.3.1 and tf-keras) and TensorFlow.js deserialize.")
    print("# Written by tools/layer-classes.py from (read it for how each list is taken):")
    print(f"#   keras3   keras-team/keras@{head(keras_git)}")
    print(f"#   keras2   keras-team/keras@2.3.1 (the last multi-backend Keras 2)")
    print(f"#   tf-keras keras-team/tf-keras@{head(tf_keras_git)}")
    print(f"#   tfjs     tensorflow/tfjs@{head(tfjs_git)}")
    print("# name\tsources")
    for name in sorted(set().union(*sources.values()), key=lambda n: (n.lower(), n)):
        print(name + "\t" + ",".join(s for s in sources if name in sources[s]))


if __name__ == "__main__":
    main(sys.argv)
