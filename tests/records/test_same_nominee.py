"""Who is the same nominee across messages: the duplicate rule (issue 13, part 6)."""

from __future__ import annotations

from extract import Draft
from records.merge import same_nominee


def _d(**kw) -> Draft:
    return Draft(form="profile", kind=kw.pop("kind", "individual"), **kw)


def test_the_same_person_of_the_same_school_is_one_nominee():
    assert same_nominee(_d(name="Phan Thị Ngọc", unit="Trường THCS Phú Lâm"),
                        _d(name="PHAN THỊ NGỌC", unit="THCS Phú Lâm"))


def test_namesakes_of_two_schools_are_two_nominees():
    assert not same_nominee(_d(name="Phan Thị Ngọc", unit="Trường THCS Phú Lâm"),
                            _d(name="Phan Thị Ngọc", unit="Trường TH Kỳ Trung"))


def test_a_school_nominated_for_two_models_is_two_nominations():
    school = "Trường Tiểu học Đoàn Thị Điểm"
    first = _d(kind="collective", name=school, unit=school, model_title="Giờ ra chơi tiếng Anh")
    assert not same_nominee(first, _d(kind="collective", name=school, unit=school, model_title="Phân loại rác tại nguồn"))
    assert same_nominee(first, _d(kind="collective", name=school, unit=school, model_title="Giờ ra chơi Tiếng Anh"))
    assert same_nominee(first, _d(kind="collective", name=school, unit=school))  # the model left out: the same dossier
