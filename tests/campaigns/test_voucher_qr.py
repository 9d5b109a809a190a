"""The voucher's QR code (drawn with one fixed mask, backend/rendering.py) is read back by the decoder the shop's
till scans with: the vendored jsQR, run by Node on the SVG the API answers, drawn pixel by pixel."""
import json
import re
import shutil
import uuid
from pathlib import Path

import pytest

from backend.campaigns import codes
from backend.rendering import qr_svg
from tests.campaigns.helpers import claim, create_campaign, offer, shop, staff_member
from tests.support import run_output, volunteer

NODE = shutil.which("node")
JSQR = Path(__file__).resolve().parents[2] / "web" / "static" / "vendor" / "jsqr" / "jsQR.js"
pytestmark = pytest.mark.skipif(NODE is None, reason="needs Node to run the till's jsQR")

_DECODE = """
const jsQR = require(process.argv[1]);
const images = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(images.map(({size, dark}) => {
  const rgba = new Uint8ClampedArray(size * size * 4).fill(255);
  dark.forEach((d, i) => { if (d) { rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = 0; } });
  const found = jsQR(rgba, size, size);
  return found ? found.data : null;
})));
"""


def _pixels(svg: str, px: int = 4) -> dict:
    """The SVG's dark modules as a square of pixels (segno's path: M, relative m and h, one row per y)."""
    scale = int(re.search(r'transform="scale\((\d+)\)"', svg).group(1))
    size = int(re.search(r'width="(\d+)"', svg).group(1)) // scale
    dark = [[0] * size for _ in range(size)]
    x = y = 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", re.search(r' d="([^"]+)"', svg).group(1)):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x + float(a))):
                dark[int(y)][column] = 1
            x += float(a)
    return {"size": size * px, "dark": [dark[r // px][c // px] for r in range(size * px) for c in range(size * px)]}


def _decoded(svgs: list[str]) -> list[str | None]:
    return json.loads(run_output([NODE, "-e", _DECODE, str(JSQR)], input=json.dumps([_pixels(s) for s in svgs]),
                                 timeout=60))


def test_the_voucher_qr_code_from_the_api_scans_as_its_code(client, cli):
    staff = staff_member(client, cli)
    campaign = create_campaign(client, staff)
    merchant, owner = shop(client, cli, staff)
    gift = offer(client, owner, campaign["id"], merchant["id"], stock=3)
    r = claim(client, volunteer(client), campaign["id"], gift["id"])
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert _decoded([body["voucher_qr_svg"]]) == [body["voucher_code"].replace("-", "")]


def test_many_codes_and_a_door_code_scan_with_the_fixed_mask():
    texts = [codes.new_code() for _ in range(40)] + [f"doemee:checkin:{uuid.uuid4()}:K7QM2X"]
    assert _decoded([qr_svg(text, title="t") for text in texts]) == texts
