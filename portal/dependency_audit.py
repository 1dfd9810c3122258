"""`make audit`: pip-audit over the pinned requirements, failing on any known vulnerability
not explained in .pip-audit-ignore.

pip-audit asks PyPI's JSON API (``--vulnerability-service pypi``; OSV is not reachable from
these machines), one request per pinned package, without resolving (``--no-deps
--disable-pip``), so it takes seconds. Packages PyPI cannot answer for are listed as not
audited; with ``AUDIT_STRICT=1`` they fail the run too.

    python -m portal.dependency_audit requirements.txt
"""

import json
import os
import subprocess
import sys
from pathlib import Path

IGNORE_FILE = Path(__file__).resolve().parent.parent / ".pip-audit-ignore"


def ignored(path=IGNORE_FILE):
    """IDs from the ignore file; each must carry a reason after '#'."""
    ids = {}
    for number, line in enumerate(Path(path).read_text().splitlines(), 1):
        entry, _, reason = line.partition("#")
        if not entry.strip():
            continue
        if not reason.strip():
            raise SystemExit(f"{path}:{number}: {entry.strip()} needs a reason after '#'")
        ids[entry.strip()] = reason.strip()
    return ids


def verdict(report, ignore, strict=False):
    """(exit code, lines to print) for a pip-audit JSON report."""
    lines, failures, unaudited = [], 0, 0
    for dependency in report.get("dependencies", []):
        name = f"{dependency['name']}=={dependency.get('version', '?')}"
        if "skip_reason" in dependency:
            unaudited += 1
            lines.append(f"not audited: {name}: {dependency['skip_reason']}")
            continue
        for vuln in dependency.get("vulns", []):
            ids = {vuln["id"], *vuln.get("aliases", [])}
            accepted = sorted(ids & ignore.keys())
            if accepted:
                lines.append(f"accepted: {name} {vuln['id']} ({ignore[accepted[0]]})")
            else:
                failures += 1
                fixes = ", ".join(vuln.get("fix_versions", [])) or "no fix yet"
                lines.append(f"VULNERABLE: {name} {vuln['id']} (fixed in {fixes})")
    audited = len(report.get("dependencies", [])) - unaudited
    lines.append(f"{audited} audited, {unaudited} not audited, {failures} vulnerable")
    failed = failures or (strict and unaudited)
    return (1 if failed else 0), lines


def main(argv=None):
    requirements = (argv or sys.argv[1:] or ["requirements.txt"])[0]
    command = [
        sys.executable, "-m", "pip_audit", "-r", requirements, "--no-deps", "--disable-pip",
        "--vulnerability-service", "pypi", "--format", "json", "--progress-spinner", "off",
        "--timeout", "20",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout + result.stderr, file=sys.stderr)
        return 2
    code, lines = verdict(report, ignored(), strict=os.environ.get("AUDIT_STRICT") == "1")
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main())
