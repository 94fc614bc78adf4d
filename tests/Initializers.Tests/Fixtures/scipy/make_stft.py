"""Writes stft.tsv: Keras 3's STFT initializer kernel (keras/src/initializers/constant_initializers.py, the numpy
backend's arithmetic in the kernel's dtype) for a 12-sample frame with 7 bins, each side, window, scaling, periodic and
dtype, with the windows from scipy.signal.get_window itself. Run with Debian's python3-numpy and python3-scipy (numpy
1.24.2 and scipy 1.10.1 wrote the committed file):
    /usr/bin/python3 tests/Initializers.Tests/Fixtures/scipy/make_stft.py > tests/Initializers.Tests/Fixtures/scipy/stft.tsv
Columns: side, window, scaling, periodic, dtype, then the kernel (shape (12, 1, 7)) as little-endian float64 hex."""
import numpy as np
import scipy
from scipy.signal import get_window

T, F = 12, 7
print(f"# numpy {np.__version__}, scipy {scipy.__version__}: side\twindow\tscaling\tperiodic\tdtype\tkernel (12, 1, 7) as <f8 hex")
for dtype in ("float32", "float64"):
    dt = getattr(np, dtype)
    for side in ("real", "imag"):
        for window in (None, "hann", "hamming"):
            for scaling in ((None,) if window is None else (None, "density", "spectrum")):
                for periodic in ((False,) if window is None else (False, True)):
                    n = (F - 1) * 2
                    freq = (np.arange(F, dtype=dt) / dt(n)).astype(dt).reshape(1, 1, F)
                    time = np.arange(T, dtype=dt).reshape(T, 1, 1)
                    args = (dt(-2) * time) * freq * np.arccos(dt(-1))
                    k = (np.cos(args) if side == "real" else np.sin(args)).astype(dt)
                    if window is not None:
                        win = get_window(window, T, periodic).astype(dt).reshape(T, 1, 1)
                        s = np.sqrt(np.sum(np.square(win))) if scaling == "density" else np.sum(np.abs(win)) if scaling == "spectrum" else dt(1)
                        k = (k * win) / s
                    assert k.dtype == dt and k.shape == (T, 1, F)
                    print(f"{side}\t{window}\t{scaling}\t{periodic}\t{dtype}\t{k.astype('<f8').tobytes().hex()}")
