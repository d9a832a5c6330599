from domain import PROFILE_ITEMS as PROFILE_REQUIRED
from domain import REGISTRATION_ITEMS as REGISTRATION_REQUIRED
from extract.completeness import compute_missing, finalize
from extract.model import Draft


def full_profile(**kw):
    d = Draft(form="profile", name="Lê Văn A", achievement_summary="Giáo viên giỏi", address="Hà Nội",
              phone="+84912345678", email="a@gmail.com", photos=1, evidence=["GK.jpg"])
    for k, v in kw.items():
        setattr(d, k, v)
    return d


def test_required_lists():
    assert PROFILE_REQUIRED == ("name", "achievement_summary", "address", "phone", "email", "photo", "evidence")
    assert REGISTRATION_REQUIRED == ("unit", "model_title", "field")


def test_complete_profile():
    d = finalize(full_profile())
    assert d.missing == [] and d.status == "complete"


def test_missing_items_in_required_order():
    d = finalize(full_profile(email=None, photos=0, evidence=[], achievement_summary="....."))
    assert d.missing == ["achievement_summary", "email", "photo", "evidence"]
    assert d.status == "incomplete"


def test_registration_required():
    d = Draft(form="registration", kind="collective", unit="Trường A", model_title="Thư viện xanh", field=None)
    assert compute_missing(d) == ["field"]
    assert compute_missing(d, REGISTRATION_REQUIRED) == ["field"]
    d.field = "Văn hóa"
    assert finalize(d).status == "complete"


def test_explicit_required_overrides_form():
    d = Draft(form="profile", name="Lê Văn Xuân")
    assert compute_missing(d, ("name", "photo")) == ["photo"]
