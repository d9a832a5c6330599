from extract import extract_drafts
from extract.profile import extract_profiles
from tests.extract.helpers import blob, docfile, image, mail, picture

SIGNATURE = """
Trân trọng!

--
Lương Văn Khải
Văn thư - Trường THCS Yên Hòa
ĐT: 0977 111 222
"""

KV_FORM = """PHIẾU THÔNG TIN ĐIỂN HÌNH TIÊN TIẾN
1. Họ, tên người được đề nghị: NGUYỄN THỊ MAI ANH
2. Năm sinh: 1985
3. Chức vụ: Giáo viên
4. Nơi công tác: Trường THCS Yên Hòa
5. Địa chỉ liên hệ: Số 12 ngõ 5 phố Trần Duy Hưng,
phường Trung Hòa, quận Cầu Giấy, Hà Nội
6. Số ĐT liên hệ: 0912.345.678
7. Địa chỉ thư điện tử: MaiAnh.NT@gmail.com
8. THÀNH TÍCH ĐÃ ĐẠT ĐƯỢC:
- Giáo viên dạy giỏi cấp thành phố năm học 2022-2023.
- Bằng khen của Chủ tịch UBND thành phố
năm 2023.
+ Chiến sĩ thi đua cơ sở năm học 2021-2022.
XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ
(Ký tên, đóng dấu)
"""


def one(sub):
    drafts = extract_drafts(sub)
    assert len(drafts) == 1, drafts
    return drafts[0]


def test_label_value_form_with_unseen_wordings():
    sub = mail("Kính gửi Phòng GD&ĐT.\nTrường gửi hồ sơ." + SIGNATURE, [
        docfile("Phieu thong tin - Nguyen Thi Mai Anh.docx", KV_FORM),
        picture("Ảnh chân dung.jpg"),
        picture("Giấy khen 2023.jpg", kind="document"),
        blob("Bài giảng điện tử.pptx"),
    ])
    d = one(sub)
    assert d.form == "profile" and d.kind == "individual"
    assert d.name == "Nguyễn Thị Mai Anh"
    assert d.unit == "Trường THCS Yên Hòa"
    assert d.address == "Số 12 ngõ 5 phố Trần Duy Hưng, phường Trung Hòa, quận Cầu Giấy, Hà Nội"
    assert d.phone == "+84912345678"
    assert d.email == "maianh.nt@gmail.com"
    assert d.achievement_summary == (
        "Giáo viên dạy giỏi cấp thành phố năm học 2022-2023\n"
        "Bằng khen của Chủ tịch UBND thành phố năm 2023\n"
        "Chiến sĩ thi đua cơ sở năm học 2021-2022")
    assert d.photos == 1
    assert d.evidence == ["Giấy khen 2023.jpg", "Bài giảng điện tử.pptx"]
    assert d.sources == ["Phieu thong tin - Nguyen Thi Mai Anh.docx"]
    assert d.missing == [] and d.status == "complete"


def test_signature_phone_and_sender_are_not_nominee_data():
    form = KV_FORM.replace("6. Số ĐT liên hệ: 0912.345.678\n", "").replace(
        "7. Địa chỉ thư điện tử: MaiAnh.NT@gmail.com\n", "")
    sub = mail("Trường gửi hồ sơ." + SIGNATURE, [docfile("Ho so.docx", form)], sender="c2yenhoa@hanoi.edu.vn")
    d = one(sub)
    assert d.phone is None and d.email is None
    assert d.missing == ["phone", "email", "photo", "evidence"]
    assert d.status == "incomplete"


