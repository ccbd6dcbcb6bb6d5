"""Print a Dockerfile instruction's exec-form command, one argument per line.

Usage: dockerfile_exec.py Dockerfile (CMD|HEALTHCHECK) PORT
The image's port 8000 is replaced with PORT, and the listen host with 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def main() -> None:
    path, instruction, port = sys.argv[1:4]
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.startswith(instruction + " "):
            continue
        exec_form = re.search(r"(?:CMD\s+)?(\[.*\])\s*$", line)
        if exec_form is None:
            sys.exit(f"{instruction} is not in exec form")
        for arg in json.loads(exec_form.group(1)):
            print(arg.replace("8000", port).replace("0.0.0.0", "127.0.0.1"))
        return
    sys.exit(f"no {instruction} in {path}")


if __name__ == "__main__":
    main()
