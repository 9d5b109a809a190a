"""The SEO and accessibility scores of Lighthouse reports (bench/web/lighthouse_open.sh) as a table for
bench/RESULTS.md, with every audit that did not pass; with --record, the scores for the accessibility statement
(web/lighthouse.json: the Lighthouse version, the day, the scores per kind of page)."""
from __future__ import annotations

import argparse
import json
import re
from urllib.parse import urlsplit

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("reports", nargs="+")
    parser.add_argument("--record")
    args = parser.parse_args()
    record = {"pages": {}}
    print("| page | SEO | accessibility | audits not passed |")
    print("| --- | ---: | ---: | --- |")
    for path in args.reports:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        page = UUID.sub("<id>", urlsplit(report["finalDisplayedUrl"]).path)
        scores = {name: round(report["categories"][name]["score"] * 100) for name in ("seo", "accessibility")}
        failed = sorted({audit for name in ("seo", "accessibility")
                         for audit in (ref["id"] for ref in report["categories"][name]["auditRefs"] if ref["weight"])
                         if report["audits"][audit]["score"] is not None and report["audits"][audit]["score"] < 1})
        print(f"| `{page}` | {scores['seo']} | {scores['accessibility']} | {', '.join(failed) or '-'} |")
        record["pages"][page] = scores
        record["lighthouse"] = report["lighthouseVersion"]
        record["checked_on"] = report["fetchTime"][:10]
    if args.record:
        with open(args.record, "w", encoding="utf-8") as f:
            json.dump(record, f, indent=1, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    main()
