"""README's settings table is what `flask config-help` prints: every setting documented, none made up."""
import os

from doemee.cli import config_help_command
import pytest

pytestmark = pytest.mark.any_hour  # the same at any hour: the clock runs leave it to the real-hour run

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_readme_has_the_table_config_help_prints(cli):
    result = cli.invoke(config_help_command)
    assert result.exit_code == 0
    table = result.output.strip()
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    assert table in readme
    for name in ("DOEMEE_CORS_ORIGINS", "DOEMEE_PROXY_COUNT", "DOEMEE_LOGIN_FAILURES_PER_IP_PER_MINUTE"):
        assert f"| {name} |" in table
