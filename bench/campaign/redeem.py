"""After the claim run: shops redeem vouchers at the till, each voucher presented twice at the same moment by its
own shop and once by another shop (bounded: ``--vouchers`` codes, 127.0.0.1 only). Writes the counts to
``redemptions.json`` in the bench directory for verify.py.

    DOEMEE_DATABASE_URL=... .venv/bin/python bench/campaign/redeem.py /tmp/campaign-bench --vouchers 3000
"""
from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
import sqlalchemy as sa

BASE = "http://127.0.0.1:8077/api/v1"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--vouchers", type=int, default=3000)
    args = parser.parse_args()
    out = Path(args.out_dir)
    shops = json.loads((out / "shops.json").read_text())
    from doemee.app import create_app
    from backend.campaigns.models import GiftClaim
    from backend.extensions import db

    with create_app().app_context():
        # The bench reads voucher codes from the database: in real life the volunteer shows them at the till.
        vouchers = db.session.execute(sa.select(GiftClaim.voucher_code, GiftClaim.merchant_id)
                                      .order_by(GiftClaim.voucher_code).limit(args.vouchers)).all()
    merchants = list(shops["tokens"])
    rng = random.Random(7)
    attempts = []
    for code, merchant_id in vouchers:
        wrong = rng.choice([m for m in merchants if m != str(merchant_id)])
        attempts += [(code, shops["tokens"][str(merchant_id)])] * 2 + [(code, shops["tokens"][wrong])]
    rng.shuffle(attempts)
    session = requests.Session()
    session.mount("http://", requests.adapters.HTTPAdapter(pool_connections=16, pool_maxsize=16))

    def redeem(attempt):
        code, token = attempt
        r = session.post(f"{BASE}/merchant/redemptions", json={"code": code}, timeout=30,
                         headers={"Authorization": f"Bearer {token}"})
        return r.status_code

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = Counter(pool.map(redeem, attempts))
    seconds = time.monotonic() - started
    result = {"vouchers": len(vouchers), "attempts": len(attempts), "statuses": dict(statuses),
              "seconds": round(seconds, 1), "per_second": round(len(attempts) / seconds, 1)}
    (out / "redemptions.json").write_text(json.dumps(result))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
