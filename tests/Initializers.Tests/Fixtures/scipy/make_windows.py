"""Writes windows.tsv: scipy.signal.get_window for every name and alias of scipy's window table that needs no
parameters, at small lengths, symmetric and periodic. Run with Debian's python3-scipy (1.10.1 wrote the committed file):
    /usr/bin/python3 tests/Initializers.Tests/Fixtures/scipy/make_windows.py > tests/Initializers.Tests/Fixtures/scipy/windows.tsv
Columns: name, length M, fftbins (periodic), the M values as Python's repr (shortest round-trip float64)."""
import scipy
from scipy.signal import get_window
from scipy.signal.windows import _windows

print(f"# scipy {scipy.__version__} get_window(name, M, fftbins): name\tM\tfftbins\tvalues")
for names, (function, needs_parameters) in _windows._win_equiv_raw.items():
    if needs_parameters:
        continue
    for name in names:
        for m in (1, 2, 3, 4, 5, 8):
            for fftbins in (False, True):
                values = get_window(name, m, fftbins=fftbins)
                print(f"{name}\t{m}\t{fftbins}\t{' '.join(repr(float(v)) for v in values)}")
