"""The evaluation harness on hand-made pages whose right scores are known."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ocrfix.baseline import main as baseline_main, regex_fix
from ocrfix.evaluate import align_content, evaluate_dir, evaluate_page, mark_errors

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

P1 = "副省长朱从玖作出批示：“永康成功通过质量强市县级示范市现场验收值得祝贺！”"
P2 = "借由这则信息，我们又一次回顾了“质量创强”的探索与实践。"
P3 = "然而，从一开始，我市就明确，这是一个载体。"
GOLD = "\n\n".join([P1, P2, P3])


def counts(result, part, kind):
    d = result[part][kind]
    return d["tp"], d["fp"], d["fn"]


def test_gold_against_itself_is_perfect():
    r = evaluate_page(GOLD, GOLD, input=GOLD)
    for kind in ("quote", "punct", "join", "order"):
        assert r["marks"][kind]["f1"] == 1.0, kind
        assert counts(r, "repairs", kind) == (0, 0, 0)
    assert r["cer"]["after"]["rate"] == 0.0
    assert r["content"] == {"lost": 0, "added": 0, "lost_vs_input": 0, "added_vs_input": 0}


def test_dropped_quote():
    pred = GOLD.replace("“质量创强”", "质量创强")
    r = evaluate_page(GOLD, pred)
    assert counts(r, "marks", "quote") == (2, 0, 2)
    assert counts(r, "marks", "punct")[1:] == (0, 0)
    assert r["marks"]["quote"]["recall"] == 0.5


def test_half_width_comma_counts_as_wrong():
    pred = GOLD.replace("信息，", "信息,")
    r = evaluate_page(GOLD, pred)
    tp, fp, fn = counts(r, "marks", "punct")
    assert (fp, fn) == (1, 1)
    assert tp == sum(ch in "，。：！" for ch in GOLD) - 1


def test_spurious_space():
    pred = GOLD.replace("质量强市", "质量 强市")
    r = evaluate_page(GOLD, pred)
    assert counts(r, "marks", "space") == (0, 1, 0)
    gold = "记者 陈晓苏\n\n" + GOLD
    r = evaluate_page(gold, gold.replace("质量强市", "质量 强市"))
    assert counts(r, "marks", "space") == (1, 1, 0)


def test_moved_block_keeps_mark_scores():
    damaged = GOLD.replace("“质量创强”", " 质量创强 ").replace("信息，", "信息,")
    blocks = damaged.split("\n\n")
    moved = "\n\n".join([blocks[2], blocks[0], blocks[1]])
    in_place = evaluate_page(GOLD, damaged)
    r = evaluate_page(GOLD, moved)
    for kind in ("quote", "punct", "space", "join"):
        assert r["marks"][kind] == in_place["marks"][kind], kind
    assert counts(in_place, "marks", "order") == (2, 0, 0)
    # (0, 1) still read in order, (1, 2) broken; 2 -> 0 is no claim about
    # a pair, since 2 ends the run and 0 starts it
    assert counts(r, "marks", "order") == (1, 0, 1)
    assert r["cer"]["after"]["rate"] > in_place["cer"]["after"]["rate"]


def test_articles_limit_order_pairs():
    gold = "\n\n".join([P1, P2, P3, "永康气象 多云到晴"])
    pred = "\n\n".join([P1, P2, "永康气象 多云到晴", P3])
    # without articles all consecutive blocks pair up
    assert counts(evaluate_page(gold, pred), "marks", "order") == (1, 2, 2)
    # P1..P3 form an article and the weather box is no part of one: only
    # the pair (P2, P3) is missed; P2 -> weather and weather -> P3 are both
    # wrong claims about the article's order
    r = evaluate_page(gold, pred, articles=[0, 0, 0, -1])
    assert counts(r, "marks", "order") == (1, 2, 1)
    r = evaluate_page(gold, "\n\n".join([P1, P2, P3, "永康气象 多云到晴"]), articles=[0, 0, 0, -1])
    assert counts(r, "marks", "order") == (2, 0, 0)
    with pytest.raises(ValueError, match="article map"):
        evaluate_page(gold, pred, articles=[0, 0])


def test_missing_join_and_its_repair():
    split = GOLD.replace("我们又一次回顾了", "我们又一次\n\n回顾了")
    r = evaluate_page(GOLD, split)
    tp, fp, fn = counts(r, "marks", "join")
    assert (fp, fn) == (0, 1)
    r = evaluate_page(GOLD, split, input=split)
    assert counts(r, "repairs", "join") == (0, 0, 1)
    r = evaluate_page(GOLD, GOLD, input=split)
    assert counts(r, "repairs", "join") == (1, 0, 0)
    # a line break kept inside the joined block is a space, not a split
    r = evaluate_page(GOLD, split.replace("\n\n回顾", "\n回顾"), input=split)
    assert counts(r, "repairs", "join") == (1, 0, 0)
    assert counts(r, "marks", "space") == (0, 1, 0)


def test_wrong_join_of_two_paragraphs():
    pred = GOLD.replace("”\n\n借由", "”借由")
    r = evaluate_page(GOLD, pred, input=GOLD)
    assert counts(r, "marks", "join")[1] == 1
    assert counts(r, "repairs", "join") == (0, 1, 0)
    # the marks at the seam keep their slots
    assert r["marks"]["punct"]["f1"] == 1.0 and r["marks"]["quote"]["f1"] == 1.0


def test_repairs_relative_to_input():
    inp = GOLD.replace("信息，", "信息 ,").replace("“质量创强”", " 质量创强 ")
    pred = GOLD.replace("“质量创强”", "质量创强")  # fixed the comma, dropped the spaces, no quotes
    r = evaluate_page(GOLD, pred, input=inp)
    assert counts(r, "repairs", "punct") == (1, 0, 0)
    assert counts(r, "repairs", "space") == (3, 0, 0)
    assert counts(r, "repairs", "quote") == (0, 0, 2)
    # leaving the input alone repairs nothing and harms nothing
    r = evaluate_page(GOLD, inp, input=inp)
    assert all(r["repairs"][k]["tp"] == 0 and r["repairs"][k]["fp"] == 0 for k in r["repairs"])
    assert r["cer"]["before"] == r["cer"]["after"]


def test_content_loss_and_gain_detected():
    r = evaluate_page(GOLD, GOLD.replace("载体", "载").replace("然而", "然而而"), input=GOLD)
    assert (r["content"]["lost"], r["content"]["added"]) == (1, 1)
    assert (r["content"]["lost_vs_input"], r["content"]["added_vs_input"]) == (1, 1)


def test_alignment_finds_moved_and_interleaved_pieces():
    gold = "森林火险级市森林消防指挥部提醒林区注意控制野外用火"
    other = "森林市森林消防指挥部提醒火险级林区注意控制野外用火"
    o2g = align_content(gold, other)
    assert [gold[g] for g in o2g] == list(other)
    assert o2g[:2] == [0, 1] and o2g[12:15] == [2, 3, 4]


def test_type_errors():
    with pytest.raises(TypeError, match="pred as str"):
        evaluate_page(GOLD, b"x")


def test_regex_baseline():
    assert regex_fix("我市 质量创强 获批示 ,永康 成功") == "我市质量创强获批示，永康成功"
    assert regex_fix("国内统一刊号 CN33-0014 19:30") == "国内统一刊号 CN33-0014 19:30"
    assert regex_fix("(记者)") == "（记者）"


def test_evaluate_dir_groups_and_micro_average(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir(), pred.mkdir()
    for name, text in (("syn-spaces-001", GOLD), ("syn-nospace-001", GOLD)):
        (gold / f"{name}.gold.txt").write_text(text, encoding="utf-8")
    (pred / "syn-spaces-001.txt").write_text(GOLD, encoding="utf-8")
    (pred / "syn-nospace-001.txt").write_text(GOLD.replace("“质量创强”", "质量创强"), encoding="utf-8")
    r = evaluate_dir(gold, pred)
    assert r["total"]["pages"] == 2
    assert counts(r["total"], "marks", "quote") == (6, 0, 2)
    assert set(r["groups"]) == {"syn-spaces", "syn-nospace"}
    assert counts(r["groups"]["syn-nospace"], "marks", "quote") == (2, 0, 2)
    (pred / "syn-spaces-001.txt").unlink()
    with pytest.raises(ValueError, match="no pred page for syn-spaces-001"):
        evaluate_dir(gold, pred)


def _ocrfix(*args):
    return subprocess.run([sys.executable, "-m", "ocrfix", *args], capture_output=True, text=True, encoding="utf-8")


def test_cli_on_seeds(tmp_path):
    out = tmp_path / "regex"
    assert baseline_main([str(SEEDS), str(out)]) == 0
    proc = _ocrfix("eval", "--gold", str(SEEDS), "--pred", str(out), "--input", str(SEEDS), "--json", "--per-page")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    total = result["total"]
    assert [p["name"] for p in result["pages"]] == ["000_9e6876d41bf3072b"]
    assert total["content"]["lost_vs_input"] == 0 and total["content"]["added_vs_input"] == 0
    # the gold restores one character OCR lost (进 of 进一步)
    assert total["content"]["lost"] == 1
    assert total["cer"]["after"]["rate"] < total["cer"]["before"]["rate"]
    assert total["marks"]["quote"]["recall"] == 0.0
    assert total["repairs"]["punct"]["precision"] == 1.0
    proc = _ocrfix("eval", "--gold", str(SEEDS), "--pred", str(SEEDS), "--input", str(SEEDS))
    assert proc.returncode == 0, proc.stderr
    assert "quote" in proc.stdout and "CER    before" in proc.stdout


def test_cli_reports_missing_prediction(tmp_path):
    proc = _ocrfix("eval", "--gold", str(SEEDS), "--pred", str(tmp_path))
    assert proc.returncode == 1
    assert proc.stderr.startswith("ocrfix: error: no pred page")


def test_mark_errors_follow_the_repair_scores():
    gold = "我市“质量创强”获批示，永康成功。"
    inp = "我市 质量创强 获批示,永康成功。"
    pred = "我市“质量创强 获批示，永康”成功。"
    errors = mark_errors(gold, pred, inp)
    assert [(e["type"], e["kind"], e["gold"], e["pred"], e["input"]) for e in errors] == [
        ("fn", "quote", "”", "", ""),  # the space stood for ” and still stands
        ("fn", "space", "", " ", " "),
        ("fp", "quote", "", "”", ""),
    ]
    repairs = evaluate_page(gold, pred, inp)["repairs"]
    for kind in ("quote", "space"):
        listed = [e["type"] for e in errors if e["kind"] == kind]
        assert listed.count("fp") + listed.count("wrong") == repairs[kind]["fp"]
        assert listed.count("fn") + listed.count("wrong") == repairs[kind]["fn"]
    assert errors[0]["context"] == {"gold": "我市“质量创强⟦”⟧获批示，永康成功。",
                                    "pred": "我市“质量创强⟦ ⟧获批示，永康”成功。",
                                    "input": "我市 质量创强⟦ ⟧获批示,永康成功。"}


def test_cli_lists_errors(tmp_path):
    out = tmp_path / "regex"
    assert baseline_main([str(SEEDS), str(out)]) == 0
    proc = _ocrfix("eval", "--gold", str(SEEDS), "--pred", str(out), "--input", str(SEEDS), "--errors", "quote")
    assert proc.returncode == 0, proc.stderr
    assert "errors on page 000_9e6876d41bf3072b" in proc.stdout and "fn    quote gold " in proc.stdout
    proc = _ocrfix("eval", "--gold", str(SEEDS), "--pred", str(out), "--errors", "all", "--json")
    result = json.loads(proc.stdout)
    assert {e["kind"] for e in result["errors"]["000_9e6876d41bf3072b"]} == {"quote", "punct", "space", "join", "order"}
    proc = _ocrfix("eval", "--gold", str(SEEDS), "--pred", str(out), "--errors", "commas")
    assert proc.returncode == 2 and "error kinds are" in proc.stderr


def test_join_errors_follow_the_repair_scores():
    """`--errors join` lists exactly the joins the repair scores count
    wrong: a gold paragraph left cut (fn), two texts read on that gold
    keeps apart (fp), a junction the input had and the prediction cut (fp)."""
    gold = "第一段的文字写到这里结束了。\n\n第二段从这里开始写起来。\n\n第三段很短。\n"
    inp = "第一段的文字写到\n\n第二段从这里开始写起来。\n\n这里结束了。\n\n第三段很短。\n"
    pred = "第一段的文字写到这里结束了。\n\n第二段从这里开始写起来。第三段很短。\n"
    errors = mark_errors(gold, pred, inp, ("join",))
    repairs = evaluate_page(gold, pred, inp)["repairs"]["join"]
    assert sum(e["type"] == "fp" for e in errors) == repairs["fp"]
    assert sum(e["type"] == "fn" for e in errors) == repairs["fn"]
    assert repairs["tp"] == 1 and repairs["fp"] == 1
    (bad,) = errors
    assert bad["context"]["pred"].endswith("写起来⟦。⟧第三段很短。") and "写起来⟦。⏎⟧第三段" in bad["context"]["gold"]
    missed = mark_errors(gold, inp, inp, ("join",))
    # the two sides of the cut, apart in the prediction: `` … `` between them
    assert [e["type"] for e in missed] == ["fn"] and missed[0]["context"]["pred"] == (
        "第一段的文字写到⟦⟧⏎第二段从这里开始写起来 … 二段从这里开始写起来。⏎⟦⟧这里结束了。⏎第三段很短")


def test_order_errors_follow_the_repair_scores():
    """`--errors order` lists exactly the reading-order pairs the repair
    scores count wrong: a gold pair still not read in order (fn), a pair the
    input had and the prediction broke, and a block read after another of
    its article that gold does not put there (both fp)."""
    head, first, second = "全市新建公园十座", "今年以来，各区陆续开放了新公园。", "市民周末带着孩子前去游玩。"
    head2, body2 = "秋粮收购进展顺利", "粮食部门增设收购网点方便农民售粮。"
    gold = f"{head}\n\n{first}\n\n{second}\n\n{head2}\n\n{body2}\n"
    articles = [0, 0, 0, 1, 1]
    inp = f"{first}\n\n{head}\n\n{second}\n\n{head2}\n\n{body2}\n"
    pred = f"{head}\n\n{second}\n\n{first}\n\n{body2}\n\n{head2}\n"
    errors = mark_errors(gold, pred, inp, ("order",), articles)
    repairs = evaluate_page(gold, pred, inp, articles)["repairs"]["order"]
    assert sum(e["type"] == "fp" for e in errors) == repairs["fp"] > 0
    assert sum(e["type"] == "fn" for e in errors) == repairs["fn"] > 0
    assert {(e["type"], e["why"]) for e in errors} == {("fn", "missed"), ("fp", "broken"), ("fp", "new")}
    broken = next(e for e in errors if e["why"] == "broken")
    assert broken["slot"] == [3, 4] and "收购进展顺利⟦⏎⟧粮食部门" in broken["context"]["gold"]
    assert broken["context"]["pred"].endswith("收购进展顺利⟦⟧")  # nothing read after it
