"""A PNG is drawn with the machine's fonts: characters no installed font has come out as
empty boxes, and the render commands say so (scout AQ: 支付服务 as four boxes, silently).
fontconfig is pointed at matplotlib's copy of DejaVu alone, so every machine agrees."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

from archkit import fonts


@pytest.fixture
def dejavu_only(tmp_path: Path, monkeypatch):
    ttf = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    f"<fontconfig><dir>{ttf}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
                    "</fontconfig>\n")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    fonts._drawn.cache_clear()
    yield conf
    fonts._drawn.cache_clear()


def test_characters_no_font_has_are_named_in_order(dejavu_only):
    assert fonts.undrawable("web ✨ -> 支付服务 (Ελλάδα, café)") == ["✨", "支", "付", "服", "务"]
    assert fonts.undrawable("orders -> Ελλάδα, Москва, café") == []


def test_without_fontconfig_nothing_is_claimed(monkeypatch):
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    assert fonts.undrawable("支付服务") == []


def test_png_commands_warn_and_svg_ones_do_not(cli, tmp_path: Path, dejavu_only):
    (tmp_path / "services.yaml").write_text(
        "system: 商店\nservices:\n  支付服务: {tech: go}\n  web: {}\n"
        "edges:\n  - {from: web, to: 支付服务, protocol: grpc, timeout_ms: 100}\n")
    env_note = "archkit: no font installed here draws 商店支付服务: the PNG shows them as"
    res = cli("boundaries", "render", "services.yaml", "-o", "c.png", cwd=tmp_path)
    assert res.code == 0 and env_note in res.err
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")
    res = cli("boundaries", "render", "services.yaml", "-o", "c.svg", cwd=tmp_path)
    assert res.code == 0 and "no font" not in res.err
    (tmp_path / "s.sql").write_text('CREATE TABLE "注文" (id int PRIMARY KEY, "Ποσό" int);\n')
    res = cli("schema", "erd", "s.sql", "-o", "e.png", cwd=tmp_path)
    assert res.code == 0 and "archkit: no font installed here draws 注文:" in res.err
    assert os.environ["FONTCONFIG_FILE"] == str(dejavu_only)