def test_two_column_table_form():
    rows = [
        ["Nội dung", "Thông tin"],
        ["Họ và tên", "Trần Quốc Bảo"],
        ["Đơn vị công tác", "Trường Tiểu học Lê Ngọc Hân"],
        ["Địa chỉ liên lạc", "Số 8 phố Bạch Mai,\nquận Hai Bà Trưng, Hà Nội"],
        ["Điện thoại (di động)", "+84 983 456 123"],
        ["E-mail", "baotq@lengochan.edu.vn"],
        ["Thành tích tiêu biểu", "1. Giáo viên giỏi cấp quận.\n2. Giải Nhì hội thi tin học trẻ cấp thành phố."],
    ]
    letterhead = [["PHÒNG GD&ĐT QUẬN HAI BÀ TRƯNG\nTRƯỜNG TIỂU HỌC LÊ NGỌC HÂN",
                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"]]
    sub = mail("Gửi hồ sơ.", [docfile("Thong tin.docx", "THÔNG TIN ĐIỂN HÌNH", tables=[letterhead, rows]),
                              picture("Anh Tran Quoc Bao.jpg", kind="unknown"), blob("Quyết định CSTĐ.pdf")])
    d = one(sub)
    assert d.name == "Trần Quốc Bảo"
    assert d.unit == "Trường Tiểu học Lê Ngọc Hân"
    assert d.address == "Số 8 phố Bạch Mai, quận Hai Bà Trưng, Hà Nội"
    assert d.phone == "+84983456123"
    assert d.email == "baotq@lengochan.edu.vn"
    assert d.achievement_summary == "Giáo viên giỏi cấp quận\nGiải Nhì hội thi tin học trẻ cấp thành phố"
    assert d.photos == 1 and d.evidence == ["Quyết định CSTĐ.pdf"]


def test_collective_with_model_and_group_photo():
    text = """THÔNG TIN TẬP THỂ ĐIỂN HÌNH TIÊN TIẾN
Tên tập thể: TRƯỜNG MẦM NON HOA MAI
Tên mô hình: Góc đọc sách cho bé
Địa chỉ: xã Tân Lập, huyện Đan Phượng, Hà Nội
Điện thoại: (024) 3388 1234
Email: mnhoamai@hanoi.edu.vn
Thành tích nổi bật:
- Tập thể lao động xuất sắc năm học 2022-2023.
"""
    sub = mail("Gửi hồ sơ.", [docfile("Ho so tap the.docx", text), picture("Ảnh tập thể.jpg"),
                              picture("Ảnh hoạt động 1.jpg"), picture("Logo trường.png")])
    d = one(sub)
    assert d.kind == "collective"
    assert d.name == "Trường Mầm non Hoa Mai"
    assert d.unit == "Trường Mầm non Hoa Mai"
    assert d.model_title == "Góc đọc sách cho bé"
    assert d.field == "Văn hóa"  # inferred from the model's words
    assert d.phone == "+842433881234"
    assert d.photos == 1
    assert d.evidence == ["Ảnh hoạt động 1.jpg"]


def test_sub_unit_collective_takes_school_from_letterhead():
    text = "Tên tập thể: Tổ Toán - Tin\nĐịa chỉ: Trường THPT Kim Liên\nThành tích: Tập thể lao động xuất sắc."
    letterhead = [["SỞ GD&ĐT HÀ NỘI\nTRƯỜNG THPT KIM LIÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]]
    d = one(mail("Gửi hồ sơ.", [docfile("To Toan.docx", text, tables=[letterhead])]))
    assert d.kind == "collective" and d.name == "Tổ Toán - Tin"
    assert d.unit == "Trường THPT Kim Liên"


def test_embedded_portrait_counts_logo_does_not():
    sub = mail("Gửi hồ sơ.", [docfile("Ho so.docx", KV_FORM, images=[
        image("image1.jpeg", "photo"), image("image2.png", "unknown", 60, 60)])])
    d = one(sub)
    assert d.photos == 1


def test_multi_nominee_mail_assigns_files_by_name_and_number():
    def form(name, unit_label="Họ và tên"):
        return (f"{unit_label}: {name}\nĐơn vị: Trường THCS Phan Đình Phùng\nĐịa chỉ: TP. Hà Tĩnh\n"
                f"SĐT: 0915 222 333\nEmail: a{len(name)}@gmail.com\nThành tích: Giấy khen năm 2023.")
    files = [
        docfile("1. Thông tin Lê Thu Hằng.docx", form("Lê Thu Hằng")),
        picture("1. Ảnh Lê Thu Hằng.jpg"),
        picture("1. Giấy khen - Lê Thu Hằng.jpg", kind="document"),
        docfile("2. Thông tin Võ Đức Thắng.docx", form("Võ Đức Thắng")),
        picture("2. Ảnh Võ Đức Thắng.jpg"),
        blob("2. Bằng khen.pdf"),
        docfile("3. Thông tin tập thể.docx", form("Trường THCS Phan Đình Phùng", "Tên tập thể")),
        picture("3. Ảnh Trường THCS Phan Đình Phùng.jpg"),
        blob("3. Quyết định công nhận.pdf"),
    ]
    drafts = extract_profiles(mail("Sở gửi 3 hồ sơ.", files))
    assert [d.name for d in drafts] == ["Lê Thu Hằng", "Võ Đức Thắng", "Trường THCS Phan Đình Phùng"]
    assert [d.kind for d in drafts] == ["individual", "individual", "collective"]
    assert [d.photos for d in drafts] == [1, 1, 1]
    assert drafts[0].evidence == ["1. Giấy khen - Lê Thu Hằng.jpg"]
    assert drafts[1].evidence == ["2. Bằng khen.pdf"]
    assert drafts[2].evidence == ["3. Quyết định công nhận.pdf"]


def test_two_nominees_in_one_document():
    text = ("Họ và tên: Phạm Minh Châu\nSĐT: 0904 000 111\nThành tích: Giáo viên giỏi cấp huyện.\n"
            "Họ và tên: Đinh Công Sơn\nSĐT: 0904 000 222\nThành tích: Chiến sĩ thi đua cơ sở.")
    drafts = extract_profiles(mail("", [docfile("Danh sach ca nhan.docx", text)]))
    assert [(d.name, d.phone) for d in drafts] == [("Phạm Minh Châu", "+84904000111"), ("Đinh Công Sơn", "+84904000222")]


def test_article_plus_info_sheet_merge():
    article = """BÀI VIẾT VỀ GƯƠNG ĐIỂN HÌNH
Cô giáo Hoàng Thị Thu Trang – người gieo niềm yêu sách
Về công tác tại Trường Tiểu học Kim Đồng từ năm 2005, cô luôn tận tụy với học trò và đồng nghiệp trong mọi hoạt động của nhà trường.
Với sự nỗ lực không ngừng, cô đã đạt nhiều thành tích: giáo viên dạy giỏi cấp tỉnh năm 2022, được tặng Bằng khen của Chủ tịch UBND tỉnh năm 2023 và hướng dẫn học sinh đạt giải Nhất cuộc thi kể chuyện.
Những việc làm giản dị ấy đã lan tỏa tình yêu đọc sách tới nhiều thế hệ học sinh trong trường.
"""
    sheet = ("Họ tên: Hoàng Thị Thu Trang\nĐơn vị: Trường Tiểu học Kim Đồng\nĐịa chỉ: phường Tân Giang, TP. Hà Tĩnh\n"
             "Điện thoại: 0988 765 432\nEmail: trang.htt@gmail.com")
    sub = mail("Gửi bài viết và thông tin.", [
        docfile("Bài viết.docx", article), docfile("Thông tin liên hệ.docx", sheet),
        picture("Chân dung cô Trang.jpg"), docfile("SKKN - Đọc sách.docx", "SÁNG KIẾN KINH NGHIỆM\nTác giả: Hoàng Thị Thu Trang\nĐơn vị: Trường Tiểu học Kim Đồng"),
    ])
    d = one(sub)
    assert d.name == "Hoàng Thị Thu Trang"
    assert d.phone == "+84988765432" and d.email == "trang.htt@gmail.com"
    assert d.achievement_summary.startswith("Với sự nỗ lực không ngừng")
    assert "Những việc làm" not in d.achievement_summary
    assert d.photos == 1
    assert d.evidence == ["SKKN - Đọc sách.docx"]
    assert set(d.sources) == {"Bài viết.docx", "Thông tin liên hệ.docx"}
    assert d.status == "complete"


def test_body_only_submission_with_drive_link_and_quoted_thread():
    body = """Kính gửi Phòng GD&ĐT huyện.
Trường Tiểu học Sơn Kim gửi thông tin:
Họ và tên: Bùi Văn Toàn
Nơi công tác: Trường Tiểu học Sơn Kim
Địa chỉ: thôn 2, xã Sơn Kim, huyện Hương Sơn
Điện thoại: 0366 555 444
Gmail: toanbv.sk@gmail.com
Thành tích tiêu biểu:
- Giáo viên dạy giỏi cấp huyện.

- Chiến sĩ thi đua cơ sở.
Link minh chứng: https://drive.google.com/drive/folders/abcXYZ?usp=sharing.

Trân trọng cảm ơn!
--
Hiệu phó - Trường TH Sơn Kim
ĐT: 0239 3999 888
> Thư cũ: Họ và tên: Người Khác
"""
    d = one(mail(body))
    assert d.name == "Bùi Văn Toàn"
    assert d.phone == "+84366555444"
    assert d.email == "toanbv.sk@gmail.com"
    assert d.achievement_summary == "Giáo viên dạy giỏi cấp huyện\nChiến sĩ thi đua cơ sở"
    assert d.evidence == ["https://drive.google.com/drive/folders/abcXYZ?usp=sharing"]
    assert d.missing == ["photo"]


def test_unit_falls_back_to_body_then_signature():
    form = "Họ và tên: Lê Minh Tâm\nSĐT: 0977 000 999"
    d = one(mail("Trường THCS Nguyễn Trãi xin gửi hồ sơ của giáo viên." + SIGNATURE, [docfile("Ho so.docx", form)]))
    assert d.unit == "Trường THCS Nguyễn Trãi"
    d = one(mail("Gửi hồ sơ." + SIGNATURE, [docfile("Ho so.docx", form)]))
    assert d.unit == "Trường THCS Yên Hòa"


def test_empty_values_count_as_missing():
    form = ("Họ và tên: Lê Minh Tâm\nĐịa chỉ: ............\nSĐT: (đang cập nhật)\nEmail: không có\n"
            "Tóm tắt thành tích: -\nMinh chứng: chưa có")
    d = one(mail("", [docfile("Ho so.docx", form)]))
    assert d.missing == ["achievement_summary", "address", "phone", "email", "photo", "evidence"]


def test_reply_supplying_items_names_the_nominee():
    body = ("Trường xin gửi bổ sung hồ sơ của thầy Ngô Quang Huy:\nSĐT của thầy Ngô Quang Huy: 0909 123 456\n"
            "Link minh chứng: https://1drv.ms/f/s!Abc?e=xyz\n\nTrân trọng!\n"
            "----- Original Message -----\n> Họ và tên: Ngô Quang Huy\n> Email: huy@gmail.com")
    d = one(mail(body, [picture("Ảnh thầy Huy.jpg")], subject="Re: Hồ sơ"))
    assert d.name == "Ngô Quang Huy"
    assert d.phone == "+84909123456"
    assert d.email is None  # the quoted original is not re-read
    assert d.photos == 1
    assert d.evidence == ["https://1drv.ms/f/s!Abc?e=xyz"]


def test_cover_letter_only_gives_nothing():
    letter = ("V/v đề nghị biểu dương điển hình tiên tiến\nKính gửi: Vụ Thi đua - Khen thưởng.\n"
              "Hồ sơ gồm: bài viết, thông tin (họ và tên, tóm tắt thành tích, địa chỉ liên lạc, điện thoại, ảnh, email).\n"
              "Nơi nhận:\n- Như trên;")
    assert extract_drafts(mail("Gửi công văn.", [docfile("Cong van de nghi.docx", letter)])) == []


def test_decision_listing_names_is_evidence_not_a_profile():
    decision = docfile("QD.docx", "QUYẾT ĐỊNH\nVề việc công nhận danh hiệu", tables=[
        [["TT", "Họ và tên", "Chức vụ", "Đơn vị"], ["1", "Trần Văn Một", "Giáo viên", "Trường A"],
         ["2", "Lê Thị Hai", "Giáo viên", "Trường A"]]])
    d = one(mail("", [docfile("Ho so.docx", KV_FORM), decision]))
    assert d.name == "Nguyễn Thị Mai Anh"
    assert d.evidence == ["QD.docx"]


def test_key_values_from_parser_are_used():
    f = docfile("Form.pdf", "", key_values=[("Họ và tên", "Đỗ Văn Lực"), ("Số điện thoại", "0911 222 333"),
                                              ("Tóm tắt thành tích", "Giáo viên giỏi")])
    d = one(mail("", [f]))
    assert (d.name, d.phone, d.achievement_summary) == ("Đỗ Văn Lực", "+84911222333", "Giáo viên giỏi")


def test_pdf_flattened_table_without_colons():
    text = ("PHIẾU THÔNG TIN\nNội dung Thông tin\nHọ tên Mai Xuân Thành\nNăm sinh 1980\n"
            "Đơn vị công tác Trường THCS Đông Sơn\nĐịa chỉ liên lạc Số 1 đường Lê Lợi,\nTP. Thanh Hóa\n"
            "Số điện thoại 0348 111 222\nEmail thanhmx@gmail.com\nThành tích nổi bật - Giáo viên giỏi cấp tỉnh\n"
            "năm 2023.\n- Chiến sĩ thi đua cơ sở.\nXÁC NHẬN CỦA THỦ TRƯỞNG")
    d = one(mail("", [docfile("Thong tin.pdf", text, fmt="pdf")]))
    assert d.name == "Mai Xuân Thành"
    assert d.address == "Số 1 đường Lê Lợi, TP. Thanh Hóa"
    assert d.phone == "+84348111222"
    assert d.achievement_summary == "Giáo viên giỏi cấp tỉnh năm 2023\nChiến sĩ thi đua cơ sở"


def test_several_pairs_on_one_line_and_honorific_name():
    text = "Họ và tên: Cô giáo Lưu Thị Ngọc   Chức vụ: Tổ trưởng\nĐiện thoại: 0933 444 555 - Email: ngoc.lt@gmail.com"
    d = one(mail("", [docfile("Ho so.docx", text)]))
    assert d.name == "Lưu Thị Ngọc"
    assert d.phone == "+84933444555"
    assert d.email == "ngoc.lt@gmail.com"


def test_zip_members_grouped_by_folder_for_two_nominees():
    def member(folder, name, text=""):
        f = docfile(name, text) if text else picture(name)
        path = f"Ho so.zip/{folder}/{name}"
        if f.document is not None:
            f.document.source = path
        else:
            f.image.name = path
        return f
    files = [
        member("A", "Phieu.docx", "Họ và tên: Tạ Văn An\nSĐT: 0912 000 001"),
        member("A", "Anh.jpg"),
        member("B", "Phieu.docx", "Họ và tên: Kiều Thị Bình\nSĐT: 0912 000 002"),
        member("B", "Anh.jpg"),
    ]
    drafts = extract_profiles(mail("", files))
    assert [d.photos for d in drafts] == [1, 1]


# ------------------------------------------------------------ robustness

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st

from extract.model import FileInfo  # noqa: E402
from parsers.document import Document, Paragraph, Table  # noqa: E402

_words = st.sampled_from(["Họ và tên:", "SĐT:", "Email:", "- ", "Trường THCS A", "0912345678", "a@b.vn", ":", "",
                          "Thành tích:", "Mô hình 1:", "TT", "TÊN MÔ HÌNH", "LĨNH VỰC", "TÊN ĐƠN VỊ", "....", "\n",
                          "https://drive.google.com/x", "(", ")", "Đ/c", "NGÀY 1 THÁNG 2 NĂM 2024", "--", ">"])
_text = st.lists(_words, max_size=12).map(" ".join)
_cell = st.one_of(st.none(), _text)


@settings(max_examples=150, deadline=None)
@given(paras=st.lists(_text, max_size=12), rows=st.lists(st.lists(_cell, min_size=0, max_size=5), max_size=6),
       body=_text)
@example(paras=[], rows=[["Họ và tên:", "Trường THCS A", "Mô hình 1:"], [None, None, None, "Trường THCS A"]],
         body="")  # a data row longer than the header row (found by hypothesis)
def test_never_crashes_on_odd_documents(paras, rows, body):
    d = Document(source="x.docx", format="docx", paragraphs=[Paragraph(p) for p in paras], tables=[Table(rows=rows)],
                 key_values=[("Họ tên", body)])
    sub = mail(body, [FileInfo(name="x.docx", content_type="", document=d), FileInfo(name="", content_type="")])
    for draft in extract_drafts(sub):
        assert draft.status in ("complete", "incomplete")


def test_value_on_the_line_after_its_label_and_colon_in_table_cells():
    text = "Họ và tên:\nPHAN THANH HƯƠNG\nSố điện thoại:\n0912 888 777"
    rows = [["Địa chỉ liên lạc:", "Xóm 3, xã Nghi Phú, TP. Vinh"], ["Email\nhuongpt@gmail.com", ""]]
    d = one(mail("", [docfile("Ho so.docx", text, tables=[rows])]))
    assert (d.name, d.phone) == ("Phan Thanh Hương", "+84912888777")
    assert d.address == "Xóm 3, xã Nghi Phú, TP. Vinh"
    assert d.email == "huongpt@gmail.com"


def test_summary_from_prose_in_the_body_when_no_label_gives_it():
    body = ("Kính gửi Phòng GD&ĐT.\nHọ và tên: Trịnh Văn Lâm\nSĐT: 0919 222 111\n"
            "Thầy Lâm nhiều năm liền đạt danh hiệu Chiến sĩ thi đua cơ sở và được tặng Giấy khen của UBND huyện năm 2023.\n"
            "Trân trọng!")
    d = one(mail(body))
    assert d.achievement_summary.startswith("Thầy Lâm nhiều năm liền")


def test_no_summary_is_invented_from_ordinary_sentences():
    body = ("Thực hiện Công văn số 12/PGDĐT về việc báo cáo điển hình tiên tiến, trường gửi hồ sơ như sau:\n"
            "Họ và tên: Trịnh Văn Lâm\nSĐT: 0919 222 111\n1. Minh chứng thành tích\nTrân trọng!")
    d = one(mail(body))
    assert d.achievement_summary is None and "achievement_summary" in d.missing


def test_achievements_kept_in_a_table_and_pairs_with_ignored_labels():
    text = "Họ và tên: Nguyễn Hữu Phước   Năm sinh: 1979\nEmail: phuoc.nh@gmail.com\nThành tích:"
    awards = [["TT", "Năm học", "Danh hiệu thi đua", "Số, ngày quyết định"],
              ["1", "2021-2022", "Chiến sĩ thi đua cơ sở", "QĐ 12/QĐ-UBND"],
              ["2", "2022-2023", "Bằng khen của Chủ tịch UBND tỉnh", "QĐ 88/QĐ-UBND"]]
    d = one(mail("", [docfile("Bao cao thanh tich.docx", text, tables=[awards])]))
    assert d.name == "Nguyễn Hữu Phước"
    assert d.achievement_summary == ("2021-2022 - Chiến sĩ thi đua cơ sở - QĐ 12/QĐ-UBND\n"
                                     "2022-2023 - Bằng khen của Chủ tịch UBND tỉnh - QĐ 88/QĐ-UBND")


def test_outlook_quote_is_cut_but_inline_forward_is_read():
    quoted = ("Gửi bổ sung ảnh cho hồ sơ của cô Đặng Thu Hà.\nTừ: Trường TH A <tha@edu.vn>\nĐã gửi: 12/3/2024\n"
              "Họ và tên: Người Cũ\nSĐT: 0912 000 000")
    d = one(mail(quoted, [picture("Ảnh chân dung.jpg")]))
    assert d.name == "Đặng Thu Hà" and d.phone is None
    forwarded = ("Kính chuyển hồ sơ.\n---------- Forwarded message ---------\nFrom: Trường TH A <tha@edu.vn>\n"
                 "Date: 12/3/2024\nHọ và tên: Lại Văn Tuấn\nSĐT: 0912 000 123\nThành tích: Giáo viên giỏi.")
    d = one(mail(forwarded))
    assert (d.name, d.phone) == ("Lại Văn Tuấn", "+84912000123")


def test_article_found_by_content_and_product_prose_stays_evidence():
    article = ("Cô giáo Lò Thị Xuân – ánh sáng nơi bản xa\n"
               "Hơn mười năm gắn bó với điểm trường bản Pá Khoang, cô Xuân đã vận động hàng chục học sinh trở lại lớp, "
               "tự tay dựng lại thư viện nhỏ cho các em trong những tháng mùa mưa.\n"
               "Cô nhiều năm đạt danh hiệu Chiến sĩ thi đua cơ sở, được tặng Bằng khen của Chủ tịch UBND tỉnh năm 2023 "
               "và là giáo viên dạy giỏi cấp tỉnh năm học 2022-2023.\n")
    plan = ("KẾ HOẠCH TỔ CHỨC NGÀY HỘI ĐỌC SÁCH\n"
            "Nhằm phát triển văn hóa đọc trong nhà trường, tổ chức các hoạt động giới thiệu sách, thi kể chuyện theo sách "
            "và trưng bày sản phẩm đọc của học sinh các khối lớp trong toàn trường.\n"
            "Thời gian tổ chức vào tuần thứ ba của tháng tư, địa điểm tại sân trường và thư viện, thành phần gồm toàn bộ "
            "giáo viên và học sinh; kinh phí từ nguồn xã hội hóa của nhà trường.\n")
    sheet = "Họ và tên: Lò Thị Xuân\nSĐT: 0915 000 321\nEmail: xuanlt@gmail.com\nĐịa chỉ: bản Pá Khoang, Điện Biên"
    d = one(mail("", [docfile("Gioi thieu.docx", article), docfile("Thong tin.docx", sheet),
                      docfile("Ke hoach ngay hoi.docx", plan)]))
    assert d.achievement_summary.startswith("Cô nhiều năm đạt danh hiệu")
    assert d.evidence == ["Ke hoach ngay hoi.docx"]
    assert set(d.sources) == {"Gioi thieu.docx", "Thong tin.docx"}


def test_person_named_inside_a_form_is_not_a_second_nominee():
    text = ("Tên tập thể: Tổ Ngữ văn\nĐịa chỉ: Trường THCS Lý Tự Trọng\nSĐT: 0912 555 666\n"
            "Họ tên tổ trưởng: Phan Văn Đức\nThành tích: Tập thể lao động xuất sắc.")
    drafts = extract_profiles(mail("", [docfile("Ho so to.docx", text)]))
    assert [d.name for d in drafts] == ["Tổ Ngữ văn"]


def test_labelled_items_inside_an_achievement_list_stay_in_it():
    text = ("Họ và tên: Mạc Văn Hòa\nThành tích đạt được:\n- Giải Nhất: hội thi giáo viên giỏi cấp huyện.\n"
            "Danh hiệu: Chiến sĩ thi đua cơ sở năm 2023.\nMinh chứng: https://drive.google.com/file/d/xyz")
    d = one(mail("", [docfile("Ho so.docx", text)]))
    assert d.achievement_summary == ("Giải Nhất: hội thi giáo viên giỏi cấp huyện\n"
                                     "Danh hiệu: Chiến sĩ thi đua cơ sở năm 2023")
    assert d.evidence == ["https://drive.google.com/file/d/xyz"]
