"""The accent-insensitive search key: Nguyễn = nguyen = NGUYỄN, đ = d, NFD = NFC."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helper_app.text import BilingualError, clean_name, fold, name_key, spelling_variants

VIETNAMESE_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
vietnamese_text = st.text(alphabet=VIETNAMESE_LETTERS + " \t", max_size=40)


def test_the_three_spellings_of_nguyen_fold_alike() -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn")
    assert len(nfd) > len("Nguyễn")
    assert {fold("Nguyễn"), fold("nguyen"), fold("NGUYỄN"), fold(nfd)} == {"nguyen"}


def test_d_with_stroke_becomes_d() -> None:
    assert fold("Đặng Đức Đạt") == "dang duc dat"
    assert fold("đ") == "d"


def test_horn_letters_and_tone_placement() -> None:
    assert fold("Trương Thị Ngọc Ơn") == "truong thi ngoc on"
    assert fold("Hoà") == fold("Hòa") == "hoa"
    assert fold("Thuỷ") == fold("Thủy") == "thuy"


def test_whitespace_is_collapsed_and_trimmed() -> None:
    assert fold("  Lê\t\tVăn \n Tám ") == "le van tam"


def test_clean_name_keeps_case_and_gives_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "  Phạm   Thị  Hằng ")
    cleaned = clean_name(nfd)
    assert cleaned == "Phạm Thị Hằng"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_bilingual_error_carries_both_languages() -> None:
    err = BilingualError("Lỗi", "Error")
    assert (err.message_vi, err.message_en) == ("Lỗi", "Error")
    assert "Lỗi" in str(err) and "Error" in str(err)


@settings(max_examples=150)
@given(st.text(max_size=60))
def test_fold_is_idempotent(s: str) -> None:
    assert fold(fold(s)) == fold(s)


@settings(max_examples=150)
@given(st.text(max_size=60))
def test_fold_ignores_normalization_form(s: str) -> None:
    assert fold(unicodedata.normalize("NFD", s)) == fold(unicodedata.normalize("NFC", s))


@settings(max_examples=150)
@given(vietnamese_text)
def test_fold_ignores_case_of_vietnamese_letters(s: str) -> None:
    assert fold(s.upper()) == fold(s.lower()) == fold(s)


@settings(max_examples=150)
@given(st.text(max_size=60))
def test_fold_output_has_no_marks_and_no_d_with_stroke(s: str) -> None:
    folded = fold(s)
    assert not any(unicodedata.combining(ch) for ch in folded)
    assert "đ" not in folded and "Đ" not in folded
    assert folded == folded.strip() and "  " not in folded


@settings(max_examples=150)
@given(vietnamese_text)
def test_vietnamese_folds_to_ascii(s: str) -> None:
    assert fold(s).isascii()


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Lê Văn Sỹ", "Lê Văn Sĩ"),
        ("Lý", "Lí"),
        ("Kỳ Anh", "Kì Anh"),
        ("Mỹ", "Mĩ"),
        ("Quý", "Quí"),
        ("Tường Vy", "Tường Vi"),
        ("Hy", "Hi"),
    ],  # fmt: skip
)
def test_i_and_y_spellings_share_a_name_key(one: str, other: str) -> None:
    assert name_key(one) == name_key(other)
    assert fold(one) != fold(other), "fold itself keeps the letters (stored keys, communes)"


@pytest.mark.parametrize(("one", "other"), [("Thúy", "Thúi"), ("Huy", "Hui"), ("Duy", "Dui")])
def test_uy_is_never_ui(one: str, other: str) -> None:
    assert name_key(one) != name_key(other)


def test_spelling_variants_of_a_word() -> None:
    assert spelling_variants("si") == ("si", "sy")
    assert spelling_variants("quy") == ("qui", "quy")
    assert spelling_variants("thuy") == ("thuy",)
    assert spelling_variants("i") == ("i",) and spelling_variants("") == ("",)


@settings(max_examples=150)
@given(vietnamese_text)
def test_name_key_is_fold_up_to_final_i_y(s: str) -> None:
    key = name_key(s)
    assert name_key(key) == key
    assert key.replace("i", "y") == fold(s).replace("i", "y")
    assert all(key_word in spelling_variants(word) for key_word, word in
               zip(key.split(" "), fold(s).split(" "), strict=True))  # fmt: skip
