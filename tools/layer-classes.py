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
  keras2   multi-backend Keras 2, whose configs old .h5 files hold: tags 2.1.6 and 2.2.5, whose keras/layers
           star-imports every module of keras/layers and keras/legacy/layers.py (every public class, such as the legacy
           Merge, and the module-level aliases of a class, `Deconvolution2D = Deconv2D = Conv2DTranspose`), and 2.3.1,
           whose keras/layers/__init__.py imports each name (the functions among them left out); plus InputLayer,
           Layer, Sequential and Model.
  tf-keras tf_keras/api/golden/{v1,v2}/tensorflow.keras.layers*.pbtxt (the public API, with layers.experimental and
           layers.experimental.preprocessing) and tensorflow.keras.models.pbtxt; plus what
           tf_keras/layers/serialization.py adds by hand (Functional, BatchNormalizationV1/V2, the premade models,
           DenseFeatures, SequenceFeatures) and, of the modules whose Layer subclasses it takes, what the API files
           leave out: the Layer subclasses of engine/base_layer.py (TensorFlowOpLayer, AddLoss, AddMetric), the names
           layers/rnn binds (GRUV1, LSTMCellV2, DropoutWrapper, ...) and the tf_op_layer classes layers/core
           re-exports (TFOpLambda, SlicingOpLambda, ...).
  tfjs     the className of every class given to `serialization.registerClass` in tfjs-layers/src/layers/** (not
           layers/nlp, which nothing outside it imports, so tf.loadLayersModel never registers its classes),
           engine/input_layer.ts, engine/training.ts (Model, Functional) and models.ts (Sequential); test files left
           out.
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
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("keras.src."):
                for alias in node.names:
                    names.update(n for n in (alias.name, alias.asname or alias.name) if keep(n))
    names.add("Functional")
    return names


def keras2_star(repo, tag):
    """Keras 2.0-2.2 (`keras/layers/__init__.py` star-imports every module of keras/layers and keras/legacy/layers.py,
    and `deserialize` looks names up there): every public class, and the module-level aliases of a class
    (`Deconvolution2D = Deconv2D = Conv2DTranspose`); aliases of functions (AtrousConv1D) are not classes."""
    names = {"InputLayer", "Layer", "Sequential", "Model"}
    paths = [p for p in files(repo, "keras/layers", tag) if p.endswith(".py")] + ["keras/legacy/layers.py"]
    for path in paths:
        text = show(repo, path, tag)
        classes = set(re.findall(r"^class ([A-Za-z]\w*)\(", text, re.M))
        names.update(n for n in classes if keep(n))
        for chain in re.findall(r"^([A-Z]\w*(?: = [A-Z]\w*)+)\s*$", text, re.M):
            parts = chain.split(" = ")
            if parts[-1] in classes:
                names.update(n for n in parts if keep(n))
    return names


def keras2_explicit(repo, tag):
    """Keras 2.3: `keras/layers/__init__.py` imports each name by itself; the functions among them (the legacy
    AtrousConvolution1D/2D) are left out."""
    names = {"Sequential", "Model"}
    for node in ast.walk(ast.parse(show(repo, "keras/layers/__init__.py", tag))):
        if isinstance(node, ast.ImportFrom) and node.level > 0 and node.module and node.names[0].name != "*":
            module = "keras/" + ("" if node.level > 1 else "layers/") + node.module.replace(".", "/")
            text = show(repo, module + ".py", tag) if module + ".py" in files(repo, module.rsplit("/", 1)[0], tag) \
                else show(repo, module + "/__init__.py", tag)
            for alias in node.names:
                if keep(alias.asname or alias.name) and not re.search(r"^def " + alias.name + r"\(", text, re.M):
                    names.add(alias.asname or alias.name)
    return names


def keras2(repo):
    return keras2_star(repo, "2.1.6") | keras2_star(repo, "2.2.5") | keras2_explicit(repo, "2.3.1")


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
    # layers/serialization.py takes every Layer subclass of its ALL_MODULES, among them engine/base_layer.py (the
    # TensorFlowOpLayer of TF 2.0-2.3 functional models, AddLoss/AddMetric from add_loss/add_metric) and layers/rnn
    # (the V1/V2 recurrent names and the cell wrappers), which the public API files do not list.
    names.update(n for n in re.findall(r"^class (\w+)\((?:Layer|base_layer\.Layer)\)", show(repo, "tf_keras/engine/base_layer.py"), re.M) if keep(n))
    rnn = show(repo, "tf_keras/layers/rnn/__init__.py")
    for imported, alias, assigned in re.findall(r"import (\w+)(?: as (\w+))?\s*$|^\s*([A-Z]\w*) = [A-Z]\w*\s*$", rnn, re.M):
        name = alias or imported or assigned
        if keep(name):
            names.add(name)
    core = show(repo, "tf_keras/layers/core/__init__.py")
    names.update(n for n in re.findall(r"from tf_keras\.layers\.core\.tf_op_layer import (\w+)", core) if keep(n))
    return names


def tfjs(repo):
    names = set()
    # layers/nlp is imported by nothing outside it, so its registerClass calls never run in tf.loadLayersModel.
    paths = [p for p in files(repo, "tfjs-layers/src/layers") if "/nlp/" not in p]
    paths += ["tfjs-layers/src/engine/input_layer.ts", "tfjs-layers/src/engine/training.ts", "tfjs-layers/src/models.ts"]
    for path in paths:
        if not path.endswith(".ts") or path.endswith("_test.ts") or "/test" in path:
            continue
        text = show(repo, path)
        registered = set(re.findall(r"registerClass\((\w+)\)", text))
        for cls in registered:
            # The class's own className, searched up to the next class (one without inherits its parent's).
            body = re.search(r"^(?:export )?(?:abstract )?class " + cls + r"\b(.*?)(?=^(?:export )?(?:abstract )?class \w|\Z)",
                             text, re.S | re.M)
            declared = body and re.search(r"static (?:\w+ )*className = '(\w+)'", body.group(1))
            if declared and keep(declared.group(1)):
                names.add(declared.group(1))
    return names


def main(argv):
    keras_git, tf_keras_git, tfjs_git = argv[1:4]
    sources = {"keras3": keras3(keras_git), "keras2": keras2(keras_git), "tf-keras": tf_keras(tf_keras_git), "tfjs": tfjs(tfjs_git)}
    print("# Layer and model class names that Keras 3, Keras 2 (2.3.1 and tf-keras) and TensorFlow.js deserialize.")
    print("# Written by tools/layer-classes.py from (read it for how each list is taken):")
    print(f"#   keras3   keras-team/keras@{head(keras_git)}")
    print("#   keras2   keras-team/keras@2.1.6, @2.2.5 and @2.3.1 (multi-backend Keras 2)")
    print(f"#   tf-keras keras-team/tf-keras@{head(tf_keras_git)}")
    print(f"#   tfjs     tensorflow/tfjs@{head(tfjs_git)}")
    print("# name\tsources")
    for name in sorted(set().union(*sources.values()), key=lambda n: (n.lower(), n)):
        print(name + "\t" + ",".join(s for s in sources if name in sources[s]))


if __name__ == "__main__":
    main(sys.argv)
