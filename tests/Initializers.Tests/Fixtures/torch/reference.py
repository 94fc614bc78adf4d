# Asks the installed PyTorch (Debian's python3-torch 1.13 as /usr/bin/python3) what torch.nn.init computes, for
# tests/Initializers.Tests/Torch/TorchReferenceTests.cs. The test puts its request before this text as
# REQUEST = [...] (JSON); each item is answered, in order, by one JSON line on stdout:
#   {"op": "gain", "nonlinearity": n, "param": "<Python literal>"} -> {"value": g} or {"error": "ValueError: ..."}
#   {"op": "fans", "shape": [...]}                                -> {"fanIn": i, "fanOut": o} or {"error": ...}
#   {"op": "call", "fn": "kaiming_uniform_", "shape": [...], "dtype": "float64", "kwargs": {...}, "seed": s,
#    "want": [...]} runs torch.nn.init.<fn> on torch.empty(shape, dtype) and answers {"calls": [[method, args,
#   kwargs], ...]} (the uniform_/normal_/mul_/add_/clamp_ calls the function made, so the parameters are the ones
#   torch's own formulas computed) plus, as wanted, "hex" (the result's bytes), "stats" (mean, std, min, max in
#   float64), "zerosPerColumn", "gram" (whether the (size(0), numel/size(0)) matrix has orthonormal rows and/or
#   columns, times gain); or {"error": ...}.
# Run by hand: python3 -c "REQUEST = [{'op': 'gain', 'nonlinearity': 'tanh', 'param': 'None'}]; exec(open('reference.py').read())"
import ast
import json
import math
import warnings

import torch
from torch.nn import init

warnings.simplefilter('ignore')
DTYPES = {'float16': torch.float16, 'bfloat16': torch.bfloat16, 'float32': torch.float32, 'float64': torch.float64,
          'int8': torch.int8, 'int16': torch.int16, 'int32': torch.int32, 'int64': torch.int64, 'uint8': torch.uint8,
          'bool': torch.bool}
CALLS = []


def spy(name):
    original = getattr(torch.Tensor, name)

    def method(self, *args, **kwargs):
        CALLS.append([name, list(args), kwargs])
        return original(self, *args, **kwargs)

    setattr(torch.Tensor, name, method)


for method_name in ('uniform_', 'normal_', 'mul_', 'add_', 'clamp_'):
    spy(method_name)


def clean(x):
    """JSON without NaN/Infinity tokens: non-finite floats as text."""
    if isinstance(x, float) and not math.isfinite(x):
        return repr(x)
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    return x


def error(e):
    return {'error': type(e).__name__ + ': ' + str(e)}


def answer(item):
    op = item['op']
    if op == 'gain':
        try:
            return {'value': float(init.calculate_gain(item['nonlinearity'], ast.literal_eval(item['param'])))}
        except Exception as e:
            return error(e)
    if op == 'fans':
        try:
            fan_in, fan_out = init._calculate_fan_in_and_fan_out(torch.empty(item['shape']))
            return {'fanIn': fan_in, 'fanOut': fan_out}
        except Exception as e:
            return error(e)
    torch.manual_seed(item.get('seed', 0))
    tensor = torch.empty(item['shape'], dtype=DTYPES[item.get('dtype', 'float64')])
    del CALLS[:]
    try:
        getattr(init, item['fn'])(tensor, **item.get('kwargs', {}))
    except Exception as e:
        return error(e)
    result = {'calls': list(CALLS)}
    want = item.get('want', [])
    if 'hex' in want:
        result['hex'] = tensor.reshape(-1).contiguous().view(torch.uint8).numpy().tobytes().hex() if tensor.numel() else ''
    if 'stats' in want:
        wide = tensor.double()
        result['stats'] = {'mean': wide.mean().item(), 'std': wide.std(unbiased=False).item(),
                           'min': wide.min().item(), 'max': wide.max().item()}
    if 'zerosPerColumn' in want:
        result['zerosPerColumn'] = (tensor == 0).sum(dim=0).tolist()
    if 'gram' in want:
        gain = item.get('kwargs', {}).get('gain', 1)
        flat = tensor.double().reshape(tensor.shape[0], -1) / gain
        rows, cols = flat.shape
        result['rows'], result['cols'] = rows, cols
        result['rowsOrthonormal'] = bool(torch.allclose(flat @ flat.T, torch.eye(rows, dtype=torch.float64), atol=1e-5))
        result['colsOrthonormal'] = bool(torch.allclose(flat.T @ flat, torch.eye(cols, dtype=torch.float64), atol=1e-5))
    return result


print(json.dumps({'version': torch.__version__}))
for request_item in REQUEST:  # noqa: F821 (REQUEST is put before this text by the test)
    print(json.dumps(clean(answer(request_item))))
